package org.learnbench.experiment.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Selecting a tuned entry's best trial: on validation only, never on test data. */
class TrialSelectionTest {
    /** Recorded columns of fake runs, by file name; remembers every column asked for. */
    private static final class Recorded implements TrialSelection.Columns {
        final Map<String, Map<String, double[]>> runs = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        Recorded run(String file, double[] validationAccuracy, double[] validationLoss, double[] testAccuracy) {
            runs.put(
                    file,
                    Map.of(
                            "validation_accuracy", validationAccuracy,
                            "validation_loss", validationLoss,
                            "test_accuracy", testAccuracy));
            return this;
        }

        @Override
        public Map<String, double[]> read(Path metricsCsv, Set<String> names) {
            asked.addAll(names);
            Map<String, double[]> all = runs.getOrDefault(metricsCsv.toString(), Map.of());
            Map<String, double[]> out = new HashMap<>();
            names.forEach(n -> {
                if (all.containsKey(n)) {
                    out.put(n, all.get(n));
                }
            });
            return out;
        }
    }

    private static TrialSelection.TrialRuns trial(int index, String... files) {
        return new TrialSelection.TrialRuns(
                index, List.of(files).stream().map(Path::of).toList());
    }

    @Test
    void selectsTheValidationBestAndNeverReadsTheTestSplit() {
        // Trial 2 is best on test, trial 3 on validation (mean over its two seeds): 3 must win.
        Recorded columns = new Recorded()
                .run("t1a", new double[] {0.5, 0.80}, new double[] {1, 0.6}, new double[] {0.5, 0.80})
                .run("t1b", new double[] {0.5, 0.82}, new double[] {1, 0.6}, new double[] {0.5, 0.80})
                .run("t2a", new double[] {0.5, 0.84}, new double[] {1, 0.5}, new double[] {0.5, 0.99})
                .run("t2b", new double[] {0.5, 0.84}, new double[] {1, 0.5}, new double[] {0.5, 0.99})
                .run("t3a", new double[] {0.5, 0.90}, new double[] {1, 0.4}, new double[] {0.5, 0.70})
                .run("t3b", new double[] {0.5, 0.86}, new double[] {1, 0.4}, new double[] {0.5, 0.70});
        TrialSelection.Result result = TrialSelection.select(
                List.of(trial(1, "t1a", "t1b"), trial(2, "t2a", "t2b"), trial(3, "t3a", "t3b")),
                "validation_accuracy",
                true,
                false,
                columns);
        assertEquals(3, result.selected());
        assertEquals(0.88, result.scores().get(2).score(), 1e-12);
        assertEquals(List.of(0.90, 0.86), result.scores().get(2).perSeed());
        assertTrue(columns.asked.stream().noneMatch(c -> c.startsWith("test_")), "asked for " + columns.asked);
        assertThrows(
                IllegalArgumentException.class,
                () -> TrialSelection.select(List.of(trial(1, "t1a")), "test_accuracy", true, false, columns));
    }

    @Test
    void aBestValidationReportJudgesTheCheckpointOfLowestValidationLoss() {
        // Trial 1 ends worse but had a better checkpoint (lowest validation loss at row 1: accuracy 0.95).
        Recorded columns = new Recorded()
                .run("t1", new double[] {0.5, 0.95, 0.70}, new double[] {1, 0.2, 0.9}, new double[] {0, 0, 0})
                .run("t2", new double[] {0.5, 0.80, 0.85}, new double[] {1, 0.5, 0.4}, new double[] {0, 0, 0});
        List<TrialSelection.TrialRuns> trials = List.of(trial(1, "t1"), trial(2, "t2"));
        assertEquals(
                2,
                TrialSelection.select(trials, "validation_accuracy", true, false, columns)
                        .selected());
        assertEquals(
                1,
                TrialSelection.select(trials, "validation_accuracy", true, true, columns)
                        .selected());
    }

    @Test
    void tiesGoToTheLowerValidationLossAndFailedTrialsNeverWin() {
        Recorded columns = new Recorded()
                .run("t1", new double[] {0.9}, new double[] {0.5}, new double[] {0})
                .run("t2", new double[] {0.9}, new double[] {0.3}, new double[] {0})
                .run("t3", new double[] {Double.NaN}, new double[] {Double.NaN}, new double[] {1});
        TrialSelection.Result r = TrialSelection.select(
                List.of(trial(1, "t1"), trial(2, "t2"), trial(3, "t3"), trial(4, "missing")),
                "validation_accuracy",
                true,
                false,
                columns);
        assertEquals(2, r.selected());
        assertTrue(Double.isNaN(r.scores().get(3).score()));
        // Lower is better for a loss: the lowest wins.
        assertEquals(
                2,
                TrialSelection.select(List.of(trial(1, "t1"), trial(2, "t2")), "validation_loss", false, false, columns)
                        .selected());
        // Nothing recorded anywhere: nothing selected.
        assertEquals(
                0,
                TrialSelection.select(List.of(trial(1, "missing")), "validation_accuracy", true, false, columns)
                        .selected());
    }
}
