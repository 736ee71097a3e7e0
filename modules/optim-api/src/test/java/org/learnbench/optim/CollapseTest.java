package org.learnbench.optim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run whose kept solution blew up late is flagged COLLAPSED; ordinary noise is not. */
class CollapseTest {
    private static final List<Metric> METRICS = List.of(
            Metric.of(Metric.Split.TRAIN, "loss", Metric.Kind.LOSS, Metric.Direction.LOWER_IS_BETTER, ""),
            Metric.of(Metric.Split.TEST, "loss", Metric.Kind.LOSS, Metric.Direction.LOWER_IS_BETTER, ""));

    private static List<Checkpoint> run(double... trainLoss) {
        List<Checkpoint> out = new ArrayList<>();
        for (int i = 0; i < trainLoss.length; i++) {
            out.add(new Checkpoint(
                    new Clocks(i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                    trainLoss[i],
                    Map.of("train_loss", trainLoss[i], "test_loss", 1.0)));
        }
        return out;
    }

    @Test
    void aLossThatEndsFarAboveItsBestAndAboveItsStartIsACollapse() {
        // The shape seen on Ames: a bandit learner reached 0.04, then ended at 25 (its start was about 1).
        String why = RunLoop.collapse(run(1.0, 0.2, 0.04, 0.05, 25), METRICS);
        assertNotNull(why);
        assertTrue(why.contains("train_loss") && why.contains("625x"), why);
    }

    @Test
    void noiseNearABestNearZeroIsNotACollapse() {
        // 100x its best, but still far below where it started: converged training with minibatch noise.
        assertNull(RunLoop.collapse(run(2.3, 0.01, 1e-6, 1e-4), METRICS));
    }

    @Test
    void aLossThatNeverImprovedIsNotACollapse() {
        assertNull(RunLoop.collapse(run(1.0, 1.1, 1.2, 1.3), METRICS));
    }

    @Test
    void testDataNeverDecides() {
        List<Checkpoint> checkpoints = new ArrayList<>();
        double[] test = {1.0, 0.01, 50};
        for (int i = 0; i < test.length; i++) {
            checkpoints.add(new Checkpoint(
                    new Clocks(i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0.5, Map.of("train_loss", 0.5, "test_loss", test[i])));
        }
        assertNull(RunLoop.collapse(checkpoints, METRICS));
    }
}
