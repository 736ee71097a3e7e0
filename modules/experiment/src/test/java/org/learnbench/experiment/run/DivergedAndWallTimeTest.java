package org.learnbench.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;

/**
 * A diverged run is charted up to its divergence, a restored best epoch is found as such; verify names a
 * wall-time stop as why rows differ.
 */
class DivergedAndWallTimeTest {
    private static Checkpoint at(long iteration, double train, double validation) {
        return new Checkpoint(
                new Clocks(iteration, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                train,
                Map.of("train_loss", train, "validation_loss", validation));
    }

    @Test
    void aDivergedCurveStopsBeforeTheValuesExplode() {
        List<Checkpoint> run = List.of(
                at(0, 2.0, 2.1), at(1, 1.5, 1.6), at(2, 3.0, 2.0), at(3, 5e5, 3.0), at(4, Double.NaN, Double.NaN));
        List<Checkpoint> shown = ExperimentRunner.untilDivergence(List.of("train_loss", "validation_loss"), run);
        assertEquals(
                List.of(0L, 1L, 2L), shown.stream().map(Checkpoint::iteration).toList());
    }

    @Test
    void aCurveThatNeverExplodesIsShownWhole() {
        List<Checkpoint> run = List.of(at(0, 2.0, 2.1), at(1, 900, 1.6));
        assertEquals(
                2, ExperimentRunner.untilDivergence(List.of("train_loss"), run).size());
    }

    @Test
    void theKeptCheckpointOfARestoredRunIsTracedToItsEpoch() {
        List<String> series = List.of("train_loss", "validation_loss");
        List<Checkpoint> restored =
                List.of(at(0, 2.0, 2.1), at(1, 1.0, 1.2), at(2, 0.5, 0.9), at(3, 0.4, 1.1), at(3, 1.0, 1.2));
        assertEquals(1L, ExperimentRunner.restoredFrom(series, restored).iteration());
        List<Checkpoint> trained = List.of(at(0, 2.0, 2.1), at(1, 1.0, 1.2), at(2, 0.5, 0.9));
        assertNull(
                ExperimentRunner.restoredFrom(series, trained), "a kept solution with new values is the trained one");
        List<Checkpoint> oneSeriesOnly = List.of(at(0, 2.0, 2.1), at(1, 1.0, 1.2), at(2, 1.0, 0.9));
        assertNull(ExperimentRunner.restoredFrom(series, oneSeriesOnly), "every charted series must agree");
    }

    @Test
    void verifyNamesAWallTimeStop() {
        Map<String, Object> recorded =
                Map.of("termination", "BUDGET_EXHAUSTED", "termination_detail", "wall time budget of 3 s reached");
        Map<String, Object> again =
                Map.of("termination", "BUDGET_EXHAUSTED", "termination_detail", "iteration budget of 50 reached");
        String reason = Replay.wallTimeStop(recorded, again);
        assertTrue(
                reason.startsWith("the recorded run stopped at its wall-time limit (wall time budget of 3 s"), reason);
        assertTrue(Replay.wallTimeStop(again, recorded).startsWith("the re-run stopped"));
        assertNull(Replay.wallTimeStop(again, again));
    }
}
