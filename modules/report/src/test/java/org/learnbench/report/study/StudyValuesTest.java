package org.learnbench.report.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;
import org.learnbench.report.stats.Curve;

/** Clocks, colours, run curves and the reading of curves on a grid. */
class StudyValuesTest {
    private static final Clocks CLOCKS = new Clocks(3, 10, 4, 5, 6, 7, 8, 2_500_000_000L, 100, 200, 300);

    private static Checkpoint at(long evaluations, long iterations, double loss) {
        return new Checkpoint(
                new Clocks(iterations, 0, 0, evaluations, 0, 0, 0, 0, 0, 0, 0), Double.NaN, Map.of("loss", loss));
    }

    @Test
    void eachClockReadsItsCounterFromTheClocks() {
        assertEquals(3, Clock.ITERATIONS.of(CLOCKS));
        assertEquals(18, Clock.SAMPLE_FORWARD_PASSES.of(CLOCKS), "forward plus two per backward pass");
        assertEquals(8, Clock.FLOPS.of(CLOCKS));
        assertEquals(2.5, Clock.WALL_SECONDS.of(CLOCKS));
        assertEquals(5, Clock.EVALUATIONS.of(CLOCKS));
        assertEquals(6, Clock.ENV_STEPS.of(CLOCKS));
        assertEquals(7, Clock.EPISODES.of(CLOCKS));
    }

    @Test
    void countsThatSpanDecadesGetALogAxisAndLabelsAreAxisReady() {
        assertTrue(Clock.SAMPLE_FORWARD_PASSES.logScale());
        assertTrue(Clock.FLOPS.logScale());
        assertTrue(Clock.EVALUATIONS.logScale());
        assertTrue(Clock.ENV_STEPS.logScale());
        assertFalse(Clock.ITERATIONS.logScale());
        assertFalse(Clock.WALL_SECONDS.logScale());
        assertEquals("sample-forward-passes", Clock.SAMPLE_FORWARD_PASSES.label());
    }

    @Test
    void optimizerColoursAreDistinctAndFollowTheGivenOrder() {
        OptimizerColors colors = new OptimizerColors(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
        assertEquals(
                8, new HashSet<>(colors.optimizers().stream().map(colors::of).toList()).size());
        OptimizerColors swapped = new OptimizerColors(List.of("b", "a"));
        assertEquals(colors.of("a"), swapped.of("b"));
        assertEquals(new Color(0x00, 0x72, 0xb2), colors.of("a"));
    }

    @Test
    void optimizerColoursRejectDuplicatesAndUnknownNames() {
        IllegalArgumentException twice =
                assertThrows(IllegalArgumentException.class, () -> new OptimizerColors(List.of("ga", "cmaes", "ga")));
        assertTrue(twice.getMessage().contains("ga"), twice.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> new OptimizerColors(List.of("ga")).of("pg"));
        assertTrue(unknown.getMessage().contains("pg"), unknown.getMessage());
    }

    @Test
    void coloursInOrderOfAppearanceFollowTheRuns() {
        OptimizerColors colors = OptimizerColors.inOrderOfAppearance(StudyFixture.runs());
        assertEquals(List.of("backprop", "ga", "cmaes"), colors.optimizers());
    }

    @Test
    void aRunCurveCopiesItsCheckpointsAndNeedsNames() {
        List<Checkpoint> checkpoints = new ArrayList<>(List.of(at(0, 0, 1)));
        RunCurve run = new RunCurve("t", "ga", 1, "budget", checkpoints);
        checkpoints.add(at(1, 1, 0.5));
        assertEquals(1, run.checkpoints().size());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RunCurve("t", " ", 1, "budget", List.of()));
        assertTrue(e.getMessage().contains("optimizer"), e.getMessage());
    }

    @Test
    void checkpointsAtTheSameClockValueCollapseToTheLastOfThem() {
        RunCurve run = new RunCurve(
                "t", "backprop", 1, "budget", List.of(at(0, 0, 3), at(0, 1, 2), at(5, 2, 1), at(5, 3, 0.5)));
        Curve evaluations = StudyCurves.curve(run, "loss", Clock.EVALUATIONS);
        assertArrayEquals(new double[] {0, 5}, evaluations.budgets());
        assertArrayEquals(new double[] {2, 0.5}, evaluations.values());
    }

    @Test
    void aClockGoingBackwardsIsRejected() {
        RunCurve run = new RunCurve("t", "ga", 9, "budget", List.of(at(5, 0, 3), at(4, 1, 2)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StudyCurves.curve(run, "loss", Clock.EVALUATIONS));
        assertTrue(e.getMessage().contains("5.0") && e.getMessage().contains("4.0"), e.getMessage());
    }

    @Test
    void infiniteValuesAreTreatedAsMissing() {
        RunCurve run = new RunCurve("t", "ga", 1, "diverged", List.of(at(1, 0, 1), at(2, 1, Double.POSITIVE_INFINITY)));
        assertTrue(
                Double.isNaN(StudyCurves.curve(run, "loss", Clock.EVALUATIONS).values()[1]));
    }

    @Test
    void aLogGridIsGeometricFromTheFirstPositiveClockToTheShortestRun() {
        List<Curve> curves = List.of(
                new Curve(new double[] {0, 10, 1000}, new double[] {1, 2, 3}),
                new Curve(new double[] {0, 20, 100}, new double[] {1, 2, 3}));
        double[] grid = StudyCurves.grid(curves, true, 3);
        assertArrayEquals(new double[] {10, Math.sqrt(10 * 100), 100}, grid, 1e-9);
        assertEquals(0, StudyCurves.grid(List.of(new Curve(new double[] {0}, new double[] {1})), true, 5).length);
    }
}
