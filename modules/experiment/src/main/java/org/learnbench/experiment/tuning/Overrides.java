package org.learnbench.experiment.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A copy of an optimizer's YAML section with some settings set to a trial's values: each dotted key's value
 * replaced (or added, with any missing enclosing mappings), the new nodes marked at the line that asked for
 * them, so that a value the optimizer refuses is reported at the search space's line.
 */
public final class Overrides {
    private Overrides() {}

    /**
     * The section with every {@code key -> text} of {@code values} set; {@code marks} gives each key the
     * position its errors point at.
     *
     * @throws IllegalArgumentException naming the key when a part of its path holds a single value rather
     *     than a mapping
     */
    public static MappingNode apply(MappingNode section, Map<String, String> values, Map<String, Mark> marks) {
        MappingNode out = section;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = set(out, e.getKey().split("\\."), 0, e.getValue(), marks.get(e.getKey()), e.getKey());
        }
        return out;
    }

    private static MappingNode set(MappingNode node, String[] path, int depth, String text, Mark mark, String key) {
        List<NodeTuple> tuples = new ArrayList<>();
        boolean found = false;
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(path[depth])) {
                found = true;
                tuples.add(new NodeTuple(t.getKeyNode(), child(t.getValueNode(), path, depth, text, mark, key)));
            } else {
                tuples.add(t);
            }
        }
        if (!found) {
            ScalarNode k = new ScalarNode(Tag.STR, path[depth], mark, mark, DumperOptions.ScalarStyle.PLAIN);
            tuples.add(new NodeTuple(k, child(null, path, depth, text, mark, key)));
        }
        return new MappingNode(Tag.MAP, tuples, node.getFlowStyle());
    }

    private static Node child(Node existing, String[] path, int depth, String text, Mark mark, String key) {
        if (depth == path.length - 1) {
            return new ScalarNode(Tag.STR, text, mark, mark, DumperOptions.ScalarStyle.PLAIN);
        }
        if (existing == null) {
            MappingNode empty = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
            return set(empty, path, depth + 1, text, mark, key);
        }
        if (existing instanceof MappingNode m) {
            return set(m, path, depth + 1, text, mark, key);
        }
        throw new IllegalArgumentException(key + ": " + String.join(".", java.util.Arrays.copyOf(path, depth + 1))
                + " is written as a single value; write it as a mapping to search one of its keys");
    }
}
