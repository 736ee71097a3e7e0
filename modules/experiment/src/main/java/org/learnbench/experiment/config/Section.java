package org.learnbench.experiment.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A configurable component: its settings, declared once and in order (a default may depend on the
 * settings before it), and how to build the component from their values. Reading a mapping and
 * resolving a built component back into a mapping are both derived from the declarations.
 *
 * @param <O> the component built
 */
public final class Section<O> {
    private final String title;
    private final List<Setting<O>> settings;
    private final Function<Values, O> build;

    private Section(String title, List<Setting<O>> settings, Function<Values, O> build) {
        this.title = title;
        this.settings = List.copyOf(settings);
        this.build = build;
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Setting<O> s : settings) {
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException(title + ": setting " + s.key() + " is declared twice");
            }
        }
    }

    /** A section of the given settings, built by {@code build} from their values. */
    @SafeVarargs
    public static <O> Section<O> of(String title, Function<Values, O> build, Setting<O>... settings) {
        return new Section<>(title, List.of(settings), build);
    }

    /** What the key reference calls this section, e.g. "optimizer: backprop". */
    public String title() {
        return title;
    }

    public List<Setting<O>> settings() {
        return settings;
    }

    /** Reads the mapping, builds the component, and rejects keys no setting read. */
    public O read(ConfigNode node, Values outer) {
        O built = readShared(node, outer);
        node.finish();
        return built;
    }

    /** Reads and builds without rejecting unread keys: for sections whose keys share their parent's mapping. */
    O readShared(ConfigNode node, Values outer) {
        Values values = outer.nested(node);
        for (Setting<O> s : settings) {
            s.read(node, values);
        }
        try {
            return build.apply(values);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(node.file(), node.line(), node.qualify(""), e.getMessage());
        }
    }

    /**
     * Reads a top-level mapping in a given scope, for an experiment from the config file {@code source}
     * (relative paths resolve against its folder).
     */
    public O read(ConfigNode node, Scope scope, java.nio.file.Path source) {
        Values root = new Values(node, null, scope, source);
        return read(node, root);
    }

    /** The built component as a resolved mapping: every setting that applies, in declaration order. */
    public Map<String, Object> resolve(O object, Scope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting<O> s : settings) {
            s.resolve(object, scope, out);
        }
        return out;
    }
}
