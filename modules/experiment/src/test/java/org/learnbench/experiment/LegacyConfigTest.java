package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.LegacyConfig;
import org.learnbench.optim.ga.GeneticAlgorithm;

/** Runs recorded in hash format 1 are read with today's declarations, or refused with the reason. */
class LegacyConfigTest {
    private static Map<String, Object> formatOne(Map<String, Object> optimizer) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "old");
        c.put("description", "");
        c.put("task", new LinkedHashMap<>(Map.of("type", "cartpole", "evaluation_episodes", 2)));
        c.put(
                "network",
                new LinkedHashMap<>(
                        Map.of("hidden", List.of(8), "activation", "tanh", "init", "xavier_uniform", "dropout", 0.0)));
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("iterations", 5);
        budget.put("sample_forward_passes", null);
        budget.put("target", null);
        c.put("budget", budget);
        c.put("optimizer", optimizer);
        c.put("checkpoints", Map.of("every", 1));
        c.put("seeds", List.of(1));
        return c;
    }

    @Test
    void aPolicyGradientSgdRecordIsRefusedBecauseItsMomentumWasNeverRecorded() {
        Map<String, Object> record =
                formatOne(new LinkedHashMap<>(Map.of("type", "policy_gradient", "rule", "sgd", "learning_rate", 0.01)));
        assertTrue(LegacyConfig.gap(record).orElse("").contains("momentum"));
        Map<String, Object> adam = formatOne(
                new LinkedHashMap<>(Map.of("type", "policy_gradient", "rule", "adam", "learning_rate", 0.01)));
        assertFalse(LegacyConfig.gap(adam).isPresent());
    }

    @Test
    void aGeneticRecordWithoutCrossoverIsReadAsTheSameAlgorithm() {
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("type", "genetic");
        optimizer.put("preset", "deep_ga");
        optimizer.put("population", 10);
        optimizer.put("crossover", new LinkedHashMap<>(Map.of("type", "none", "probability", 0.0)));
        Map<String, Object> record = formatOne(optimizer);
        ExperimentConfig config = LegacyConfig.read(record, Path.of("old.yaml"), Path.of("manifest.json"));
        GeneticAlgorithm ga = (GeneticAlgorithm) config.optimizer();
        assertEquals(10, ga.population());
        assertEquals(0.02, ga.mutation().sigma()); // the deep_ga preset's default, as format 1 ran it
        assertTrue(LegacyConfig.intact(record, ConfigHash.ofResolved(record)));
        record.put("optimizer", Map.of("type", "genetic", "population", 11));
        assertFalse(LegacyConfig.intact(record, ConfigHash.ofResolved(formatOne(optimizer))));
    }
}
