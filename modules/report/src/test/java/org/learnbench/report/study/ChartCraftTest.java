package org.learnbench.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnbench.report.study.StudyFixture.COLORS;
import static org.learnbench.report.study.StudyFixture.TASK;

import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;
import org.learnbench.report.stats.Curve;
import org.learnbench.report.stats.Descriptive;

/** Axis ranges, tick labels, titles and wall-clock resampling of the study charts. */
class ChartCraftTest {
    private static final Pattern TEXT = Pattern.compile(">([^<]*)</text>");

    /** The words of a chart as its SVG writes them. */
    private static List<String> texts(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws IOException {
        List<String> texts = new ArrayList<>();
        Matcher m = TEXT.matcher(SvgWriter.svg(chart));
        while (m.find()) {
            texts.add(m.group(1));
        }
        return texts;
    }

    /** A run of {@code optimizer} whose {@code metric} takes the given values at checkpoints 0, 1, 2, ... */
    private static RunCurve run(String optimizer, long seed, String metric, double... values) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Clocks clocks = new Clocks(i, 100L * (i + 1), 0, 0, 0, 0, 1000L * (i + 1), i * 1_000_000_000L, 0, 0, 0);
            checkpoints.add(new Checkpoint(clocks, Double.NaN, Map.of(metric, values[i])));
        }
        return new RunCurve(TASK, optimizer, seed, "budget", checkpoints);
    }

    @Test
    void aLogAxisReachesBelowTheSmallestValueAndLabelsItsDecadesAsPlainNumbers() throws IOException {
        List<RunCurve> runs = List.of(
                run("backprop", 1, "train_loss", 1, 1e-3, 1.1e-7),
                run("backprop", 2, "train_loss", 1, 1e-3, 1.1e-7),
                run("backprop", 3, "train_loss", 1, 1e-3, 1.1e-7));
        XYChart chart = StudyCharts.convergence(runs, TASK, "train_loss", Clock.SAMPLE_FORWARD_PASSES, COLORS, 1);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(1e-7, chart.getStyler().getYAxisMin(), 1e-22);
        assertEquals(1, chart.getStyler().getYAxisMax(), 0);
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                assertTrue(y >= chart.getStyler().getYAxisMin(), series.getName() + " has " + y + " below the axis");
            }
        }
        List<String> texts = texts(chart);
        assertTrue(texts.contains("0.0000001"), texts.toString());
        assertTrue(texts.contains("0.001"), texts.toString());
        assertTrue(texts.contains("1"), texts.toString());
        assertFalse(texts.contains("0"), "a small decade rounded to 0: " + texts);
        assertTrue(texts.stream().noneMatch(t -> t.matches(".*\\dE-?\\d.*")), "E notation: " + texts);
        // The x axis (100 to 300 sample forward passes) is logarithmic too and labelled plainly.
        assertTrue(texts.contains("100"), texts.toString());
    }

    @Test
    void logPatternsHaveTheDecimalsOfTheLowestDecadeAndGroupLargeNumbers() {
        DecimalFormat micro = new DecimalFormat(Axes.logPattern(1e-6), DecimalFormatSymbols.getInstance(Locale.ROOT));
        assertEquals("0.000001", micro.format(1e-6));
        assertEquals("10,000", micro.format(1e4));
        DecimalFormat whole = new DecimalFormat(Axes.logPattern(10), DecimalFormatSymbols.getInstance(Locale.ROOT));
        assertEquals("1,000,000", whole.format(1e6));
    }

    @Test
    void plainTickLabelsNeverUseENotation() {
        assertEquals("10,000", Axes.plain(1e4));
        assertEquals("99,999.5", Axes.plain(99_999.5));
        assertEquals("250k", Axes.plain(2.5e5));
        assertEquals("\u221225M", Axes.plain(-2.5e7));
        assertEquals("1.5G", Axes.plain(1.5e9));
        assertEquals("0.3", Axes.plain(0.1 + 0.2));
        assertEquals("0.000015", Axes.plain(1.5e-5));
        assertEquals("0", Axes.plain(-0.0));
        assertEquals("\u22120.25", Axes.plain(-0.25));
    }

    @Test
    void aLinearAxisOfLargeValuesIsLabelledWithoutENotation() throws IOException {
        List<RunCurve> runs = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            runs.add(run("backprop", s, "train_rmse", 4e7, 3e7 + s * 1e6, 2.5e7));
        }
        XYChart chart = StudyCharts.convergence(runs, TASK, "train_rmse", Clock.ITERATIONS, COLORS, 1);
        assertFalse(chart.getStyler().isYAxisLogarithmic());
        List<String> texts = texts(chart);
        assertTrue(texts.stream().noneMatch(t -> t.matches(".*\\dE-?\\d.*")), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.endsWith("M")), texts.toString());
        assertTrue(texts.contains("train RMSE (target units)"), texts.toString());
    }

    @Test
    void aLinearConvergenceAxisFitsTheMediansNotTheBandOfAWildSeed() {
        List<RunCurve> runs = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            runs.add(run("backprop", s, "test_r2", 0.5, 0.8, s == 5 ? -4e7 : 0.9));
        }
        XYChart chart = StudyCharts.convergence(runs, TASK, "test_r2", Clock.ITERATIONS, COLORS, 1);
        assertFalse(chart.getStyler().isYAxisLogarithmic());
        // Medians 0.5, 0.8, 0.9: the axis spans them with 5% of 0.4 on each side, whatever the band does.
        assertEquals(0.48, chart.getStyler().getYAxisMin(), 1e-12);
        assertEquals(0.92, chart.getStyler().getYAxisMax(), 1e-12);
    }

    @Test
    void costsSpanningDecadesGetALogAxisWithPlainLabels() throws IOException {
        // backprop reaches 0.5 at its first checkpoint (100 sample forward passes), ga only at its third
        // after a long run: costs of 100 and 30,000.
        List<RunCurve> runs = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            runs.add(run("backprop", s, "test_accuracy", 0.6, 0.7, 0.8));
            List<Checkpoint> checkpoints = new ArrayList<>();
            long[] spent = {100, 10_000, 30_000};
            double[] accuracy = {0.1, 0.3, 0.6};
            for (int i = 0; i < 3; i++) {
                Clocks clocks = new Clocks(i, spent[i], 0, 0, 0, 0, 0, 0, 0, 0, 0);
                checkpoints.add(new Checkpoint(clocks, Double.NaN, Map.of("test_accuracy", accuracy[i])));
            }
            runs.add(new RunCurve(TASK, "ga", s, "budget", checkpoints));
        }
        var chart = StudyCharts.costToTarget(runs, TASK, "test_accuracy", 0.5, true, Clock.SAMPLE_FORWARD_PASSES, 1);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        // Bars rise from the decade strictly below the cheapest cost, so backprop's 100 is a visible bar.
        assertEquals(10, chart.getStyler().getYAxisMin(), 1e-12);
        assertEquals(100_000, chart.getStyler().getYAxisMax(), 0);
        List<String> texts = texts(chart);
        assertTrue(texts.contains("10,000"), texts.toString());
        assertTrue(texts.stream().noneMatch(t -> t.matches(".*\\dE-?\\d.*")), texts.toString());
    }

    @Test
    void aRobustRangeCutsOneCollapsedRunAndSaysSo() {
        double[] healthy = {0.85, 0.88, 0.9, 0.86, 0.87};
        double[] collapsed = {0.5, 0.55, -4e7, 0.52, 0.51};
        Axes.Range range = Axes.robust(List.of(healthy, collapsed));
        assertEquals(1, range.below());
        assertEquals(0, range.above());
        assertEquals("1 point beyond the axis (below)", range.note());
        // The axis spans the other nine values, padded by 5% of their width.
        assertEquals(0.5 - 0.05 * 0.4, range.low(), 1e-12);
        assertEquals(0.9 + 0.05 * 0.4, range.high(), 1e-12);
        assertFalse(range.contains(-4e7));
    }

    @Test
    void aRobustRangeKeepsFailedSeedsAndWholeOptimizersFarFromTheOthers() {
        // Two failed seeds at 0.1 among accuracies near 0.97: a readable axis from 0.1 to 0.99 keeps them.
        double[] mixed = {0.1, 0.12, 0.95, 0.96, 0.97, 0.97, 0.98, 0.99};
        assertEquals(0, Axes.robust(mixed).cut());
        // An optimizer whose every seed is far from the others' is a result, not an outlier.
        Axes.Range range = Axes.robust(List.of(new double[] {1.0, 1.5}, new double[] {0.001, 0.002, 0.003, 0.004}));
        assertEquals(0, range.cut());
        assertTrue(range.contains(1.5) && range.contains(0.001));
        assertEquals(0, Axes.robust(new double[] {3, 3, 3}).cut());
        assertEquals("", Axes.robust(new double[] {3}).note());
    }

    @Test
    void finalValuesDrawEverySeedOverItsBoxAndMarkPointsBeyondTheAxis() {
        List<RunCurve> runs = new ArrayList<>();
        double[] backprop = {0.85, 0.88, 0.9, 0.86, 0.87};
        double[] pg = {0.5, 0.55, -4e7, 0.52, 0.51};
        for (int s = 0; s < 5; s++) {
            runs.add(run("backprop", s + 1, "test_r2", 0, backprop[s]));
            runs.add(run("ga", s + 1, "test_r2", 0, pg[s]));
        }
        XYChart chart = StudyCharts.finalValuesWithSeeds(runs, TASK, "test_r2", COLORS);
        Map<String, XYSeries> series = chart.getSeriesMap();
        assertEquals(5, series.get("backprop seeds").getYData().length);
        assertEquals(4, series.get("ga seeds").getYData().length, "the collapsed seed is drawn beyond the axis");
        XYSeries beyond = series.get("1 point beyond the axis (below)");
        assertEquals(1, beyond.getYData().length);
        assertEquals(chart.getStyler().getYAxisMin(), beyond.getYData()[0], 0);
        assertTrue(
                chart.getStyler().getYAxisMin() > -1,
                "axis not stretched: " + chart.getStyler().getYAxisMin());
        // The box and median are of all five values, as in the tables: quartiles 0.51 and 0.52, median 0.51.
        double[] box = series.get("ga").getYData();
        assertEquals(Descriptive.quantile(pg, 0.25), box[0], 1e-12);
        assertEquals(Descriptive.quantile(pg, 0.75), box[2], 1e-12);
        assertEquals(Descriptive.median(pg), series.get("ga median").getYData()[0], 1e-12);
        // Seeds of equal value are spread sideways, never drawn on top of each other.
        Set<Double> xs = new HashSet<>();
        for (double x : series.get("backprop seeds").getXData()) {
            xs.add(x);
        }
        assertEquals(5, xs.size());
        assertEquals("test R\u00b2 (coefficient of determination)", chart.getYAxisTitle());
    }

    @Test
    void theBoxChartCountsWhatItsRobustAxisCuts() {
        List<RunCurve> runs = new ArrayList<>();
        double[] pg = {0.5, 0.55, -4e7, 0.52, 0.51};
        for (int s = 0; s < 5; s++) {
            runs.add(run("ga", s + 1, "test_r2", 0, pg[s]));
            runs.add(run("backprop", s + 1, "test_r2", 0, 0.86 + 0.01 * s));
        }
        var chart = StudyCharts.finalValues(runs, TASK, "test_r2", COLORS);
        assertEquals("optimizer \u2014 1 point beyond the axis (below)", chart.getXAxisTitle());
        double lowest = chart.getSeriesMap().get("ga").getYData().stream()
                .mapToDouble(Number::doubleValue)
                .min()
                .orElseThrow();
        assertTrue(lowest > -1, "drawn at the axis edge, got " + lowest);
    }

    @Test
    void titlesDifferBetweenClocksAndCharts() {
        List<RunCurve> runs = StudyFixture.runs();
        Set<String> titles = new HashSet<>();
        for (Clock clock : List.of(Clock.SAMPLE_FORWARD_PASSES, Clock.FLOPS, Clock.ITERATIONS)) {
            titles.add(StudyCharts.convergence(runs, TASK, "train_loss", clock, COLORS, 1)
                    .getTitle());
        }
        titles.add(StudyCharts.finalValues(runs, TASK, "train_loss", COLORS).getTitle());
        titles.add(StudyCharts.overfitting(runs, TASK, "backprop", Clock.ITERATIONS)
                .getTitle());
        titles.add(StudyCharts.ecdf(runs, TASK, "train_loss", new double[] {0.1}, false, Clock.FLOPS, COLORS)
                .getTitle());
        assertEquals(6, titles.size(), titles.toString());
    }

    @Test
    void runningValuesResampleEachSeedAsAStepFunctionAndLeaveOutSeedsThatHaveEnded() {
        // Seed a checkpoints at 0, 1, 2 s; seed b at 0.5, 1.5, 3.5, 6 s; seed c at 0, 4 s.
        Curve a = new Curve(new double[] {0, 1, 2}, new double[] {10, 11, 12});
        Curve b = new Curve(new double[] {0.5, 1.5, 3.5, 6}, new double[] {20, 21, 22, 23});
        Curve c = new Curve(new double[] {0, 4}, new double[] {30, 31});
        List<Curve> curves = List.of(a, b, c);
        assertArrayEquals(new double[] {10, 30}, StudyCurves.runningValuesAt(curves, 0.2));
        assertArrayEquals(new double[] {11, 21, 30}, StudyCurves.runningValuesAt(curves, 1.7));
        assertEquals(3, StudyCurves.running(curves, 2));
        // At 3 s seed a has ended: the median is over b and c only, each at its last checkpoint before 3 s.
        assertArrayEquals(new double[] {21, 30}, StudyCurves.runningValuesAt(curves, 3));
        assertEquals(1, StudyCurves.running(curves, 5));
        double[] grid = StudyCurves.gridToSlowest(curves, false, 7);
        assertEquals(0, grid[0], 0);
        assertEquals(6, grid[grid.length - 1], 0);
    }

    @Test
    void wallClockCurvesSpanTheSlowestSeedAndStopWhereFewerThanHalfAreRunning() {
        List<RunCurve> runs = new ArrayList<>();
        // Seed k records a checkpoint every k seconds, 4 checkpoints: it ends at 3k s (3, 6, 9, 12 s).
        for (int k = 1; k <= 4; k++) {
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Clocks clocks = new Clocks(i, 100L * i, 0, 0, 0, 0, 0, (long) (i * k * 1e9), 0, 0, 0);
                checkpoints.add(new Checkpoint(clocks, Double.NaN, Map.of("test_accuracy", 0.1 * k + 0.01 * i)));
            }
            runs.add(new RunCurve(TASK, "backprop", k, "budget", checkpoints));
        }
        XYChart chart = StudyCharts.convergence(runs, TASK, "test_accuracy", Clock.WALL_SECONDS, COLORS, 1);
        assertEquals(12, chart.getStyler().getXAxisMax(), 0);
        XYSeries median = chart.getSeriesMap().get("backprop");
        double[] x = median.getXData();
        // Two of four seeds (those ending at 9 and 12 s) are running up to 6 s... and past 6 s only two remain,
        // which is still half; past 9 s only one: the median stops there.
        assertTrue(x[x.length - 1] <= 9, "last point at " + x[x.length - 1]);
        assertTrue(x[x.length - 1] > 8, "last point at " + x[x.length - 1]);
        for (int i = 0; i < x.length; i++) {
            double t = x[i];
            List<Double> running = new ArrayList<>();
            for (int k = 1; k <= 4; k++) {
                if (t <= 3 * k) {
                    running.add(0.1 * k + 0.01 * Math.min(3, Math.floor(t / k)));
                }
            }
            double expected = StudyFixture.medianOfFinite(
                    running.stream().mapToDouble(d -> d).toArray());
            assertEquals(expected, median.getYData()[i], 1e-12, "at t = " + t);
        }
        assertTrue(chart.getXAxisTitle().startsWith("wall-clock time (s)"), chart.getXAxisTitle());
    }

    @Test
    void aWallClockCurveThatLosesHalfItsSeedsDoesNotComeBackWithLateStarters() {
        // Seeds 1-3 record checkpoints from 0 to 2 s, seed 6 from 0 to 8 s, seeds 4-5 from 5 to 8 s (a slow
        // start). From 2 s to 5 s one of six is running; from 5 s three are again, but the curve must end at
        // 2 s rather than resume as the median of other seeds.
        List<RunCurve> runs = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            List<Checkpoint> checkpoints = new ArrayList<>();
            double start = k == 4 || k == 5 ? 5 : 0;
            double end = k <= 3 ? 2 : 8;
            for (int i = 0; i <= 4; i++) {
                long nanos = (long) ((start + (end - start) * i / 4) * 1e9);
                Clocks clocks = new Clocks(i, 100L * i, 0, 0, 0, 0, 0, nanos, 0, 0, 0);
                double value = k == 4 || k == 5 ? 0.1 : 0.9;
                checkpoints.add(new Checkpoint(clocks, Double.NaN, Map.of("test_accuracy", value)));
            }
            runs.add(new RunCurve(TASK, "backprop", k, "budget", checkpoints));
        }
        XYChart chart = StudyCharts.convergence(runs, TASK, "test_accuracy", Clock.WALL_SECONDS, COLORS, 1);
        double[] x = chart.getSeriesMap().get("backprop").getXData();
        assertTrue(x[x.length - 1] <= 2, "ends at " + x[x.length - 1]);
        for (double y : chart.getSeriesMap().get("backprop").getYData()) {
            assertEquals(0.9, y, 1e-12);
        }
        assertEquals(8, chart.getStyler().getXAxisMax(), 0);
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        double[] sorted = actual.clone();
        java.util.Arrays.sort(sorted);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, sorted, 1e-12);
    }
}
