package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PowerTest {
    @Test
    void fivePairedSeedsCanReachNoLowerThanOneSixteenthAndThreeQuartersAfterHolmOverTwelve() {
        // 2 of the 2^5 = 32 sign patterns are as extreme as all-positive: 2/32 = 0.0625.
        assertEquals(0.0625, Power.smallestP(Power.paired(5)), 0);
        assertEquals(0.75, Power.smallestAttainable(Power.paired(5), 12), 1e-15);
        assertFalse(Power.canReach(Power.paired(5), 12, 0.05));
        assertFalse(Power.canReach(Power.paired(5), 1, 0.05));
        // 6 pairs alone: 2/64 = 0.03125 <= 0.05, but not after 2 comparisons (0.0625).
        assertTrue(Power.canReach(Power.paired(6), 1, 0.05));
        assertFalse(Power.canReach(Power.paired(6), 2, 0.05));
        assertEquals(1.0, Power.smallestP(Power.paired(1)), 0);
        assertEquals(1.0, Power.smallestAttainable(Power.paired(3), 12), 0);
    }

    @Test
    void mannWhitneyDesignsReachTwoOverTheNumberOfSplits() {
        // 5 and 5: C(10, 5) = 252 splits, 2 as extreme as complete separation.
        assertEquals(2 / 252.0, Power.smallestP(Power.unpaired(5, 5)), 1e-17);
        // 3 and 4: C(7, 3) = 35.
        assertEquals(2 / 35.0, Power.smallestP(Power.unpaired(4, 3)), 1e-17);
        assertEquals(12 * 2 / 252.0, Power.smallestAttainable(Power.unpaired(5, 5), 12), 1e-15);
        assertFalse(Power.canReach(Power.unpaired(5, 5), 12, 0.05));
        assertTrue(Power.canReach(Power.unpaired(5, 5), 6, 0.05));
    }

    @Test
    void smallestPIsWhatTheTestsReturnForTheMostExtremeSamples() {
        for (int n = 1; n <= 40; n++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i + 1;
            }
            assertEquals(
                    PairedTest.wilcoxon("x", x, "0", new double[n]).pValue(),
                    Power.smallestP(Power.paired(n)),
                    1e-15,
                    "n = " + n);
        }
        for (int n1 = 1; n1 <= 36; n1 += 5) {
            for (int n2 = 1; n2 <= 36; n2 += 7) {
                double[] low = new double[n1];
                double[] high = new double[n2];
                for (int i = 0; i < n1; i++) {
                    low[i] = i;
                }
                for (int i = 0; i < n2; i++) {
                    high[i] = 1000 + i;
                }
                double fromTest = PairedTest.mannWhitney("l", low, "h", high).pValue();
                assertEquals(fromTest, Power.smallestP(Power.unpaired(n1, n2)), fromTest * 1e-12, n1 + " and " + n2);
            }
        }
    }

    @Test
    void seedsNeededIsTheFirstDesignThatCanReachTheLevel() {
        // Wilcoxon over 12 comparisons: 12 x 2/2^8 = 0.094 > 0.05, 12 x 2/2^9 = 0.047 <= 0.05.
        assertEquals(9, Power.seedsNeeded(true, 12, 0.05));
        assertEquals(6, Power.seedsNeeded(true, 1, 0.05));
        // Mann-Whitney over 12: 12 x 2/C(12, 6) = 0.026 <= 0.05, 12 x 2/C(10, 5) = 0.095.
        assertEquals(6, Power.seedsNeeded(false, 12, 0.05));
        assertEquals(Power.seedsNeeded(true, 12, 0.05), Power.seedsNeeded(true, 12, 0.05));
    }

    @Test
    void badDesignsAndLevelsAreRejectedWithTheValues() {
        assertEquals(
                "a paired design needs at least 1 pair, got 0",
                assertThrows(IllegalArgumentException.class, () -> Power.paired(0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Power.unpaired(3, 0));
        assertThrows(IllegalArgumentException.class, () -> Power.smallestAttainable(Power.paired(5), 0));
        var e = assertThrows(IllegalArgumentException.class, () -> Power.canReach(Power.paired(5), 12, 1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }
}
