package org.learnbench.tasks.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnbench.tasks.data.CsvReader;
import org.learnbench.tasks.data.PreparedData;

class SeriesPreparerTest {
    /** The digits of pi: irregular enough for a non-singular AR fit. */
    static final double[] PI = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7};

    static SeriesSpec spec(int window, int horizon, Origin origin, int folds, int fold, double validation) {
        return new SeriesSpec(
                List.of("x"), SeriesTransform.NONE, "x", window, horizon, origin, folds, fold, validation, false);
    }

    @Test
    void windowsEndHorizonStepsBeforeTheirTargets() {
        // 14 values, window 2, horizon 2: 11 samples; sample i targets time 3 + i from times i and i + 1.
        SeriesData d = SeriesPreparer.prepare(Series.of("x", PI), spec(2, 2, Origin.EXPANDING, 2, 2, 0.25));
        // 3 blocks of 3 (the remainder to the first: 5), fold 2 tests on samples 8..10; history 0..7, the
        // latest round(0.25 x 8) = 2 validate.
        assertEquals(new WalkForward(0, 6, 8, 11), d.fold());
        PreparedData p = d.data();
        assertEquals(6, p.train().size());
        assertEquals(2, p.validation().size());
        assertEquals(3, p.test().size());
        // Training statistics: times 0 .. 8 (the last training target is sample 5 at time 8): mean 4, sd sqrt(6).
        assertEquals(4, d.mean()[0], 1e-12);
        assertEquals(Math.sqrt(6), d.sd()[0], 1e-12);
        double sd = Math.sqrt(6);
        assertArrayEquals(
                new double[] {(3 - 4) / sd, (1 - 4) / sd}, p.train().x().row(0), 1e-12);
        assertEquals((1 - 4) / sd, p.train().y().get(0, 0), 1e-12, "sample 0 targets time 3");
        // Test sample 8 targets time 11 (value 8) from times 8, 9 (values 5, 3); its CSV line is 11 + 2.
        assertArrayEquals(
                new double[] {(5 - 4) / sd, (3 - 4) / sd}, p.test().x().row(0), 1e-12);
        assertEquals(8, p.target().inverse(p.test().y().get(0, 0)), 1e-12);
        assertEquals(13, p.test().sourceLines()[0]);
        assertArrayEquals(new double[] {8, 9, 7}, d.actual().get("test"));
        assertEquals(List.of("x[t-3]", "x[t-2]"), p.featureNames());
    }

    @Test
    void rollingHistoryIsAsLongAsTheFirstFoldsHistory() {
        WalkForward f = WalkForward.of(11, spec(2, 2, Origin.ROLLING, 2, 2, 0.25));
        // First block 5; fold 2 tests on 8..10; the history is the 5 samples 3..7, round(1.25) = 1 validates.
        assertEquals(new WalkForward(3, 7, 8, 11), f);
        assertEquals(
                WalkForward.of(11, spec(2, 2, Origin.EXPANDING, 2, 1, 0.25)),
                WalkForward.of(11, spec(2, 2, Origin.ROLLING, 2, 1, 0.25)),
                "the first fold is the same either way");
    }

    @Test
    void baselinesForecastZeroTheLastValueAndTheLeastSquaresAutoregression() {
        SeriesData d = SeriesPreparer.prepare(Series.of("x", PI), spec(2, 2, Origin.EXPANDING, 2, 2, 0.25));
        // Persistence: the last value of each test window (times 9, 10, 11).
        assertArrayEquals(
                new double[] {3, 5, 8}, d.forecasts().get("persistence").get("test"));
        assertArrayEquals(new double[3], d.forecasts().get("naive").get("test"));
        // Reference values from numpy 2.4 (least squares with an intercept on the 6 training windows):
        //   import numpy as np
        //   v = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7], dtype=float)
        //   rows = [(v[i:i+2], v[i+3]) for i in range(len(v) - 3)]
        //   X = np.array([[1.0, *r[0]] for r in rows[:6]]); y = np.array([r[1] for r in rows[:6]])
        //   beta = np.linalg.lstsq(X, y, rcond=None)[0]; print(beta.tolist())
        //   print((np.array([[1.0, *r[0]] for r in rows[8:11]]) @ beta).tolist())
        assertArrayEquals(
                new double[] {3.2369049514408563, 0.31237064161757666, 0.06336570609775474}, d.arCoefficients(), 1e-12);
        assertArrayEquals(
                new double[] {4.988855277822004, 4.49084540678236, 5.305683808310778},
                d.forecasts().get("ar").get("test"),
                1e-12);
        // Metrics by hand: naive errors 8, 9, 7.
        var m = d.baselineMetrics();
        assertEquals(Math.sqrt((64 + 81 + 49) / 3.0), m.get("test_naive_rmse"), 1e-12);
        assertEquals(8, m.get("test_naive_mae"), 1e-12);
        assertEquals(0.5, m.get("test_naive_direction"), 1e-12, "the zero forecast scores 1/2 on days that move");
        assertEquals((5 + 4 + 1) / 3.0, m.get("test_persistence_mae"), 1e-12);
        assertEquals(1, m.get("test_persistence_direction"), 1e-12);
    }

    @Test
    void logReturnsAreLogsOfPriceRatiosOnTheLaterPricesLine() {
        var table = CsvReader.parse("p.csv", "p\n100\n110\n99\n");
        Series s = Series.from(table, List.of("p"), SeriesTransform.LOG_RETURNS);
        assertEquals(2, s.length());
        assertEquals(Math.log(1.1), s.value(0, 0), 1e-15);
        assertEquals(Math.log(0.9), s.value(1, 0), 1e-15);
        assertArrayEquals(new int[] {3, 4}, s.lines());
    }

    @Test
    void refusesCellsThatAreNotFiniteNumbersOrPricesAtOrBelowZero() {
        var table = CsvReader.parse("p.csv", "p,q\n1,2\nx,3\n");
        String message = assertThrows(
                        IllegalArgumentException.class, () -> Series.from(table, List.of("p"), SeriesTransform.NONE))
                .getMessage();
        assertTrue(message.contains("line 3") && message.contains("'p'"), message);
        var prices = CsvReader.parse("p.csv", "p\n1\n0\n");
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Series.from(prices, List.of("p"), SeriesTransform.LOG_RETURNS))
                .getMessage()
                .contains("prices > 0"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> Series.from(table, List.of("z"), SeriesTransform.NONE))
                .getMessage()
                .contains("no column 'z'"));
    }

    @Test
    void severalSeriesStandInEachStepInColumnOrder() {
        double[] a = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4};
        double[] b = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3, 6, 0, 2, 8};
        double[][] v = new double[a.length][];
        int[] lines = new int[a.length];
        for (int t = 0; t < a.length; t++) {
            v[t] = new double[] {a[t], 10 * b[t]};
            lines[t] = t + 2;
        }
        Series s = new Series(List.of("a", "b"), v, lines);
        SeriesSpec two =
                new SeriesSpec(List.of("a", "b"), SeriesTransform.NONE, "b", 2, 1, Origin.EXPANDING, 1, 1, 0, true);
        double[][] raw = SeriesPreparer.rawWindows(s, 2, 1, 0, 1);
        assertArrayEquals(new double[] {3, 20, 1, 70}, raw[0], "a(0), b(0), a(1), b(1)");
        SeriesData d = SeriesPreparer.prepare(s, two);
        assertTrue(d.data().inputShape().isSequence());
        assertEquals(2, d.data().inputShape().sequence().steps());
        assertEquals(2, d.data().inputShape().sequence().features());
        assertEquals(
                s.value(SeriesPreparer.targetTime(d.fold().testFrom(), 2, 1) - 1, 1),
                d.forecasts().get("persistence").get("test")[0],
                0.0,
                "persistence is the target series' last value");
    }

    @Test
    void refusesWindowsLongerThanTheSeriesAndTooManyFolds() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> SeriesPreparer.prepare(Series.of("x", PI), spec(14, 1, Origin.EXPANDING, 1, 1, 0)))
                .getMessage()
                .contains("the series has 14"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> SeriesPreparer.prepare(Series.of("x", PI), spec(2, 1, Origin.EXPANDING, 8, 1, 0)))
                .getMessage()
                .contains("blocks"));
        assertThrows(IllegalArgumentException.class, () -> spec(2, 0, Origin.EXPANDING, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> spec(2, 1, Origin.EXPANDING, 2, 3, 0));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> SeriesPreparer.prepare(Series.of("x", PI), spec(5, 1, Origin.EXPANDING, 2, 1, 0)))
                .getMessage()
                .contains("too few"));
    }
}
