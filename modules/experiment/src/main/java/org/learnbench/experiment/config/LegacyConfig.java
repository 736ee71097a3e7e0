package org.learnbench.experiment.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs recorded in an earlier hash format: 1 (before configs were resolved from the settings'
 * declarations) or 2 (before a CSV task recorded its {@code image} shape and input {@code scaling}). Their
 * resolved config is read with today's declarations after adaptations (format 1 recorded the content
 * digest as {@code dataset_sha256}, and a GA without crossover its probability 0; a CSV task of either
 * format was tabular and standardised per column, which is {@code scaling: standard}), and each record is
 * checked against the hash it was recorded with ({@link #intact}), so report, verify and resume treat them
 * like any run. One gap cannot be bridged: format 1 did not record a
 * policy-gradient learner's SGD momentum, so such a run's settings are unknown.
 */
public final class LegacyConfig {
    private LegacyConfig() {}

    /** Why a format-1 record cannot be rebuilt faithfully, if it cannot. */
    public static Optional<String> gap(Map<String, Object> recorded) {
        if (recorded.get("optimizer") instanceof Map<?, ?> o
                && "policy_gradient".equals(o.get("type"))
                && "sgd".equals(o.get("rule"))) {
            return Optional.of("it was recorded in hash format 1, which did not record a policy-gradient "
                    + "learner's SGD momentum, so its settings are unknown; run it again");
        }
        return Optional.empty();
    }

    /** True when the recorded (format 1 or 2) hash is the hash of the recorded config (the record is intact). */
    public static boolean intact(Map<String, Object> recorded, Object recordedHash) {
        return ConfigHash.ofResolved(recorded).equals(recordedHash);
    }

    /** The experiment a format-1 or format-2 resolved config describes (check {@link #gap} first). */
    @SuppressWarnings("unchecked")
    public static ExperimentConfig read(Map<String, Object> recorded, Path source, Path record) {
        Map<String, Object> config = new LinkedHashMap<>(recorded);
        if (config.get("task") instanceof Map<?, ?> t) {
            Map<String, Object> task = new LinkedHashMap<>((Map<String, Object>) t);
            Object digest = task.remove("dataset_sha256");
            if (digest != null) {
                task.put("sha256", digest);
            }
            if (task.containsKey("dataset") && !task.containsKey("type") || "csv".equals(task.get("type"))) {
                task.putIfAbsent("scaling", "standard");
            }
            config.put("task", task);
        }
        if (config.get("optimizer") instanceof Map<?, ?> o
                && o.get("crossover") instanceof Map<?, ?> c
                && "none".equals(c.get("type"))) {
            Map<String, Object> optimizer = new LinkedHashMap<>((Map<String, Object>) o);
            optimizer.put("crossover", Map.of("type", "none"));
            config.put("optimizer", optimizer);
        }
        return ConfigReader.fromResolved(config, source, record);
    }
}
