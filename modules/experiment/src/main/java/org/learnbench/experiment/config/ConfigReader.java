package org.learnbench.experiment.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads an experiment config (YAML) or a resolved config (as a manifest records it) into an {@link
 * ExperimentConfig}, through the settings' declarations ({@link ExperimentSettings}, {@link
 * OptimizerSettings}): every value is checked where it is read, so a mistake is reported with the file,
 * line and key, and keys no setting reads are rejected as unknown. The format is documented in
 * experiments/README.md, whose key reference is generated from the same declarations.
 */
public final class ConfigReader {
    private ConfigReader() {}

    /** Reads, validates and resolves a config file. */
    public static ExperimentConfig read(Path file) {
        ConfigNode root = ConfigNode.load(file);
        if (root.keys().contains("tasks") || root.keys().contains("study")) {
            throw new ConfigException(
                    file,
                    root.line(),
                    "",
                    "this is a study file (it has " + (root.keys().contains("tasks") ? "tasks:" : "study:")
                            + "); run it with: learnbench study " + file);
        }
        return read(file, root);
    }

    /** Reads an experiment from a mapping of {@code file}; paths resolve against the file's folder. */
    public static ExperimentConfig read(Path file, ConfigNode root) {
        return ExperimentSettings.EXPERIMENT.read(root, new Scope(null, null), file);
    }

    /**
     * Rebuilds an experiment from its resolved config, directly from the recorded values: {@code record}
     * names where they come from (a manifest) in messages, and relative dataset paths resolve against the
     * folder of the original config file {@code source}.
     */
    public static ExperimentConfig fromResolved(Map<String, ?> resolved, Path source, Path record) {
        ConfigNode node = ConfigNode.ofPlain(record, "config", resolved);
        return ExperimentSettings.EXPERIMENT.read(node, new Scope(null, null), source);
    }
}
