package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpectedMaximumTest {
    @Test
    void theExactCurveEqualsTheMeanOverEverySubsetOfKTrials() {
        double[] validation = {0.61, 0.93, 0.42, 0.93, 0.77, 0.05};
        double[] test = {0.60, 0.90, 0.40, 0.88, 0.70, 0.10};
        for (boolean higher : new boolean[] {true, false}) {
            ExpectedMaximum.Point[] curve = ExpectedMaximum.curve(validation, test, higher);
            int n = validation.length;
            for (int k = 1; k <= n; k++) {
                double sumV = 0;
                double sumT = 0;
                int subsets = 0;
                for (int mask = 0; mask < 1 << n; mask++) {
                    if (Integer.bitCount(mask) != k) {
                        continue;
                    }
                    // The subset's validation-best trial; on a tie the later-sorted one, as the estimator orders them.
                    int best = -1;
                    for (int i = 0; i < n; i++) {
                        if ((mask >> i & 1) == 1
                                && (best < 0
                                        || (higher
                                                ? validation[i] >= validation[best]
                                                : validation[i] <= validation[best]))) {
                            best = i;
                        }
                    }
                    sumV += validation[best];
                    sumT += test[best];
                    subsets++;
                }
                assertEquals(sumV / subsets, curve[k - 1].validation(), 1e-12, "validation, k = " + k);
                assertEquals(sumT / subsets, curve[k - 1].test(), 1e-12, "test, k = " + k);
            }
            assertEquals(higher ? 0.93 : 0.05, curve[n - 1].validation(), 1e-15);
        }
    }

    @Test
    void theBandContainsTheCurveAndNarrowsTowardTheBest() {
        SplittableRandom r = new SplittableRandom(5);
        double[] validation = new double[20];
        double[] test = new double[20];
        for (int i = 0; i < 20; i++) {
            validation[i] = r.nextDouble();
            test[i] = validation[i] + 0.01 * r.nextGaussian();
        }
        ExpectedMaximum.Point[] curve = ExpectedMaximum.curve(validation, test, true);
        double[][] band = ExpectedMaximum.band(validation, test, true, 0.95, 400, new SplittableRandom(1));
        for (int k = 0; k < 20; k++) {
            assertTrue(
                    band[0][k] <= curve[k].validation() + 1e-9 && curve[k].validation() <= band[1][k] + 0.05, "k " + k);
        }
        assertTrue(curve[19].validation() >= curve[0].validation());
    }
}
