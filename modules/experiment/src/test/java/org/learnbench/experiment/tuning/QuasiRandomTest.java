package org.learnbench.experiment.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.optim.SeedStreams;

class QuasiRandomTest {
    @Test
    void radicalInversesAreTheDigitsMirrored() {
        assertEquals(0.5, QuasiRandom.radicalInverse(1, 2));
        assertEquals(0.25, QuasiRandom.radicalInverse(2, 2));
        assertEquals(0.75, QuasiRandom.radicalInverse(3, 2));
        assertEquals(1.0 / 3 + 1.0 / 9, QuasiRandom.radicalInverse(4, 3), 1e-15);
    }

    @Test
    void trialsFillTheSpaceMoreEvenlyThanIndependentDrawsAtTheSameCount() {
        // Fixed seeds; the L2-star discrepancy of 64 points in 3 dimensions, quasi-random against uniform.
        int n = 64;
        int d = 3;
        double[][] quasi = new double[n][];
        QuasiRandom q = new QuasiRandom(d, new SeedStreams(7).stream(SeedStreams.TRIALS));
        for (int i = 0; i < n; i++) {
            quasi[i] = q.next();
            for (double v : quasi[i]) {
                assertTrue(v >= 0 && v < 1);
            }
        }
        double meanRandom = 0;
        for (int rep = 0; rep < 20; rep++) {
            SplittableRandom r = new SplittableRandom(rep);
            double[][] random = new double[n][d];
            for (double[] x : random) {
                for (int k = 0; k < d; k++) {
                    x[k] = r.nextDouble();
                }
            }
            double disc = QuasiRandom.l2StarDiscrepancy(random);
            meanRandom += disc / 20;
        }
        double quasiDisc = QuasiRandom.l2StarDiscrepancy(quasi);
        assertTrue(quasiDisc < 0.6 * meanRandom, "quasi " + quasiDisc + " vs random mean " + meanRandom);
    }
}
