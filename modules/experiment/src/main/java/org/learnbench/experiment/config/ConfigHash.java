package org.learnbench.experiment.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash that identifies a run's settings: SHA-256 of the resolved config as compact JSON, without
 * what does not change a result (name, description, seeds, where the dataset file lives: its content's
 * digest stays). Manifests record it with its {@link #FORMAT}; runs recorded before formats were recorded
 * are format 1; formats 1 and 2 are read through {@link LegacyConfig}.
 */
public final class ConfigHash {
    /**
     * The current format: the resolved config generated from the settings' declarations (format 1 was
     * written by hand per optimizer, and missed settings such as policy gradient's momentum), with a CSV
     * task's {@code image} and {@code scaling} recorded (format 2 had neither: its CSV tasks were tabular and
     * standardised per column). A perceptron's network section is resolved exactly as in format 2.
     */
    public static final int FORMAT = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigHash() {}

    /** The hash of an experiment's settings in the current format. */
    public static String of(ExperimentConfig config) {
        return ofResolved(config.resolved());
    }

    /** The hash of a resolved config (current format, or format 1 for a format-1 record). */
    public static String ofResolved(Map<String, Object> resolved) {
        Map<String, Object> hashed = new LinkedHashMap<>(resolved);
        hashed.remove("seeds");
        hashed.remove("name");
        hashed.remove("description");
        if (hashed.get("task") instanceof Map<?, ?> task && task.containsKey("dataset")) {
            Map<Object, Object> copy = new LinkedHashMap<>(task);
            copy.remove("dataset");
            hashed.put("task", copy);
        }
        try {
            byte[] canonical = JSON.writeValueAsBytes(hashed);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the config", e);
        }
    }
}
