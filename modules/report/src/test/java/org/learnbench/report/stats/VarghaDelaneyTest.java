package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VarghaDelaneyTest {
    @Test
    void identicalSamplesGiveOneHalf() {
        double[] x = {3, 1, 4, 1, 5};
        assertEquals(0.5, VarghaDelaney.a12(x, x.clone()), 0);
    }

    @Test
    void aSampleEntirelyAboveTheOtherGivesOneAndBelowGivesZero() {
        double[] low = {1, 2, 3};
        double[] high = {4, 5};
        assertEquals(1.0, VarghaDelaney.a12(high, low), 0);
        assertEquals(0.0, VarghaDelaney.a12(low, high), 0);
    }

    @Test
    void tiesCountAsHalfAWinInASmallHandExample() {
        // x = {1, 2, 2, 3}, y = {2, 3, 3, 4, 5}: wins 0 + 0.5 + 0.5 + (1 + 2 * 0.5) = 3 of 20 pairs.
        assertEquals(3.0 / 20, VarghaDelaney.a12(new double[] {1, 2, 2, 3}, new double[] {2, 3, 3, 4, 5}), 1e-15);
        assertEquals(17.0 / 20, VarghaDelaney.a12(new double[] {2, 3, 3, 4, 5}, new double[] {1, 2, 2, 3}), 1e-15);
    }

    @Test
    void magnitudesFollowVarghaAndDelaneysThresholdsSymmetrically() {
        assertEquals("negligible", VarghaDelaney.magnitude(0.5));
        assertEquals("negligible", VarghaDelaney.magnitude(0.559));
        assertEquals("small", VarghaDelaney.magnitude(0.56));
        assertEquals("small", VarghaDelaney.magnitude(0.44));
        assertEquals("medium", VarghaDelaney.magnitude(0.64));
        assertEquals("medium", VarghaDelaney.magnitude(0.36));
        assertEquals("large", VarghaDelaney.magnitude(0.71));
        assertEquals("large", VarghaDelaney.magnitude(0.29));
        assertEquals("large", VarghaDelaney.magnitude(0.0));
        assertThrows(IllegalArgumentException.class, () -> VarghaDelaney.magnitude(1.1));
    }
}
