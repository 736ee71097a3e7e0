package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TargetsTest {
    @Test
    void theIssuesRunAtTwentySevenThirtyFirstsReachesItsOwnTarget() {
        // Rounding half-up made 27/31 = 0.870968 into the target 0.871, which that very run misses.
        double run = 27 / 31.0;
        assertEquals(0.870, Targets.towardEasy(run, true, 3), 0);
        assertTrue(Targets.towardEasy(run, true, 3) <= run);
        // Lower is better: a loss of 0.870968 gives the target 0.871.
        assertEquals(0.871, Targets.towardEasy(run, false, 3), 0);
        assertEquals(-0.871, Targets.towardEasy(-run, true, 3), 0);
        assertEquals(12400, Targets.towardEasy(12_345.6, false, 3), 0);
        assertEquals(0, Targets.towardEasy(0, true, 3), 0);
    }

    @Test
    void automaticTargetsAreEasyMiddleAndHardQuartilesOfTheRunsInTheirDirection() {
        double[] accuracies = {0.5, 0.6, 0.7, 0.8, 0.9};
        // Worst to best: 0.5 ... 0.9; indices floor(4 q) = 1, 2, 3.
        assertArrayEquals(new double[] {0.6, 0.7, 0.8}, Targets.automatic(accuracies, true), 0);
        // As losses, the worst is 0.9: 0.8, 0.7, 0.6, easiest (largest) first.
        assertArrayEquals(new double[] {0.8, 0.7, 0.6}, Targets.automatic(accuracies, false), 0);
        // Six runs: floor(5 q) = 1, 2, 3 -- the easy-side neighbours of the interpolated quantiles.
        double[] six = {0.11, 0.22, 0.33, 0.44, 0.55, 0.66};
        assertArrayEquals(new double[] {0.22, 0.33, 0.44}, Targets.automatic(six, true), 0);
        assertArrayEquals(new double[] {0.55, 0.44, 0.33}, Targets.automatic(six, false), 0);
        // Diverged runs are left out; equal quartiles collapse into one target.
        assertArrayEquals(
                new double[] {1.0},
                Targets.automatic(new double[] {1, 1, 1, Double.NaN, Double.NEGATIVE_INFINITY}, true),
                0);
    }

    @Test
    void everyRunAtAPercentileReachesTheTargetDerivedFromItInBothDirections() {
        SplittableRandom random = new SplittableRandom(31);
        double[] levels = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(40);
            double[] finals = new double[n];
            double scale = Math.pow(10, random.nextInt(-6, 6));
            for (int i = 0; i < n; i++) {
                // Values with more digits than a target keeps, of any sign and magnitude, some repeated.
                finals[i] = i > 0 && random.nextInt(5) == 0
                        ? finals[i - 1]
                        : (random.nextDouble() - 0.3) * scale + (trial % 7 == 0 ? 27 / 31.0 : 0);
            }
            for (boolean higher : new boolean[] {true, false}) {
                double[] sorted = finals.clone();
                Arrays.sort(sorted);
                for (double q : levels) {
                    double[] target = Targets.fromQuantiles(finals, new double[] {q}, higher, 3);
                    assertEquals(1, target.length);
                    // The run at the q-th quantile of the runs ordered worst to best, and every better run,
                    // reaches the target; so do at least n (1 - q) runs.
                    int k = (int) Math.floor((n - 1) * q);
                    double atPercentile = higher ? sorted[k] : sorted[n - 1 - k];
                    String where = Arrays.toString(finals) + ", q = " + q + ", higher = " + higher;
                    assertTrue(higher ? atPercentile >= target[0] : atPercentile <= target[0], where);
                    long reaching = Arrays.stream(finals)
                            .filter(v -> higher ? v >= target[0] : v <= target[0])
                            .count();
                    assertTrue(reaching >= n * (1 - q) - 1e-9, where);
                }
                // The easiest automatic target is reached by at least 3/4 of the runs, every one by at least 1/4.
                double[] automatic = Targets.automatic(finals, higher);
                for (int i = 0; i < automatic.length; i++) {
                    double t = automatic[i];
                    long reaching = Arrays.stream(finals)
                            .filter(v -> higher ? v >= t : v <= t)
                            .count();
                    assertTrue(reaching >= (i == 0 ? 0.75 : 0.25) * n, Arrays.toString(finals) + " target " + t);
                }
            }
        }
    }

    @Test
    void exactTargetsKeepTheRunsOwnValue() {
        double[] finals = {0.870968, 0.91, 0.3};
        assertArrayEquals(new double[] {0.870968}, Targets.fromQuantiles(finals, new double[] {0.5}, true, 0), 0);
    }

    @Test
    void noFiniteFinalValueIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Targets.automatic(new double[] {Double.NaN}, true));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Targets.fromQuantiles(new double[] {1}, new double[] {1.5}, true, 3));
    }
}
