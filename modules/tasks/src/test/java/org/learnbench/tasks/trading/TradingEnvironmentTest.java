package org.learnbench.tasks.trading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.tasks.series.Series;
import org.learnbench.tasks.series.SeriesTransform;

class TradingEnvironmentTest {
    /** Daily returns in percent, 20 days. */
    static final double[] PERCENT = {1, -2, 0.5, 3, -1, 2, -0.5, 1.5, 0, -3, 2.5, 1, -1, 0.5, 2, -2, 1, 0.5, -0.5, 3};

    static TradingMarket market(double[] percent, int episodeLength) {
        return TradingMarket.of(
                Series.of("r", percent), "r", SeriesTransform.NONE, true, 2, 0.001, episodeLength, 0.2, 0.2);
    }

    @Test
    void periodsAreChronologicalSharesOfTheDays() {
        TradingMarket m = market(PERCENT, 3);
        assertEquals(12, m.trainEnd(), "20 days - 4 test - 4 validation");
        assertEquals(16, m.validationEnd());
        assertEquals(0.01, m.returns()[0], 1e-15, "percent become fractions");
    }

    @Test
    void rewardIsPositionTimesNextReturnMinusCostOfTheChange() {
        TradingMarket m = market(PERCENT, 3);
        TradingEnvironment env = m.environment();
        double[] obs = new double[3];
        env.start(1, 3, obs);
        assertArrayEquals(new double[] {m.observed()[0], m.observed()[1], 0}, obs, "two past values, then flat");
        assertEquals(0.005 - 0.001, env.step(2, obs), 1e-15, "long from flat: +r(2) - 1 x cost");
        assertEquals(1, obs[2]);
        assertEquals(-0.03 - 0.002, env.step(0, obs), 1e-15, "long to short: -r(3) - 2 x cost");
        assertEquals(-1, obs[2]);
        assertFalse(env.done());
        assertEquals(-0.001, env.step(1, obs), 1e-15, "short to flat: no return, 1 x cost");
        assertTrue(env.truncated());
        assertFalse(env.terminated());
        assertArrayEquals(new double[] {m.observed()[3], m.observed()[4], 0}, obs);
        assertThrows(IllegalStateException.class, () -> env.step(1, obs));
    }

    @Test
    void holdingCostsNothing() {
        TradingEnvironment env = market(PERCENT, 3).environment();
        double[] obs = new double[3];
        env.start(1, 3, obs);
        env.step(2, obs);
        assertEquals(0.03, env.step(2, obs), 1e-15);
    }

    @Test
    void observationsAreStandardisedWithTrainingDaysOnly() {
        double[] poisoned = PERCENT.clone();
        for (int t = 12; t < poisoned.length; t++) {
            poisoned[t] = 1e6;
        }
        TradingMarket a = market(PERCENT, 3);
        TradingMarket b = market(poisoned, 3);
        assertEquals(a.mean(), b.mean());
        assertEquals(a.sd(), b.sd());
        assertArrayEquals(java.util.Arrays.copyOf(a.observed(), 12), java.util.Arrays.copyOf(b.observed(), 12));
        double mean = 0;
        for (int t = 0; t < 12; t++) {
            mean += PERCENT[t] / 12;
        }
        assertEquals(mean, a.mean(), 1e-12);
    }

    @Test
    void trainingEpisodesAreDeterministicUnderASeedAndEarnOnlyTrainingReturns() {
        TradingMarket m = market(PERCENT, 4);
        TradingEnvironment one = m.environment();
        TradingEnvironment two = m.environment();
        SplittableRandom r1 = new SplittableRandom(42);
        SplittableRandom r2 = new SplittableRandom(42);
        java.util.Set<Integer> starts = new java.util.HashSet<>();
        for (int episode = 0; episode < 200; episode++) {
            double[] o1 = new double[3];
            double[] o2 = new double[3];
            one.reset(r1, o1);
            two.reset(r2, o2);
            assertArrayEquals(o1, o2);
            int start = (int) one.state()[0];
            starts.add(start);
            assertTrue(start >= 1 && start + 4 <= 11, "rewards from days " + (start + 1) + ".." + (start + 4));
            int action = episode % 3;
            while (!one.done()) {
                assertEquals(one.step(action, o1), two.step(action, o2));
                assertArrayEquals(o1, o2);
            }
            assertEquals(4, one.episodeSteps());
        }
        assertEquals(7, starts.size(), "every start day 1 .. 7 is drawn");
    }

    @Test
    void pricesAreObservedAsLogReturnsAndEarnedAsSimpleReturns() {
        double[] prices = new double[21];
        prices[0] = 100;
        for (int t = 1; t < prices.length; t++) {
            prices[t] = prices[t - 1] * (1 + PERCENT[t - 1] / 100);
        }
        TradingMarket m = TradingMarket.of(
                Series.transform(Series.of("p", prices), SeriesTransform.LOG_RETURNS),
                "p",
                SeriesTransform.LOG_RETURNS,
                false,
                2,
                0.001,
                3,
                0.2,
                0.2);
        assertEquals(20, m.days());
        for (int t = 0; t < 20; t++) {
            assertEquals(PERCENT[t] / 100, m.returns()[t], 1e-12, "day " + t);
        }
        assertEquals((Math.log(1.01) - m.mean()) / m.sd(), m.observed()[0], 1e-12);
    }

    @Test
    void refusesNegativeCostsAndEpisodesLongerThanTraining() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TradingMarket.of(
                        Series.of("r", PERCENT), "r", SeriesTransform.NONE, true, 2, -0.001, 3, 0.2, 0.2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> market(PERCENT, 11))
                .getMessage()
                .contains("does not fit"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TradingMarket.of(
                        Series.of("r", PERCENT), "x", SeriesTransform.NONE, true, 2, 0.001, 3, 0.2, 0.2));
    }
}
