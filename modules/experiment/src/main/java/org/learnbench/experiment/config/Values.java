package org.learnbench.experiment.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a section's settings as they are read (given or defaulted), with the enclosing
 * section's values and the scope: what defaults and builders consult.
 */
public final class Values {
    private final ConfigNode node;
    private final Values outer;
    private final Scope scope;
    private final java.nio.file.Path source;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Values(ConfigNode node, Values outer, Scope scope, java.nio.file.Path source) {
        this.node = node;
        this.outer = outer;
        this.scope = scope;
        this.source = source;
    }

    /** Values of a section nested in this one. */
    Values nested(ConfigNode child) {
        return new Values(child, this, null, source);
    }

    /** The config file the experiment comes from (a study's, for a study run). */
    public java.nio.file.Path sourceFile() {
        return source;
    }

    /** The config file's name without .yaml: the default experiment name. */
    public String sourceName() {
        return source.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /** The folder relative paths (datasets) resolve against: the config file's. */
    public java.nio.file.Path base() {
        return source.toAbsolutePath().getParent();
    }

    void put(String key, Object value) {
        values.put(key, value);
    }

    /** The task and budget read so far, here or in an enclosing section (or the scope given at the top). */
    public Scope scope() {
        TaskConfig task = null;
        org.learnbench.optim.Budget budget = null;
        for (Values v = this; v != null; v = v.outer) {
            if (task == null && v.values.get("task") instanceof TaskConfig t) {
                task = t;
            }
            if (budget == null && v.values.get("budget") instanceof org.learnbench.optim.Budget b) {
                budget = b;
            }
            if (v.scope != null) {
                task = task == null ? v.scope.task() : task;
                budget = budget == null ? v.scope.budget() : budget;
            }
        }
        return new Scope(task, budget);
    }

    /** The value of a setting of this section, or of the nearest enclosing section that has one. */
    public Object get(String key) {
        for (Values v = this; v != null; v = v.outer) {
            if (v.values.containsKey(key)) {
                return v.values.get(key);
            }
        }
        throw new IllegalStateException("no setting '" + key + "' was read before it was needed");
    }

    public double d(String key) {
        return (Double) get(key);
    }

    public int i(String key) {
        return (Integer) get(key);
    }

    public long l(String key) {
        return (Long) get(key);
    }

    public boolean b(String key) {
        return (Boolean) get(key);
    }

    public String s(String key) {
        return (String) get(key);
    }

    @SuppressWarnings("unchecked")
    public <T> T as(String key) {
        return (T) get(key);
    }

    /** A mistake about a key of this section, at its line: for checks that involve several settings. */
    public ConfigException error(String key, String message) {
        return node.error(key, message);
    }
}
