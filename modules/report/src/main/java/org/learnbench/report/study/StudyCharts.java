package org.learnbench.report.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.BoxSeries;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.learnbench.report.stats.Bootstrap;
import org.learnbench.report.stats.Curve;
import org.learnbench.report.stats.Descriptive;
import org.learnbench.report.stats.FixedTarget;

/**
 * The charts of a study comparing optimizers over seeds on one task: convergence with bootstrap bands,
 * ECDFs and medians of the budget to reach targets, overfitting of one optimizer, and final values. The
 * methods return XChart objects and never write files (see {@link ChartFiles}).
 */
public final class StudyCharts {
    /** Clock values each convergence curve is read at. */
    static final int GRID_POINTS = 100;

    /**
     * Resamples per band point. A band is drawn at every grid point, and at 2,000 resamples its percentile
     * bounds move by less than a line width from run to run while a chart still builds in about a second.
     */
    static final int BAND_RESAMPLES = 2_000;

    /** The suffix of the name of an optimizer's confidence band series in a convergence chart. */
    public static final String BAND_SUFFIX = " 95% CI";

    /** The name of the series of bootstrap intervals in a cost-to-target chart. */
    public static final String CI_SERIES = "error bars: bootstrap 95% CI of the median";

    /** The name of the generalisation gap series of an overfitting chart. */
    public static final String GAP_SERIES = "generalisation gap (validation - train)";

