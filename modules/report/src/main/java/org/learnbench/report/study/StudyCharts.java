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
     *
     * <p>On {@link Clock#WALL_SECONDS}, where seeds end at different times, the grid runs to the slowest seed
     * and the axis spans it; at each time the median is over the seeds still running (a checkpoint at or
     * before it, and not ended before it), and the curve stops for good where fewer than half of the seeds
     * are running. The x axis title says so.
     */
    public static XYChart convergence(
            List<RunCurve> runs, String task, String metric, Clock clock, OptimizerColors colors, long seed) {
        Map<String, List<Curve>> curves = StudyCurves.byOptimizer(runs, task, metric, clock);
        List<String> optimizers = ordered(curves.keySet(), colors);
        boolean ragged = clock == Clock.WALL_SECONDS;
        XYChart chart = xyChart(
                task + ": median " + AxisLabels.metricShort(metric) + " by " + AxisLabels.clockShort(clock),
                AxisLabels.clock(clock)
                        + (ragged ? "; medians over the seeds still running, while at least half are" : ""),
                AxisLabels.metric(metric));
        Range range = new Range();
        double slowest = 0;
        double earliest = Double.POSITIVE_INFINITY;
        for (String optimizer : optimizers) {
            List<Curve> ofOptimizer = curves.get(optimizer);
            RandomGenerator random = randomFor(seed, optimizer);
            List<Double> x = new ArrayList<>();
            List<Double> median = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            // On the wall clock seeds end at different times: the grid runs to the slowest seed, and each
            // point takes the median over the seeds still running, drawn while at least half of them are.
            double[] grid = ragged
                    ? StudyCurves.gridToSlowest(ofOptimizer, clock.logScale(), GRID_POINTS)
                    : StudyCurves.grid(ofOptimizer, clock.logScale(), GRID_POINTS);
            for (double budget : grid) {
                double[] values = ragged
                        ? StudyCurves.runningValuesAt(ofOptimizer, budget)
                        : StudyCurves.finiteValuesAt(ofOptimizer, budget);
                if (ragged && 2 * StudyCurves.running(ofOptimizer, budget) < ofOptimizer.size()) {
                    // Once fewer than half remain the curve ends for good: seeds that record their first
                    // checkpoint late (a slow start on a busy machine) must not bring it back as a median
                    // of other seeds, joined to the last one by a straight line.
                    if (!x.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (values.length == 0) {
                    continue;
                }
                Bootstrap.Interval ci = Bootstrap.ci(values, Descriptive::median, LEVEL, BAND_RESAMPLES, random);
                x.add(budget);
                median.add(ci.estimate());
                low.add(ci.low());
                high.add(ci.high());
                // The axis fits the medians: one wild seed can widen a band by orders of magnitude, and would
                // flatten every curve; a band is cut at the plot's edge instead.
                range.add(ci.estimate());
                earliest = Math.min(earliest, budget);
            }
            for (Curve c : ofOptimizer) {
                slowest = Math.max(slowest, c.finalBudget());
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
        Axes.fitX(chart, clock.logScale(), earliest);
        if (ragged) {
            // The axis spans the slowest seed even where too few seeds remain to draw a median.
            chart.getStyler().setXAxisMax(slowest);
        }
        if (!Axes.fitY(chart, range.lowest, range.highest) && range.highest >= range.lowest) {
            // A linear axis fitted to the medians too, so a wild seed's band cannot stretch it.
            double pad = Math.max(1e-9, 0.05 * (range.highest - range.lowest));
            chart.getStyler().setYAxisMin(range.lowest - pad);
            chart.getStyler().setYAxisMax(range.highest + pad);
        }
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
                task + ": " + AxisLabels.clockShort(clock) + " to reach " + targets.length + " target"
                        + (targets.length == 1 ? "" : "s") + " of " + AxisLabels.metricShort(metric) + " ("
                        + (higherIsBetter ? "\u2265 " : "\u2264 ")
                        + String.join(
                                ", ",
                                Arrays.stream(targets).mapToObj(Axes::plain).toList()) + ")",
                AxisLabels.clock(clock),
                "fraction of (seed, target) pairs reached");
        double firstPositive = Double.POSITIVE_INFINITY;
        for (List<Curve> ofOptimizer : curves.values()) {
            for (Curve c : ofOptimizer) {
                for (double b : c.budgets()) {
                    if (b > 0) {
                        firstPositive = Math.min(firstPositive, b);
                        break;
                    }
                }
            }
        }
        Axes.fitX(chart, clock.logScale(), firstPositive);
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

    /** The name of the series of markers for optimizers whose median cost is infinite. */
    public static final String NEVER_SERIES = "median never reached (at least half the seeds failed)";

    /**
     * One bar per optimizer: the median budget to reach {@code target} over all its seeds, a seed that never
     * reached it counting as infinitely expensive, as in the report's fixed-target table ({@link
     * #medianCostWithFailures}); with an error bar spanning the 95% percentile bootstrap interval of that
     * median ({@code seed} makes it reproducible), which runs to the top of the axis when its upper end is
     * infinite. Each category and bar series is labelled like "ga (0/5 reached)". An optimizer whose median
     * is infinite (half or more of its seeds failed, or more than half for an even count) gets no bar but a
     * triangle at the top of the axis, in the series {@link #NEVER_SERIES}; it is never a zero-height bar.
     * The bars are left out of the legend, since the categories name them. When the finite medians and lower
     * interval ends span decades the y axis is logarithmic, from the decade below the cheapest.
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
        List<Bootstrap.Interval> intervals = new ArrayList<>();
        double top = 0;
        for (String optimizer : optimizers) {
            FixedTarget.Result result = FixedTarget.evaluate(curves.get(optimizer), target, direction);
            labels.add(optimizer + " (" + result.successes() + "/" + result.runs() + " reached)");
            double[] costs = Arrays.stream(result.hittingBudgets())
                    .map(h -> Double.isNaN(h) ? Double.POSITIVE_INFINITY : h)
                    .toArray();
            Bootstrap.Interval ci = Bootstrap.ci(
                    costs,
                    StudyCharts::medianCostWithFailures,
                    LEVEL,
                    Bootstrap.DEFAULT_RESAMPLES,
                    randomFor(seed, optimizer));
            medians.add(ci.estimate());
            intervals.add(ci);
            for (double v : new double[] {ci.estimate(), ci.low(), ci.high()}) {
                if (Double.isFinite(v)) {
                    top = Math.max(top, v);
                }
            }
            for (double h : costs) {
                if (Double.isFinite(h)) {
                    top = Math.max(top, h);
                }
            }
        }
        double bottom = Double.POSITIVE_INFINITY;
        for (int i = 0; i < medians.size(); i++) {
            for (double v : new double[] {medians.get(i), intervals.get(i).low()}) {
                if (Double.isFinite(v) && v > 0) {
                    bottom = Math.min(bottom, v);
                }
            }
        }
        // Costs spanning decades (1e3 to 1e5 sample forward passes) get a log axis, bars rising from the
        // decade below the cheapest; otherwise a linear axis from 0.
        boolean log = Axes.spansDecades(bottom, top);
        double axisTop = log ? Math.pow(10, Math.ceil(Math.log10(top * 1.08))) : top > 0 ? top * 1.08 : 1;
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(task + ": " + AxisLabels.clockShort(clock) + " to reach " + AxisLabels.metricShort(metric)
                        + (higherIsBetter ? " \u2265 " : " \u2264 ") + Axes.plain(target))
                .xAxisTitle("optimizer (seeds that reached the target)")
                .yAxisTitle("median " + AxisLabels.clockShort(clock) + " to target (failed seed = \u221e)")
                .build();
        style(chart.getStyler());
        // Each optimizer is its own series so it keeps its colour; overlapping puts its single bar at full
        // width in its own category instead of in a slot beside the empty slots of the others.
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        if (log) {
            // Strictly below the cheapest, so a cost of exactly 100 is still a visible bar from 10.
            double floor = Math.pow(10, Math.ceil(Math.log10(bottom)) - 1);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(floor);
            chart.getStyler().setYAxisDecimalPattern(Axes.logPattern(floor));
        } else {
            chart.getStyler().setYAxisMin(0.0);
            chart.setCustomYAxisTickLabelsFormatter(Axes::plain);
        }
        chart.getStyler().setYAxisMax(axisTop);
        List<Double> middles = new ArrayList<>();
        List<Double> halfWidths = new ArrayList<>();
        List<Double> never = new ArrayList<>();
        for (int i = 0; i < optimizers.size(); i++) {
            List<Double> y = new ArrayList<>(Collections.nCopies(optimizers.size(), (Double) null));
            double median = medians.get(i);
            y.set(i, Double.isFinite(median) ? median : null);
            CategorySeries series = chart.addSeries(labels.get(i), labels, y);
            series.setFillColor(colors.of(optimizers.get(i)));
            // The categories name the bars already.
            series.setShowInLegend(false);
            Bootstrap.Interval ci = intervals.get(i);
            if (Double.isFinite(median)) {
                double high = Double.isFinite(ci.high()) ? ci.high() : axisTop;
                middles.add((ci.low() + high) / 2);
                halfWidths.add((high - ci.low()) / 2);
            } else {
                middles.add(0.0);
                halfWidths.add(0.0);
            }
            never.add(Double.isFinite(median) ? null : axisTop);
        }
        if (!log) {
            // XChart places a category chart's error bars wrongly on a logarithmic axis (they run over the
            // whole plot), so the interval is drawn on linear axes only; the table holds it either way.
            CategorySeries bars = chart.addSeries(CI_SERIES, labels, middles, halfWidths);
            bars.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
            bars.setMarker(SeriesMarkers.NONE);
        }
        if (never.stream().anyMatch(java.util.Objects::nonNull)) {
            CategorySeries markers = chart.addSeries(NEVER_SERIES, labels, never);
            markers.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
            markers.setMarker(SeriesMarkers.TRIANGLE_UP);
            markers.setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    /**
     * The median cost over seeds with failures as +infinity, as the report's fixed-target table computes it:
     * the middle value for an odd count, the mean of the two middle values for an even one, so it is finite
     * only when more than half of the seeds succeeded.
     */
    public static double medianCostWithFailures(double[] costs) {
        if (costs == null || costs.length == 0) {
            throw new IllegalArgumentException("a median cost needs at least 1 seed");
        }
        double[] sorted = Arrays.stream(costs)
                .map(c -> Double.isNaN(c) ? Double.POSITIVE_INFINITY : c)
                .sorted()
                .toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
        XYChart chart = xyChart(
                task + ": " + optimizer + ", median train, validation and test loss by " + AxisLabels.clockShort(clock),
                AxisLabels.clock(clock),
                "loss (median over seeds)");
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
        Axes.fitX(chart, clock.logScale(), grid.length == 0 ? 1 : grid[0]);
        Axes.fitY(chart, range.lowest, range.highest);
        return chart;
    }

    /**
     * A box plot per optimizer of {@code metric} at the last checkpoint of each of its runs on {@code task};
     * runs whose final value is NaN (diverged) are left out. Each seed is drawn as a point over its box. The
     * y axis is {@link Axes#robust robust}: a collapsed run far beyond the others does not flatten every box;
     * the x axis title says how many points lie beyond the axis, and they are drawn at its edge
     * (XChart's box chart has no other way to stop at a range; a quartile can move when more than a quarter of
     * an optimizer's seeds are cut).
     *
     * <p>Each box series carries its optimizer's colour, but XChart 3.8.8 draws every box blue with a red
     * median and black whiskers whatever the series says; only the points take the colour. The boxes are
     * told apart by their category labels. {@link #finalValuesWithSeeds} draws the same data in the
     * optimizers' colours, with markers for the points beyond the axis.
     */
    public static BoxChart finalValues(List<RunCurve> runs, String task, String metric, OptimizerColors colors) {
        Map<String, List<Double>> finals = finals(runs, task, metric, colors);
        Axes.Range range = Axes.robust(finals.values().stream()
                .map(v -> v.stream().mapToDouble(d -> d).toArray())
                .toList());
        BoxChart chart = new BoxChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(task + ": final " + AxisLabels.metricShort(metric) + " per seed")
                .xAxisTitle("optimizer" + (range.cut() == 0 ? "" : " \u2014 " + range.note()))
                .yAxisTitle(AxisLabels.metric(metric))
                .build();
        style(chart.getStyler());
        chart.getStyler().setShowWithinAreaPoint(true);
        chart.getStyler().setYAxisMin(range.low());
        chart.getStyler().setYAxisMax(range.high());
        chart.setCustomYAxisTickLabelsFormatter(Axes::plain);
        for (String optimizer : ordered(finals.keySet(), colors)) {
            // XChart's box chart fits its axis to the data whatever the styler says, so points beyond the
            // robust range are drawn at its edge (and counted in the axis title).
            List<Double> clamped =
                    finals.get(optimizer).stream().map(v -> clamp(v, range)).toList();
            BoxSeries series = chart.addSeries(optimizer, clamped);
            Color color = colors.of(optimizer);
            series.setFillColor(translucent(color, 90));
            series.setLineColor(color);
            series.setMarkerColor(color);
        }
        return chart;
    }

    /**
     * The final values of {@link #finalValues} drawn by hand on an XY chart, so each optimizer keeps its
     * colour: per optimizer at x = 1, 2, ..., a box from the first to the third quartile (type 7, as the
     * tables), a black median bar, whiskers to the most extreme values within 1.5 interquartile ranges of
     * the box, and every seed as a point, spread sideways by rank so equal values stay visible. Quartiles and
     * medians are of all finite values, so they equal the tables' even when the axis cuts some points; the
     * y axis is {@link Axes#robust robust}, and points beyond it are drawn as triangles at its edge, in a
     * series whose legend entry counts them ({@link Axes.Range#note()}).
     */
    public static XYChart finalValuesWithSeeds(
            List<RunCurve> runs, String task, String metric, OptimizerColors colors) {
        Map<String, List<Double>> finals = finals(runs, task, metric, colors);
        List<String> optimizers = ordered(finals.keySet(), colors);
        Axes.Range range = Axes.robust(finals.values().stream()
                .map(v -> v.stream().mapToDouble(d -> d).toArray())
                .toList());
        XYChart chart = xyChart(
                task + ": final " + AxisLabels.metricShort(metric) + " per seed",
                "optimizer",
                AxisLabels.metric(metric));
        chart.getStyler().setYAxisMin(range.low());
        chart.getStyler().setYAxisMax(range.high());
        chart.getStyler().setXAxisMin(0.4);
        chart.getStyler().setXAxisMax(optimizers.size() + 0.6);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.setCustomYAxisTickLabelsFormatter(Axes::plain);
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            if (Math.abs(x - i) < 1e-9 && i >= 1 && i <= optimizers.size()) {
                return optimizers.get((int) i - 1);
            }
            // XChart drops the labels of an axis whose labels repeat, so ticks between optimizers get distinct
            // invisible ones (zero-width spaces).
            return "\u200b".repeat((int) Math.max(1, Math.min(1000, Math.round(x * 100) + 100)));
        });
        List<Double> beyondX = new ArrayList<>();
        List<Double> beyondY = new ArrayList<>();
        for (int k = 0; k < optimizers.size(); k++) {
            String optimizer = optimizers.get(k);
            double[] values =
                    finals.get(optimizer).stream().mapToDouble(d -> d).sorted().toArray();
            double center = k + 1;
            Color color = colors.of(optimizer);
            double q1 = Descriptive.quantile(values, 0.25);
            double q3 = Descriptive.quantile(values, 0.75);
            double median = Descriptive.median(values);
            double iqr = q3 - q1;
            double whiskerLow = q1;
            double whiskerHigh = q3;
            for (double v : values) {
                if (v >= q1 - 1.5 * iqr) {
                    whiskerLow = Math.min(whiskerLow, v);
                }
                if (v <= q3 + 1.5 * iqr) {
                    whiskerHigh = Math.max(whiskerHigh, v);
                }
            }
            XYSeries box = chart.addSeries(
                    optimizer,
                    new double[] {center - 0.25, center + 0.25, center + 0.25, center - 0.25},
                    new double[] {clamp(q1, range), clamp(q1, range), clamp(q3, range), clamp(q3, range)});
            box.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            box.setMarker(SeriesMarkers.NONE);
            box.setFillColor(translucent(color, 70));
            box.setLineColor(color);
            box.setLineStyle(new BasicStroke(1.2f));
            line(chart, optimizer + " median", center - 0.25, center + 0.25, clamp(median, range), clamp(median, range))
                    .setLineStyle(new BasicStroke(2.5f));
            line(chart, optimizer + " whisker low", center, center, clamp(q1, range), clamp(whiskerLow, range))
                    .setLineColor(color);
            line(chart, optimizer + " whisker high", center, center, clamp(q3, range), clamp(whiskerHigh, range))
                    .setLineColor(color);
            List<Double> seedX = new ArrayList<>();
            List<Double> seedY = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                // Sideways by rank, so that seeds with equal values are side by side instead of on top.
                double x = center + (values.length == 1 ? 0 : (i / (values.length - 1.0) - 0.5) * 0.3);
                if (range.contains(values[i])) {
                    seedX.add(x);
                    seedY.add(values[i]);
                } else {
                    beyondX.add(x);
                    beyondY.add(values[i] < range.low() ? range.low() : range.high());
                }
            }
            if (!seedX.isEmpty()) {
                XYSeries seeds = chart.addSeries(optimizer + " seeds", seedX, seedY);
                seeds.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                seeds.setMarker(SeriesMarkers.CIRCLE);
                seeds.setMarkerColor(color.darker());
                seeds.setShowInLegend(false);
            }
        }
        if (!beyondX.isEmpty()) {
            XYSeries beyond = chart.addSeries(range.note(), beyondX, beyondY);
            beyond.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            beyond.setMarker(
                    range.above() > 0 && range.below() == 0 ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.TRIANGLE_DOWN);
            beyond.setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    /** The finite final values of {@code metric} per optimizer of {@code task}, in the order of the runs. */
    private static Map<String, List<Double>> finals(
            List<RunCurve> runs, String task, String metric, OptimizerColors colors) {
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
        return finals;
    }

    private static double clamp(double value, Axes.Range range) {
        return Math.max(range.low(), Math.min(range.high(), value));
    }

    private static XYSeries line(XYChart chart, String name, double x0, double x1, double y0, double y1) {
        XYSeries series = chart.addSeries(name, new double[] {x0, x1}, new double[] {y0, y1});
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(Color.BLACK);
        series.setShowInLegend(false);
        return series;
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
        // The study seed's bootstrap stream, split once more per optimizer so each band resamples on its own.
        long stream = new org.learnbench.optim.SeedStreams(seed).seed(org.learnbench.optim.SeedStreams.BOOTSTRAP);
        return new SplittableRandom(org.learnbench.optim.SeedStreams.mix(stream ^ optimizer.hashCode()));
    }

    private static FixedTarget.Direction direction(boolean higherIsBetter) {
        return higherIsBetter ? FixedTarget.Direction.HIGHER_IS_BETTER : FixedTarget.Direction.LOWER_IS_BETTER;
    }

    static Color translucent(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    static XYChart xyChart(String title, String xTitle, String yTitle) {
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
