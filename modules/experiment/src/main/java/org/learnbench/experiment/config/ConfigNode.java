package org.learnbench.experiment.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping of a config file that remembers where each key stands, so every error can name the
 * file, the line and the dotted key. Reading a key marks it used; {@link #finish()} rejects the keys
 * that nobody read (typos), listing the keys that were expected.
 */
public final class ConfigNode {
    private final Path file;
    private final String path;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> expected = new LinkedHashSet<>();
    /** Grid points of a study: for a dotted key whose value is a list, the index of the item to read. */
    private final Map<String, Integer> picks;
    /** This mapping's dotted path below the section the picks were given for. */
    private final String relativePath;
    /** A plain tree (a resolved config), where null stands for "not set", not for a value forgotten. */
    private boolean plain;

    private ConfigNode(Path file, String path, MappingNode node, Map<String, Integer> picks, String relativePath) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.picks = picks;
        this.relativePath = relativePath;
        for (NodeTuple t : node.getValue()) {
            Node key = t.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                throw new ConfigException(file, line(key), path, "keys must be plain names");
            }
            if (entries.put(scalar.getValue(), t) != null) {
                throw new ConfigException(file, line(key), qualify(scalar.getValue()), "key appears twice");
            }
        }
    }

    /** Wraps a mapping node parsed from {@code file} (for configs assembled from another file's nodes). */
    public static ConfigNode of(Path file, MappingNode node) {
        return new ConfigNode(file, "", node, Map.of(), "");
    }

    /**
     * A section of {@code file} at the dotted {@code path}, read with one item picked from each listed
     * grid axis: where {@code picks} maps a dotted key (relative to this section) to an index, the key's
     * list value reads as that item alone. This is how a study reads one point of an optimizer's grid
     * straight from its own nodes, so errors keep the item's line.
     */
    public static ConfigNode of(Path file, String path, MappingNode node, Map<String, Integer> picks) {
        return new ConfigNode(file, path, node, Map.copyOf(picks), "");
    }

    /**
     * A plain tree of maps, lists and scalars (a resolved config as a manifest records it) as a config
     * mapping; errors name {@code file} and the dotted key, without a line.
     */
    public static ConfigNode ofPlain(Path file, String path, Map<String, ?> tree) {
        Node n = new org.yaml.snakeyaml.representer.Representer(new DumperOptions()).represent(plainCopy(tree));
        if (!(n instanceof MappingNode mapping)) {
            throw new ConfigException(file, 0, path, "expected a mapping");
        }
        ConfigNode plainNode = new ConfigNode(file, path, mapping, Map.of(), "");
        plainNode.plain = true;
        return plainNode;
    }

    /** A copy of a tree in the plain collection classes the YAML representer knows (not immutable ones). */
    private static Object plainCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plainCopy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plainCopy(v)));
            return out;
        }
        return value;
    }

    /** Parses a YAML file whose top level is a mapping. */
    public static ConfigNode load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "cannot read the file: " + e.getMessage());
        }
        return parse(file, new java.io.StringReader(text));
    }

    static ConfigNode parse(Path file, Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, "", "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(file, 0, "", "the file is empty (expected an experiment config)");
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ConfigException(file, line(root), "", "expected a mapping of keys to values at the top level");
        }
        return new ConfigNode(file, "", mapping, Map.of(), "");
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    public Path file() {
        return file;
    }

    /** Line of this mapping's first key. */
    public int line() {
        return line(node);
    }

    /** The dotted path of a key of this mapping. */
    public String qualify(String key) {
        return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
    }

    public boolean has(String key) {
        expected.add(key);
        return entries.containsKey(key)
                && !(entries.get(key).getValueNode() instanceof ScalarNode s
                        && s.getTag().equals(Tag.NULL));
    }

    /** True when the key stands in the mapping with no value ({@code key:} and nothing after it). */
    public boolean isEmpty(String key) {
        NodeTuple t = entries.get(key);
        return !plain
                && t != null
                && t.getValueNode() instanceof ScalarNode s
                && s.getTag().equals(Tag.NULL);
    }

    private Node value(String key) {
        expected.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        Integer pick = picks.get(relative(key));
        if (pick != null && v instanceof SequenceNode seq) {
            return seq.getValue().get(pick);
        }
        return v;
    }

    /** The key's path relative to the section the picks were given for. */
    private String relative(String key) {
        return relativePath.isEmpty() ? key : relativePath + "." + key;
    }

    /** The key's value as a message quotes it: 'x' for a single value, [a, b] for a list of them. */
    public String text(String key) {
        Node v = value(key);
        if (v instanceof SequenceNode seq && seq.getValue().stream().allMatch(n -> n instanceof ScalarNode)) {
            return seq.getValue().stream()
                    .map(n -> ((ScalarNode) n).getValue())
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        return v == null ? "nothing" : describe(v);
    }

    /** True when the key's value is a mapping. */
    public boolean isMapping(String key) {
        NodeTuple t = entries.get(key);
        return t != null && t.getValueNode() instanceof MappingNode;
    }

    /** True when the key's value is a list of single values: a grid axis when it stands in a study's optimizer. */
    public boolean isListOfScalars(String key) {
        NodeTuple t = entries.get(key);
        return t != null
                && t.getValueNode() instanceof SequenceNode seq
                && seq.getValue().stream().allMatch(n -> n instanceof ScalarNode);
    }

    /** An error about a key of this mapping, at the key's line (or the mapping's when absent). */
    public ConfigException error(String key, String message) {
        NodeTuple t = entries.get(key);
        return new ConfigException(file, t == null ? line() : line(t.getKeyNode()), qualify(key), message);
    }

    private ConfigException expectedButGot(String key, Node value, String what) {
        return new ConfigException(file, line(value), qualify(key), "expected " + what + ", got " + describe(value));
    }

    private static String describe(Node n) {
        if (n instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "a mapping";
    }

    /** The underlying YAML mapping (for configs assembled from this file's nodes). */
    public MappingNode mappingNode() {
        return node;
    }

    /** The keys present in this mapping, in file order. */
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    /** A required nested mapping. */
    public ConfigNode map(String key) {
        Node v = value(key);
        if (v == null) {
            throw error(key, "missing (expected a mapping)");
        }
        if (!(v instanceof MappingNode m)) {
            throw expectedButGot(key, v, "a mapping");
        }
        ConfigNode child = new ConfigNode(file, qualify(key), m, picks, relative(key));
        child.plain = plain;
        return child;
    }

    /** An empty mapping standing for the absent key (marked as read): a section that takes all its defaults. */
    public ConfigNode emptyChild(String key) {
        expected.add(key);
        MappingNode empty = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        return new ConfigNode(file, qualify(key), empty, picks, relative(key));
    }

    /** A nested mapping, or null when the key is absent. */
    public ConfigNode optionalMap(String key) {
        return has(key) ? map(key) : null;
    }

    /** A required string. */
    public String string(String key) {
        Node v = value(key);
        if (v == null) {
            throw error(key, "missing (expected a value)");
        }
        if (!(v instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
            throw expectedButGot(key, v, "a single value");
        }
        return s.getValue();
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    /** A string that must be one of the choices (case-insensitive); returned in lower case. */
    public String choice(String key, String fallback, List<String> choices) {
        if (!has(key)) {
            value(key);
            return fallback;
        }
        String v = string(key).toLowerCase(java.util.Locale.ROOT);
        if (!choices.contains(v)) {
            throw expectedButGot(key, value(key), "one of " + String.join(", ", choices));
        }
        return v;
    }

    public double number(String key, double fallback) {
        if (!has(key)) {
            value(key);
            return fallback;
        }
        Node v = value(key);
        if (v instanceof ScalarNode s) {
            try {
                double d = Double.parseDouble(s.getValue().replace("_", ""));
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw expectedButGot(key, v, "a number");
    }

    /** A number that must satisfy a condition, e.g. positive; {@code what} says which, e.g. "a positive number". */
    public double number(String key, double fallback, java.util.function.DoublePredicate valid, String what) {
        double d = number(key, fallback);
        if (has(key) && !valid.test(d)) {
            throw expectedButGot(key, value(key), what);
        }
        return d;
    }

    public long integer(String key, long fallback) {
        if (!has(key)) {
            value(key);
            return fallback;
        }
        Node v = value(key);
        if (v instanceof ScalarNode s) {
            try {
                return Long.parseLong(s.getValue().replace("_", ""));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw expectedButGot(key, v, "a whole number");
    }

    /** A whole number >= min. */
    public long integer(String key, long fallback, long min) {
        long n = integer(key, fallback);
        if (has(key) && n < min) {
            throw expectedButGot(key, value(key), "a whole number >= " + min);
        }
        return n;
    }

    /** A whole number in [min, Integer.MAX_VALUE], for sizes and counts held in an int. */
    public int intValue(String key, int fallback, int min) {
        long n = integer(key, fallback, min);
        if (n > Integer.MAX_VALUE) {
            throw expectedButGot(key, value(key), "a whole number <= " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            value(key);
            return fallback;
        }
        Node v = value(key);
        if (v instanceof ScalarNode s) {
            String t = s.getValue().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return t.equals("true");
            }
        }
        throw expectedButGot(key, v, "true or false");
    }

    /** A list of scalars as strings (a single scalar counts as a list of one); empty when absent. */
    public List<String> strings(String key) {
        if (!has(key)) {
            value(key);
            return List.of();
        }
        Node v = value(key);
        List<String> out = new ArrayList<>();
        if (v instanceof ScalarNode s) {
            out.add(s.getValue());
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            throw expectedButGot(key, v, "a list");
        }
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw new ConfigException(
                        file,
                        line(item),
                        qualify(key),
                        "expected a list of single values, got " + describe(item) + " inside it");
            }
            out.add(s.getValue());
        }
        return out;
    }

    /**
     * A list of mappings, each read as a config mapping of its own at {@code key[i]}; a single value in the
     * list stands for the mapping {@code {shorthand: value}} (so {@code - relu} reads as {@code - type:
     * relu}). Errors name the item's line.
     */
    public List<ConfigNode> items(String key, String shorthand) {
        Node v = value(key);
        if (v == null) {
            throw error(key, "missing (expected a list)");
        }
        if (!(v instanceof SequenceNode seq)) {
            throw expectedButGot(key, v, "a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            MappingNode mapping;
            if (item instanceof MappingNode m) {
                mapping = m;
            } else if (item instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                ScalarNode name = new ScalarNode(
                        Tag.STR, shorthand, s.getStartMark(), s.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
                List<NodeTuple> tuples = new ArrayList<>();
                tuples.add(new NodeTuple(name, s));
                mapping = new MappingNode(
                        Tag.MAP, true, tuples, s.getStartMark(), s.getEndMark(), DumperOptions.FlowStyle.FLOW);
            } else {
                throw new ConfigException(
                        file,
                        line(item),
                        qualify(key) + "[" + i + "]",
                        "expected a mapping or a single name, got " + describe(item));
            }
            ConfigNode child = new ConfigNode(file, qualify(key) + "[" + i + "]", mapping, Map.of(), "");
            child.plain = plain;
            out.add(child);
        }
        return out;
    }

    /** A list of whole numbers >= min; a single number counts as a list of one. */
    public List<Long> integers(String key, long min) {
        List<Long> out = new ArrayList<>();
        for (String s : strings(key)) {
            long n;
            try {
                n = Long.parseLong(s.replace("_", ""));
            } catch (NumberFormatException e) {
                throw expectedButGot(key, value(key), "a list of whole numbers (found '" + s + "')");
            }
            if (n < min || n > Integer.MAX_VALUE) {
                throw expectedButGot(key, value(key), "whole numbers >= " + min + " (found " + n + ")");
            }
            out.add(n);
        }
        return out;
    }

    /** Rejects keys that were never read, naming the ones that are expected here. */
    public void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!expected.contains(e.getKey())) {
                throw new ConfigException(
                        file,
                        line(e.getValue().getKeyNode()),
                        qualify(e.getKey()),
                        "unknown key" + suggestion(e.getKey()) + " (expected one of: " + String.join(", ", expected)
                                + ")");
            }
        }
    }

    /** " (did you mean 'x'?)" for a key within two edits of an expected one, ignoring case; else "". */
    private String suggestion(String key) {
        return org.learnbench.tasks.data.NearestName.of(key, expected)
                .map(best -> ": did you mean '" + best + "'?")
                .orElse("");
    }
}