    private static final double LEVEL = 0.95;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final BasicStroke LINE = new BasicStroke(2.2f);
    private static final BasicStroke DASHED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);
    /** Split colours of the house convergence chart, so train and validation read the same everywhere. */
    private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);

    private static final Color VALIDATION = new Color(0xd6, 0x27, 0x28);
    private static final Color TEST = new Color(0x7f, 0x7f, 0x7f);
    private static final Color GAP = new Color(0x2c, 0xa0, 0x2c);

    private StudyCharts() {}

    /**
     * For each optimizer on {@code task}, the median over seeds of {@code metric} against {@code clock}, with
     * the 95% percentile bootstrap interval of that median as a translucent band (series named optimizer +
     * {@link #BAND_SUFFIX}, left out of the legend). Every run is read on a common grid of clock values, as
     * the last value it recorded at or before each, up to the smallest final clock value among that
     * optimizer's runs; NaN values are left out of the median. {@code seed} makes the bands reproducible.
     */
    public static XYChart convergence(
            List<RunCurve> runs, String task, String metric, Clock clock, OptimizerColors colors, long seed) {
        Map<String, List<Curve>> curves = StudyCurves.byOptimizer(runs, task, metric, clock);
        List<String> optimizers = ordered(curves.keySet(), colors);
        XYChart chart = xyChart(task + ": " + metric, clock.label(), metric);
        xAxis(chart, clock);
        Range range = new Range();
        for (String optimizer : optimizers) {
            List<Curve> ofOptimizer = curves.get(optimizer);
            RandomGenerator random = randomFor(seed, optimizer);
            List<Double> x = new ArrayList<>();
            List<Double> median = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            for (double budget : StudyCurves.grid(ofOptimizer, clock.logScale(), GRID_POINTS)) {
                double[] values = StudyCurves.finiteValuesAt(ofOptimizer, budget);
                if (values.length == 0) {
                    continue;
                }
                Bootstrap.Interval ci = Bootstrap.ci(values, Descriptive::median, LEVEL, BAND_RESAMPLES, random);
                x.add(budget);
                median.add(ci.estimate());
                low.add(ci.low());
                high.add(ci.high());
                range.add(ci.low());
                range.add(ci.high());
                range.add(ci.estimate());
            }
            if (x.isEmpty()) {
                continue;
            }
            Color color = colors.of(optimizer);
            // The band goes in first so the median line is drawn over it.
            List<Double> bandX = new ArrayList<>(x);
            List<Double> reversedX = new ArrayList<>(x);
            Collections.reverse(reversedX);
            bandX.addAll(reversedX);
            List<Double> bandY = new ArrayList<>(low);
            List<Double> reversedHigh = new ArrayList<>(high);
            Collections.reverse(reversedHigh);
            bandY.addAll(reversedHigh);
            XYSeries band = chart.addSeries(optimizer + BAND_SUFFIX, bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(translucent(color, 60));
            band.setLineColor(translucent(color, 110));
            band.setLineStyle(new BasicStroke(0.6f));
            band.setShowInLegend(false);
            XYSeries line = chart.addSeries(optimizer, x, median);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(color);
            line.setLineStyle(LINE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("nothing to plot of metric " + metric + " of task " + task + " against "
                    + clock.label() + ": no optimizer advanced that clock");
        }
        logYIfDecades(chart.getStyler(), range);
        return chart;
    }

    /**
     * COCO-style empirical cumulative distribution of the budget to reach each of {@code targets}: for each
     * optimizer, the fraction of its (seed, target) pairs whose target was reached within each budget, as a
     * step function that rises at every hitting budget and runs flat to the largest budget any of its runs
     * spent. Pairs never reached count in the denominator, so a curve that stays below 1 shows the failures.
     * On a log axis, targets already reached at budget 0 rise at the smallest positive budget recorded.
     */
    public static XYChart ecdf(
            List<RunCurve> runs,
            String task,
            String metric,
            double[] targets,
            boolean higherIsBetter,
            Clock clock,
            OptimizerColors colors) {
        Map<String, List<Curve>> curves = StudyCurves.byOptimizer(runs, task, metric, clock);
        if (targets == null || targets.length == 0) {
            throw new IllegalArgumentException("ECDF needs at least 1 target, got " + Arrays.toString(targets));
        }
        for (double target : targets) {
            if (!Double.isFinite(target)) {
                throw new IllegalArgumentException("ECDF targets must be finite, got " + Arrays.toString(targets));
            }
        }
        FixedTarget.Direction direction = direction(higherIsBetter);
        List<String> optimizers = ordered(curves.keySet(), colors);
        XYChart chart = xyChart(
                task + ": budget to reach " + targets.length + " target" + (targets.length == 1 ? "" : "s") + " of "
                        + metric,
                clock.label(),
                "fraction of (seed, target) pairs reached");
        xAxis(chart, clock);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        for (String optimizer : optimizers) {
            List<Curve> ofOptimizer = curves.get(optimizer);
            double first = Double.POSITIVE_INFINITY;
            double last = Double.NEGATIVE_INFINITY;
            for (Curve curve : ofOptimizer) {
                for (double b : curve.budgets()) {
                    if (!clock.logScale() || b > 0) {
                        first = Math.min(first, b);
                        break;
                    }
                }
                last = Math.max(last, curve.finalBudget());
            }
            if (first == Double.POSITIVE_INFINITY) {
                continue;
            }
            List<Double> hits = new ArrayList<>();
            for (Curve curve : ofOptimizer) {
                for (double target : targets) {
                    double hit = FixedTarget.hittingBudget(curve, target, direction);
                    if (!Double.isNaN(hit)) {
                        hits.add(Math.max(hit, clock.logScale() ? first : hit));
                    }
                }
            }
            Collections.sort(hits);
            double pairs = (double) ofOptimizer.size() * targets.length;
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            if (hits.isEmpty() || hits.get(0) > first) {
                x.add(first);
                y.add(0.0);
            }
            for (int i = 0; i < hits.size(); i++) {
                if (i + 1 < hits.size() && hits.get(i + 1).equals(hits.get(i))) {
                    continue;
                }
                x.add(hits.get(i));
                y.add((i + 1) / pairs);
            }
            if (x.get(x.size() - 1) < last) {
                x.add(last);
                y.add(y.get(y.size() - 1));
            }
            XYSeries series = chart.addSeries(optimizer, x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(colors.of(optimizer));
            series.setLineStyle(LINE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("nothing to plot of metric " + metric + " of task " + task + " against "
                    + clock.label() + ": no optimizer advanced that clock");
        }
        return chart;
    }

    /**
     * {@link #costToTarget(List, String, String, double, boolean, Clock, OptimizerColors, long)} with colours
     * in the order the optimizers first appear in {@code runs}, which matches colours a study builds the same
     * way from the same runs.
     */
    public static CategoryChart costToTarget(
            List<RunCurve> runs,
            String task,
            String metric,
            double target,
            boolean higherIsBetter,
            Clock clock,
            long seed) {
        return costToTarget(
                runs,
                task,
                metric,
                target,
                higherIsBetter,
                clock,
                OptimizerColors.inOrderOfAppearance(StudyCurves.ofTask(runs, task)),
                seed);
    }

    /**
     * One bar per optimizer: the median budget to reach {@code target} over the seeds that reached it, with
     * an error bar spanning the 95% percentile bootstrap interval of that median ({@code seed} makes it
     * reproducible). Each category and bar series is labelled like "ga (0/5 reached)"; an optimizer no seed
     * of which reached the target is listed with no bar (its value is null).
     *
     * <p>XChart draws error bars symmetric about the value and cannot draw them on a series with missing
     * values, while the bootstrap interval of a median is usually asymmetric. The intervals are therefore
     * their own series, {@link #CI_SERIES}: an invisible point at the middle of each interval whose error
     * bar is half its width, so the bar runs exactly from the lower to the upper bound (0 and 0 for an
     * optimizer without a bar).
     */
    public static CategoryChart costToTarget(
            List<RunCurve> runs,
            String task,
            String metric,
            double target,
            boolean higherIsBetter,
            Clock clock,
            OptimizerColors colors,
            long seed) {
        Map<String, List<Curve>> curves = StudyCurves.byOptimizer(runs, task, metric, clock);
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("cost to target needs a finite target, got " + target);
        }
        FixedTarget.Direction direction = direction(higherIsBetter);
        List<String> optimizers = ordered(curves.keySet(), colors);
        List<String> labels = new ArrayList<>();
        List<Double> medians = new ArrayList<>();
        List<Double> middles = new ArrayList<>();
        List<Double> halfWidths = new ArrayList<>();
        for (String optimizer : optimizers) {
            FixedTarget.Result result = FixedTarget.evaluate(curves.get(optimizer), target, direction);
            labels.add(optimizer + " (" + result.successes() + "/" + result.runs() + " reached)");
            double[] hits = Arrays.stream(result.hittingBudgets())
                    .filter(h -> !Double.isNaN(h))
                    .toArray();
            if (hits.length == 0) {
                medians.add(null);
                middles.add(0.0);
                halfWidths.add(0.0);
                continue;
            }
            Bootstrap.Interval ci = Bootstrap.medianCi(hits, randomFor(seed, optimizer));
            medians.add(ci.estimate());
            middles.add((ci.low() + ci.high()) / 2);
            halfWidths.add((ci.high() - ci.low()) / 2);
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(task + ": budget to reach " + metric + (higherIsBetter ? " >= " : " <= ") + target)
                .xAxisTitle("optimizer (seeds that reached the target)")
                .yAxisTitle("median " + clock.label() + " to target")
                .build();
        style(chart.getStyler());
        // Each optimizer is its own series so it keeps its colour; overlapping puts its single bar at full
        // width in its own category instead of in a slot beside the empty slots of the others.
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setYAxisMin(0.0);
        for (int i = 0; i < optimizers.size(); i++) {
            List<Double> y = new ArrayList<>(Collections.nCopies(optimizers.size(), (Double) null));
            y.set(i, medians.get(i));
            CategorySeries series = chart.addSeries(labels.get(i), labels, y);
            series.setFillColor(colors.of(optimizers.get(i)));
        }
        CategorySeries intervals = chart.addSeries(CI_SERIES, labels, middles, halfWidths);
        intervals.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        intervals.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /**
     * For one optimizer on {@code task}, the medians over seeds of train_loss, validation_loss and test_loss
     * (dashed, when recorded) against {@code clock}, and the generalisation gap: the validation median minus
     * the train median ({@link #GAP_SERIES}). Runs are read on a common grid as in {@link #convergence}.
     */
    public static XYChart overfitting(List<RunCurve> runs, String task, String optimizer, Clock clock) {
        List<RunCurve> ofOptimizer = StudyCurves.ofTask(runs, task).stream()
                .filter(r -> r.optimizer().equals(optimizer))
                .toList();
        if (ofOptimizer.isEmpty()) {
            throw new IllegalArgumentException("no runs of optimizer " + optimizer + " on task " + task);
        }
        XYChart chart = xyChart(task + ": " + optimizer + " train vs validation loss", clock.label(), "loss");
        xAxis(chart, clock);
        List<String> metrics = List.of("train_loss", "validation_loss", "test_loss");
        List<Color> splitColors = List.of(TRAIN, VALIDATION, TEST);
        List<double[]> medians = new ArrayList<>();
        double[] grid = null;
        for (String metric : metrics) {
            List<Curve> curves;
            try {
                curves = StudyCurves.byOptimizer(ofOptimizer, task, metric, clock)
                        .get(optimizer);
            } catch (IllegalArgumentException absent) {
                medians.add(null);
                continue;
            }
            if (grid == null) {
                // All metrics of a run share its checkpoints, so the first recorded one fixes the grid.
                grid = StudyCurves.grid(curves, clock.logScale(), GRID_POINTS);
            }
            double[] median = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                double[] values = StudyCurves.finiteValuesAt(curves, grid[i]);
                median[i] = values.length == 0 ? Double.NaN : Descriptive.median(values);
            }
            medians.add(median);
        }
        if (medians.get(0) == null || medians.get(1) == null) {
            throw new IllegalArgumentException("overfitting needs finite values of both train_loss and validation_loss"
                    + " in the runs of " + optimizer + " on task " + task + ", missing "
                    + (medians.get(0) == null ? "train_loss" : "validation_loss"));
        }
        Range range = new Range();
        for (int m = 0; m < metrics.size(); m++) {
            if (medians.get(m) != null) {
                addFinite(
                        chart,
                        metrics.get(m).replace('_', ' '),
                        grid,
                        medians.get(m),
                        splitColors.get(m),
                        m == 2,
                        range);
            }
        }
        double[] gap = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            gap[i] = medians.get(1)[i] - medians.get(0)[i];
        }
        addFinite(chart, GAP_SERIES, grid, gap, GAP, false, range);
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("nothing to plot of the losses of " + optimizer + " on task " + task
                    + " against " + clock.label() + ": the runs never advanced that clock");
        }
        logYIfDecades(chart.getStyler(), range);
        return chart;
    }

    /**
     * A box plot per optimizer of {@code metric} at the last checkpoint of each of its runs on {@code task};
     * runs whose final value is NaN (diverged) are left out.
     *
     * <p>Each box series carries its optimizer's colour, but XChart 3.8.8 draws every box blue with a red
     * median and black whiskers whatever the series says; only the outlier markers take the colour. The
     * boxes are told apart by their category labels.
     */
    public static BoxChart finalValues(List<RunCurve> runs, String task, String metric, OptimizerColors colors) {
        List<RunCurve> ofTask = StudyCurves.ofTask(runs, task);
        if (metric == null || metric.isBlank() || colors == null) {
            throw new IllegalArgumentException(
                    "final values need a metric and colours, got " + metric + " and " + colors);
        }
        Map<String, List<Double>> finals = new java.util.LinkedHashMap<>();
        for (RunCurve run : ofTask) {
            if (run.checkpoints().isEmpty()) {
                continue;
            }
            double value = run.checkpoints().get(run.checkpoints().size() - 1).metric(metric);
            if (Double.isFinite(value)) {
                finals.computeIfAbsent(run.optimizer(), k -> new ArrayList<>()).add(value);
            }
        }
        if (finals.isEmpty()) {
            // Delegating to the curve reader gives the same message as the other charts.
            StudyCurves.byOptimizer(ofTask, task, metric, Clock.ITERATIONS);
            throw new IllegalArgumentException(
                    "no finite final values of metric " + metric + " in the runs of task " + task);
        }
        BoxChart chart = new BoxChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(task + ": final " + metric)
                .xAxisTitle("optimizer")
                .yAxisTitle(metric)
                .build();
        style(chart.getStyler());
        for (String optimizer : ordered(finals.keySet(), colors)) {
            BoxSeries series = chart.addSeries(optimizer, finals.get(optimizer));
            Color color = colors.of(optimizer);
            series.setFillColor(translucent(color, 90));
            series.setLineColor(color);
            series.setMarkerColor(color);
        }
        return chart;
    }

    private static void addFinite(
            XYChart chart, String name, double[] grid, double[] values, Color color, boolean dashed, Range range) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < grid.length; i++) {
            if (Double.isFinite(values[i])) {
                x.add(grid[i]);
                y.add(values[i]);
                range.add(values[i]);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(dashed ? DASHED : LINE);
    }

    /** The optimizers present, in the order of the study's colours, rejecting any the colours do not know. */
    private static List<String> ordered(java.util.Collection<String> present, OptimizerColors colors) {
        if (colors == null) {
            throw new IllegalArgumentException("study chart needs optimizer colours, got null");
        }
        List<String> unknown = present.stream().filter(o -> !colors.knows(o)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "optimizers " + unknown + " have no colour; the study's optimizers are " + colors.optimizers());
        }
        return colors.optimizers().stream().filter(present::contains).toList();
    }

    /**
     * A generator per optimizer, so that an optimizer's band does not change when another optimizer is added
     * to or removed from the chart. String.hashCode is specified, so this is reproducible across JVMs.
     */
    private static RandomGenerator randomFor(long seed, String optimizer) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * optimizer.hashCode()));
    }

    private static FixedTarget.Direction direction(boolean higherIsBetter) {
        return higherIsBetter ? FixedTarget.Direction.HIGHER_IS_BETTER : FixedTarget.Direction.LOWER_IS_BETTER;
    }

    private static Color translucent(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /** A log x axis for clocks that span decades; otherwise a linear one whose ticks read as plain numbers. */
    private static void xAxis(XYChart chart, Clock clock) {
        chart.getStyler().setXAxisLogarithmic(clock.logScale());
        if (!clock.logScale()) {
            chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        }
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        return chart;
    }

    /** The house style of {@link org.learnbench.report.ConvergenceChart}. */
    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setPlotGridLinesColor(new Color(0xe4, 0xe4, 0xe4));
        // Solid grid lines: a dashed stroke reaches an SVG as hundreds of tiny filled rectangles per line.
        styler.setPlotGridLinesStroke(new BasicStroke(0.8f));
    }

    /**
     * A log y axis when every value is positive and they span more than a decade and a half (losses falling
     * towards zero), as in the house convergence chart; linear otherwise.
     */
    private static void logYIfDecades(AxesChartStyler styler, Range range) {
        boolean logarithmic = range.positive && range.highest / range.lowest > Math.pow(10, 1.5);
        styler.setYAxisLogarithmic(logarithmic);
        styler.setYAxisDecimalPattern(logarithmic ? "0.#####" : "#,##0.###");
    }

    /** The extent of the values drawn on a y axis. */
    private static final class Range {
        private boolean positive = true;
        private double lowest = Double.POSITIVE_INFINITY;
        private double highest = Double.NEGATIVE_INFINITY;

        void add(double value) {
            positive &= value > 0;
            lowest = Math.min(lowest, value);
            highest = Math.max(highest, value);
        }
    }
}
