package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DescriptiveTest {
    @Test
    void medianOfAnOddSampleIsItsMiddleValue() {
        assertEquals(3.0, Descriptive.median(new double[] {5, 1, 3}));
    }

    @Test
    void medianOfAnEvenSampleAveragesTheTwoMiddleValues() {
        assertEquals(2.5, Descriptive.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void quantilesInterpolateLikeRsDefaultType7() {
        // R: quantile(c(1, 2, 3, 4), c(0, .25, .9, 1)) gives 1, 1.75, 3.7, 4 (h = 3p).
        double[] sample = {3, 1, 4, 2};
        assertEquals(1.0, Descriptive.quantile(sample, 0), 1e-15);
        assertEquals(1.75, Descriptive.quantile(sample, 0.25), 1e-15);
        assertEquals(3.7, Descriptive.quantile(sample, 0.9), 1e-12);
        assertEquals(4.0, Descriptive.quantile(sample, 1), 1e-15);
    }

    @Test
    void quantileDoesNotReorderTheCallersSample() {
        double[] sample = {3, 1, 2};
        Descriptive.median(sample);
        assertEquals(3.0, sample[0]);
    }

    @Test
    void meanAndSampleStandardDeviationMatchHandValues() {
        double[] sample = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5.0, Descriptive.mean(sample), 1e-15);
        // Sum of squared deviations is 32, over n - 1 = 7.
        assertEquals(Math.sqrt(32.0 / 7), Descriptive.sd(sample), 1e-15);
    }

    @Test
    void emptySamplesAndNaNAreRejectedWithTheirSizeOrPosition() {
        var empty = assertThrows(IllegalArgumentException.class, () -> Descriptive.median(new double[0]));
        assertTrue(empty.getMessage().contains("got 0"), empty.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> Descriptive.mean(new double[] {1, Double.NaN}));
        assertTrue(nan.getMessage().contains("NaN at index 1"), nan.getMessage());
        var single = assertThrows(IllegalArgumentException.class, () -> Descriptive.sd(new double[] {1}));
        assertTrue(single.getMessage().contains("at least 2 values, got 1"), single.getMessage());
        var level = assertThrows(IllegalArgumentException.class, () -> Descriptive.quantile(new double[] {1}, 1.5));
        assertTrue(level.getMessage().contains("1.5"), level.getMessage());
    }

    @Test
    void quantilesBetweenEqualInfiniteValuesAreInfiniteNotNaN() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(inf, Descriptive.quantile(new double[] {1, inf, inf, inf}, 0.6), 0);
        assertEquals(inf, Descriptive.quantile(new double[] {1, 2, inf}, 0.75), 0);
        assertEquals(1.5, Descriptive.quantile(new double[] {1, 2, inf}, 0.25), 0);
    }
}
