package org.learnbench.report.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnbench.report.study.StudyFixture.COLORS;
import static org.learnbench.report.study.StudyFixture.TASK;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxSeries;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The study charts' series, inspected on the chart objects against values worked out by hand. */
class StudyChartsTest {
    private static final double[] TARGETS = {0.5, 0.1, 0.01};

    private static XYChart convergence(Clock clock) {
        return StudyCharts.convergence(StudyFixture.runs(), TASK, "train_loss", clock, COLORS, 42);
    }

    private static List<String> legendNames(Map<String, ? extends org.knowm.xchart.internal.series.Series> map) {
        return map.values().stream()
                .filter(org.knowm.xchart.internal.series.Series::isShowInLegend)
                .map(org.knowm.xchart.internal.series.Series::getName)
                .toList();
    }

    /** The y of the step function through the series' points at x, 0 left of the first point. */
    private static double stepValue(XYSeries series, double x) {
        double value = 0;
        double[] xs = series.getXData();
        for (int i = 0; i < xs.length && xs[i] <= x; i++) {
            value = series.getYData()[i];
        }
        return value;
    }

    @Test
    void convergenceHasAMedianLineAndAHiddenBandPerOptimizerInTheStudyOrder() {
        XYChart chart = convergence(Clock.SAMPLE_FORWARD_PASSES);
        assertEquals(List.of("backprop", "ga", "cmaes"), legendNames(chart.getSeriesMap()));
        for (String optimizer : COLORS.optimizers()) {
            XYSeries band = chart.getSeriesMap().get(optimizer + StudyCharts.BAND_SUFFIX);
            assertNotNull(band, optimizer);
            assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, band.getXYSeriesRenderStyle());
            assertFalse(band.isShowInLegend());
        }
        assertEquals("sine: median train loss by sample forward passes", chart.getTitle());
        assertEquals("sample forward passes (forward + 2 \u00d7 backward)", chart.getXAxisTitle());
        assertEquals("train loss", chart.getYAxisTitle());
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertTrue(chart.getStyler().isYAxisLogarithmic(), "losses from 8 down to 1/1024 span decades");
    }

    @Test
    void convergenceGridNeverGoesBeyondTheShortestRunOfAnOptimizer() {
        XYChart chart = convergence(Clock.SAMPLE_FORWARD_PASSES);
        Map<String, Double> shortest = Map.of("backprop", 800.0, "ga", 2000.0, "cmaes", 3000.0);
        for (var entry : shortest.entrySet()) {
            double[] x = chart.getSeriesMap().get(entry.getKey()).getXData();
            assertEquals(entry.getValue(), x[x.length - 1], 0.0, entry.getKey());
            for (double v : x) {
                assertTrue(v <= entry.getValue() && v > 0, entry.getKey() + " read at " + v);
            }
        }
    }

    @Test
    void convergenceMediansEqualTheMediansOfTheStepFunctionsAtEveryGridPoint() {
        List<StudyFixture.Raw> raws = StudyFixture.raw();
        for (Clock clock : List.of(Clock.SAMPLE_FORWARD_PASSES, Clock.FLOPS)) {
            XYChart chart = convergence(clock);
            double perPass = clock == Clock.FLOPS ? 7 : 1;
            for (String optimizer : COLORS.optimizers()) {
                XYSeries line = chart.getSeriesMap().get(optimizer);
                for (int i = 0; i < line.getXData().length; i++) {
                    double passes = line.getXData()[i] / perPass;
                    double[] values = raws.stream()
                            .filter(r -> r.optimizer().equals(optimizer))
                            .mapToDouble(r -> StudyFixture.stepAt(r.clocks(), r.train(), passes))
                            .toArray();
                    assertEquals(
                            StudyFixture.medianOfFinite(values),
                            line.getYData()[i],
                            1e-12,
                            optimizer + " at " + passes);
                }
            }
        }
    }

    @Test
    void convergenceMedianAtTheEndOfTheGridIsWorkedOutByHandAndSkipsTheDivergedRun() {
        XYChart chart = convergence(Clock.SAMPLE_FORWARD_PASSES);
        double[] backprop = chart.getSeriesMap().get("backprop").getYData();
        // At 800 the four seeds have 1/256, 2/256, 4/256 and 8/256.
        assertEquals(3.0 / 256, backprop[backprop.length - 1], 1e-15);
        double[] ga = chart.getSeriesMap().get("ga").getYData();
        // At 2000 seed 1 has 1.0, seed 2 1.5, and seed 3 NaN, which is left out.
        assertEquals(1.25, ga[ga.length - 1], 1e-15);
    }

    @Test
    void convergenceBandContainsTheMedianAtEveryGridPoint() {
        XYChart chart = convergence(Clock.SAMPLE_FORWARD_PASSES);
        for (String optimizer : COLORS.optimizers()) {
            XYSeries line = chart.getSeriesMap().get(optimizer);
            XYSeries band = chart.getSeriesMap().get(optimizer + StudyCharts.BAND_SUFFIX);
            int n = line.getXData().length;
            assertEquals(2 * n, band.getXData().length);
            for (int i = 0; i < n; i++) {
                double low = band.getYData()[i];
                double high = band.getYData()[2 * n - 1 - i];
                assertEquals(line.getXData()[i], band.getXData()[i], 0.0);
                assertEquals(line.getXData()[i], band.getXData()[2 * n - 1 - i], 0.0);
                double median = line.getYData()[i];
                assertTrue(low <= median && median <= high, optimizer + " band [" + low + ", " + high + "] at " + i);
            }
        }
    }

    @Test
    void convergenceBandsAreReproducibleFromTheSeed() {
        XYChart a = convergence(Clock.SAMPLE_FORWARD_PASSES);
        XYChart b = convergence(Clock.SAMPLE_FORWARD_PASSES);
        String band = "cmaes" + StudyCharts.BAND_SUFFIX;
        assertArrayEquals(
                a.getSeriesMap().get(band).getYData(),
                b.getSeriesMap().get(band).getYData());
    }

    @Test
    void convergenceOnALinearClockUsesAnEvenlySpacedGridAndALinearAxis() {
        XYChart chart = convergence(Clock.ITERATIONS);
        assertFalse(chart.getStyler().isXAxisLogarithmic());
        double[] x = chart.getSeriesMap().get("backprop").getXData();
        assertEquals(0, x[0], 0.0);
        assertEquals(8, x[x.length - 1], 0.0);
        assertEquals(x[1] - x[0], x[x.length - 1] - x[x.length - 2], 1e-9);
    }

    @Test
    void convergenceLeavesOutAnOptimizerThatNeverAdvancesALogClock() {
        XYChart chart = convergence(Clock.EVALUATIONS);
        assertEquals(List.of("ga", "cmaes"), legendNames(chart.getSeriesMap()));
    }

    @Test
    void ecdfFractionsAtChosenBudgetsCountNeverReachedPairsInTheDenominator() {
        XYChart chart = StudyCharts.ecdf(
                StudyFixture.runs(), TASK, "train_loss", TARGETS, false, Clock.SAMPLE_FORWARD_PASSES, COLORS);
        assertEquals(List.of("backprop", "ga", "cmaes"), legendNames(chart.getSeriesMap()));
        XYSeries backprop = chart.getSeriesMap().get("backprop");
        // 4 seeds x 3 targets; hits at 100, 200, 300, 400, 400, 500, 600, 700, 700, 800 and 1000.
        assertEquals(0, stepValue(backprop, 99), 0.0);
        assertEquals(1.0 / 12, stepValue(backprop, 100), 1e-15);
        assertEquals(3.0 / 12, stepValue(backprop, 350), 1e-15);
        assertEquals(5.0 / 12, stepValue(backprop, 400), 1e-15);
        assertEquals(10.0 / 12, stepValue(backprop, 800), 1e-15);
        assertEquals(11.0 / 12, stepValue(backprop, 1000), 1e-15);
        XYSeries cmaes = chart.getSeriesMap().get("cmaes");
        // 3 seeds x 3 targets; hits at 50, 400, 400, 1500, 1500, 1500, 3000 and 3000.
        assertEquals(1.0 / 9, stepValue(cmaes, 50), 1e-15);
        assertEquals(3.0 / 9, stepValue(cmaes, 400), 1e-15);
        assertEquals(6.0 / 9, stepValue(cmaes, 2999), 1e-15);
        assertEquals(8.0 / 9, stepValue(cmaes, 3000), 1e-15);
        XYSeries ga = chart.getSeriesMap().get("ga");
        for (double y : ga.getYData()) {
            assertEquals(0, y, 0.0);
        }
        assertEquals(2000, ga.getXData()[ga.getXData().length - 1], 0.0, "flat to the largest budget spent");
        assertEquals(XYSeries.XYSeriesRenderStyle.Step, backprop.getXYSeriesRenderStyle());
    }

    @Test
    void ecdfReadsHigherIsBetterTargetsTheOtherWayRound() {
        // cmaes train loss is 2 at first for every seed, so "at least 1.5" is reached at once by all three.
        XYChart chart = StudyCharts.ecdf(
                StudyFixture.runs(), TASK, "train_loss", new double[] {1.5}, true, Clock.ITERATIONS, COLORS);
        assertEquals(1.0, stepValue(chart.getSeriesMap().get("cmaes"), 0), 0.0);
    }

    @Test
    void costToTargetBarsAreTheMedianHittingBudgetsAndTheFailingOptimizerIsListedWithoutABar() {
        CategoryChart chart = StudyCharts.costToTarget(
                StudyFixture.runs(), TASK, "train_loss", 0.1, false, Clock.SAMPLE_FORWARD_PASSES, 7);
        List<String> names = List.copyOf(chart.getSeriesMap().keySet());
        List<String> bars = List.of("backprop (4/4 reached)", "ga (0/3 reached)", "cmaes (3/3 reached)");
        assertEquals(bars, names.subList(0, 3));
        CategorySeries backprop = chart.getSeriesMap().get(bars.get(0));
        assertEquals(bars, new ArrayList<>(backprop.getXData()), "categories carry the success counts");
        // Hits at 400, 500, 600 and 700.
        assertEquals(550.0, new ArrayList<>(backprop.getYData()).get(0).doubleValue(), 1e-12);
        // Hits at 400, 1500 and 3000.
        CategorySeries cmaes = chart.getSeriesMap().get(bars.get(2));
        assertEquals(1500.0, new ArrayList<>(cmaes.getYData()).get(2).doubleValue(), 1e-12);
        for (Number value : chart.getSeriesMap().get(bars.get(1)).getYData()) {
            assertNull(value, "ga reached nothing and gets no bar");
        }
        CategorySeries intervals = chart.getSeriesMap().get(StudyCharts.CI_SERIES);
        assertEquals(bars, new ArrayList<>(intervals.getXData()));
        List<? extends Number> middles = new ArrayList<>(intervals.getYData());
        List<? extends Number> halfWidths = new ArrayList<>(intervals.getExtraValues());
        double[][] hits = {{400, 700}, {0, 0}, {400, 3000}};
        double[] medians = {550, Double.NaN, 1500};
        for (int i : new int[] {0, 2}) {
            double low = middles.get(i).doubleValue() - halfWidths.get(i).doubleValue();
            double high = middles.get(i).doubleValue() + halfWidths.get(i).doubleValue();
            assertTrue(
                    low <= medians[i] + 1e-9 && medians[i] <= high + 1e-9,
                    bars.get(i) + " [" + low + ", " + high + "]");
            assertTrue(low >= hits[i][0] - 1e-9 && high <= hits[i][1] + 1e-9, "within the hitting budgets");
        }
        assertEquals(0.0, halfWidths.get(1).doubleValue(), 0.0);
        // The optimizer that never reached the target is drawn as a marker at the top of the axis.
        List<? extends Number> never = new ArrayList<>(
                chart.getSeriesMap().get(StudyCharts.NEVER_SERIES).getYData());
        assertNull(never.get(0));
        assertEquals(chart.getStyler().getYAxisMax(), never.get(1).doubleValue(), 0);
        assertNull(never.get(2));
    }

    @Test
    void costToTargetCountsFailuresAsInfiniteLikeTheTable() {
        // Target 0.004: backprop seeds 1 and 2 reach it at 800 and 900; seed 3 stops at 800 above it and seed
        // 4 never gets there. The median of {800, 900, inf, inf} is infinite: no bar, although the median of
        // the two successes alone would be 850.
        CategoryChart chart = StudyCharts.costToTarget(
                StudyFixture.runs(), TASK, "train_loss", 0.004, false, Clock.SAMPLE_FORWARD_PASSES, 7);
        CategorySeries backprop = chart.getSeriesMap().get("backprop (2/4 reached)");
        assertNull(new ArrayList<>(backprop.getYData()).get(0));
        assertEquals(
                chart.getStyler().getYAxisMax(),
                new ArrayList<>(chart.getSeriesMap()
                                .get(StudyCharts.NEVER_SERIES)
                                .getYData())
                        .get(0)
                        .doubleValue(),
                0);
        assertEquals(
                Double.POSITIVE_INFINITY,
                StudyCharts.medianCostWithFailures(new double[] {800, 900, Double.NaN, Double.NaN}),
                0);
        // Three of four: the median is the mean of the two middle costs, as the table's.
        assertEquals(850, StudyCharts.medianCostWithFailures(new double[] {900, 800, 700, Double.NaN}), 0);
        assertEquals(900, StudyCharts.medianCostWithFailures(new double[] {900, 700, Double.NaN}), 0);
    }

    @Test
    void overfittingGapIsTheValidationMedianMinusTheTrainMedian() {
        XYChart chart = StudyCharts.overfitting(StudyFixture.runs(), TASK, "backprop", Clock.SAMPLE_FORWARD_PASSES);
        Map<String, XYSeries> series = chart.getSeriesMap();
        assertEquals(
                List.of("train loss", "validation loss", "test loss", StudyCharts.GAP_SERIES),
                List.copyOf(series.keySet()));
        XYSeries train = series.get("train loss");
        XYSeries validation = series.get("validation loss");
        XYSeries gap = series.get(StudyCharts.GAP_SERIES);
        assertArrayEquals(train.getXData(), gap.getXData());
        List<StudyFixture.Raw> backprop = StudyFixture.raw().stream()
                .filter(r -> r.optimizer().equals("backprop"))
                .toList();
        for (int i = 0; i < gap.getXData().length; i++) {
            double x = gap.getXData()[i];
            double[] trains = backprop.stream()
                    .mapToDouble(r -> StudyFixture.stepAt(r.clocks(), r.train(), x))
                    .toArray();
            double[] validations = backprop.stream()
                    .mapToDouble(r -> StudyFixture.validation(StudyFixture.stepAt(r.clocks(), r.train(), x), r.seed()))
                    .toArray();
            double expectedGap = StudyFixture.medianOfFinite(validations) - StudyFixture.medianOfFinite(trains);
            assertEquals(StudyFixture.medianOfFinite(trains), train.getYData()[i], 1e-12);
            assertEquals(validation.getYData()[i] - train.getYData()[i], gap.getYData()[i], 1e-15);
            assertEquals(expectedGap, gap.getYData()[i], 1e-12);
            assertTrue(x <= 800);
        }
        assertNotNull(((BasicStroke) series.get("test loss").getLineStyle()).getDashArray(), "test loss is dashed");
        assertNull(((BasicStroke) train.getLineStyle()).getDashArray());
    }

    @Test
    void overfittingRejectsAnOptimizerWithoutLossSplits() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StudyCharts.overfitting(StudyFixture.runs(), TASK, "cmaes", Clock.ITERATIONS));
        // cmaes records train_loss only, so there is nothing to compare it with.
        assertTrue(e.getMessage().contains("cmaes") && e.getMessage().contains("validation_loss"), e.getMessage());
    }

    @Test
    void finalValuesHaveOneBoxPerOptimizerWithTheFiniteFinalValues() {
        BoxChart chart = StudyCharts.finalValues(StudyFixture.runs(), TASK, "train_loss", COLORS);
        Map<String, BoxSeries> series = chart.getSeriesMap();
        assertEquals(List.of("backprop", "ga", "cmaes"), List.copyOf(series.keySet()));
        assertEquals(List.of(1.0 / 1024, 2.0 / 1024, 4.0 / 256, 8.0 / 1024), values(series.get("backprop")));
        assertEquals(List.of(1.0, 1.5), values(series.get("ga")), "the diverged seed's NaN is left out");
        assertEquals(List.of(0.001, 0.02, 0.009), values(series.get("cmaes")));
    }

    private static List<Double> values(BoxSeries series) {
        return series.getYData().stream().map(Number::doubleValue).toList();
    }

    @Test
    void anOptimizerHasTheSameColourInEveryChart() {
        List<RunCurve> runs = StudyFixture.runs();
        XYChart convergence = convergence(Clock.SAMPLE_FORWARD_PASSES);
        XYChart ecdf = StudyCharts.ecdf(runs, TASK, "train_loss", TARGETS, false, Clock.SAMPLE_FORWARD_PASSES, COLORS);
        BoxChart box = StudyCharts.finalValues(runs, TASK, "train_loss", COLORS);
        CategoryChart cost =
                StudyCharts.costToTarget(runs, TASK, "train_loss", 0.1, false, Clock.SAMPLE_FORWARD_PASSES, 7);
        List<String> costNames = List.copyOf(cost.getSeriesMap().keySet());
        for (int i = 0; i < COLORS.optimizers().size(); i++) {
            String optimizer = COLORS.optimizers().get(i);
            var colour = COLORS.of(optimizer);
            assertEquals(colour, convergence.getSeriesMap().get(optimizer).getLineColor(), optimizer);
            assertEquals(colour, ecdf.getSeriesMap().get(optimizer).getLineColor(), optimizer);
            assertEquals(colour, box.getSeriesMap().get(optimizer).getLineColor(), optimizer);
            assertEquals(colour, cost.getSeriesMap().get(costNames.get(i)).getFillColor(), optimizer);
        }
    }

    @Test
    void anUnknownMetricThrowsNamingIt() {
        List<RunCurve> runs = StudyFixture.runs();
        for (Runnable chart : List.<Runnable>of(
                () -> StudyCharts.convergence(runs, TASK, "val_acc", Clock.ITERATIONS, COLORS, 1),
                () -> StudyCharts.ecdf(runs, TASK, "val_acc", TARGETS, true, Clock.ITERATIONS, COLORS),
                () -> StudyCharts.costToTarget(runs, TASK, "val_acc", 0.9, true, Clock.ITERATIONS, 1),
                () -> StudyCharts.finalValues(runs, TASK, "val_acc", COLORS))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, chart::run);
            assertTrue(e.getMessage().contains("val_acc"), e.getMessage());
            assertTrue(e.getMessage().contains("train_loss"), "lists the metrics there are: " + e.getMessage());
        }
    }

    @Test
    void anUnknownTaskThrowsNamingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StudyCharts.convergence(
                        StudyFixture.runs(), "cartpole", "train_loss", Clock.ITERATIONS, COLORS, 1));
        assertTrue(e.getMessage().contains("cartpole") && e.getMessage().contains("sine"), e.getMessage());
    }

    @Test
    void anOptimizerMissingFromTheColoursIsRejected() {
        OptimizerColors partial = new OptimizerColors(List.of("backprop", "ga"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StudyCharts.convergence(StudyFixture.runs(), TASK, "train_loss", Clock.ITERATIONS, partial, 1));
        assertTrue(e.getMessage().contains("cmaes"), e.getMessage());
    }
}
