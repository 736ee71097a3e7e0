package org.learnbench.experiment.config;

import java.nio.file.Path;

/**
 * A mistake in an experiment config, reported as one line naming the file, the line (when known), the
 * key and what was expected, e.g. {@code quick.yaml: line 12: optimizer.learning_rate: expected a
 * positive number, got -0.1}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;
    private final String key;
    private final String detail;

    public ConfigException(Path file, int line, String key, String message) {
        super(format(file, line, key, message));
        this.file = file;
        this.line = line;
        this.key = key;
        this.detail = message;
    }

    /** What was wrong, without the file, line and key. */
    public String detail() {
        return detail;
    }

    private static String format(Path file, int line, String key, String message) {
        StringBuilder s = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            s.append(": line ").append(line);
        }
        if (key != null && !key.isEmpty()) {
            s.append(": ").append(key);
        }
        return s.append(": ").append(message).toString();
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the offending key or value; 0 when unknown. */
    public int line() {
        return line;
    }

    /** The dotted key path, e.g. "optimizer.learning_rate"; may be empty. */
    public String key() {
        return key;
    }
}
