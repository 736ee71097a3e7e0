package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static double[] normalSample(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] sample = new double[n];
        for (int i = 0; i < n; i++) {
            sample[i] = random.nextGaussian();
        }
        return sample;
    }

    @Test
    void intervalOfTheMedianContainsTheSampleMedian() {
        double[] sample = {0.31, 0.12, 0.45, 0.27, 0.33, 0.29, 0.51, 0.18, 0.24, 0.36};
        Bootstrap.Interval ci = Bootstrap.medianCi(sample, new SplittableRandom(1));
        assertEquals(Descriptive.median(sample), ci.estimate(), 0);
        assertTrue(ci.contains(ci.estimate()), ci.toString());
        assertEquals(0.95, ci.level(), 0);
        assertTrue(ci.low() >= 0.12 && ci.high() <= 0.51, ci.toString());
    }

    @Test
    void aSeededGeneratorReproducesTheInterval() {
        double[] sample = normalSample(25, 3);
        var first = Bootstrap.ci(sample, Descriptive::median, 0.9, 2000, new SplittableRandom(42));
        var second = Bootstrap.ci(sample, Descriptive::median, 0.9, 2000, new SplittableRandom(42));
        assertEquals(first, second);
    }

    @Test
    void intervalNarrowsAsTheSampleGrows() {
        double small =
                Bootstrap.medianCi(normalSample(20, 5), new SplittableRandom(6)).width();
        double large = Bootstrap.medianCi(normalSample(500, 5), new SplittableRandom(6))
                .width();
        assertTrue(large < small / 2, "width " + large + " at n = 500 vs " + small + " at n = 20");
    }

    @Test
    void intervalOfTheMedianOfALargeNormalSampleIsCloseToTheAsymptoticOne() {
        // The sample median of n standard normal values is asymptotically normal with variance pi / (2 n),
        // so the 95% interval has half-width 1.96 sqrt(pi / 4000) = 0.0549 at n = 2000.
        int n = 2000;
        double[] sample = normalSample(n, 7);
        var ci = Bootstrap.medianCi(sample, new SplittableRandom(8));
        double halfWidth = 1.959964 * Math.sqrt(Math.PI / (2 * n));
        assertEquals(2 * halfWidth, ci.width(), 0.25 * 2 * halfWidth, ci.toString());
        assertEquals(ci.estimate(), (ci.low() + ci.high()) / 2, 0.25 * halfWidth, ci.toString());
    }

    @Test
    void anyStatisticCanBeBootstrappedWithoutTouchingTheSample() {
        double[] sample = {5, 1, 4, 2, 3};
        var ci = Bootstrap.ci(
                sample,
                values -> {
                    java.util.Arrays.sort(values);
                    return Descriptive.mean(values);
                },
                0.8,
                500,
                new SplittableRandom(2));
        assertEquals(3.0, ci.estimate(), 0);
        assertEquals(5.0, sample[0], 0);
        assertTrue(ci.low() < 3 && ci.high() > 3, ci.toString());
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        double[] sample = {1, 2, 3};
        var level = assertThrows(
                IllegalArgumentException.class,
                () -> Bootstrap.ci(sample, Descriptive::median, 1.0, 100, new SplittableRandom(1)));
        assertTrue(level.getMessage().contains("got 1.0"), level.getMessage());
        var resamples = assertThrows(
                IllegalArgumentException.class,
                () -> Bootstrap.ci(sample, Descriptive::median, 0.95, 0, new SplittableRandom(1)));
        assertTrue(resamples.getMessage().contains("got 0"), resamples.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.medianCi(new double[0], new SplittableRandom(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Bootstrap.ci(sample, v -> Double.NaN, 0.95, 10, new SplittableRandom(1)));
    }
}
