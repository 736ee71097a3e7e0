package org.learnbench.report.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.learnbench.report.stats.ExpectedMaximum;
import org.learnbench.report.stats.PerformanceProfile;

/**
 * Charts of a tuned comparison: how the expected result grows with the tuning budget (the number of trials),
 * and performance profiles across tasks.
 */
public final class TuningCharts {
    private TuningCharts() {}

    private static final BasicStroke LINE = new BasicStroke(2.2f);
    private static final BasicStroke DASHED =
            new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);

    /** One optimizer's trials: per trial, its validation (selection) value and its test value (NaN if none). */
    public record Trials(double[] validation, double[] test) {}

    /**
     * The expected best validation value after k trials (k = 1..N), per optimizer, with the bootstrap 95% band
     * as a translucent area, and the expected test value of the validation-best trial as a dashed line.
     */
    public static XYChart expectedBest(
            String task,
            String validationMetric,
            String testMetric,
            Map<String, Trials> byOptimizer,
            boolean higherIsBetter,
            OptimizerColors colors,
            long seed) {
        XYChart chart = StudyCharts.xyChart(
                task + ": expected best of k tuning trials",
                "tuning budget: trials k (the expectation over every k-subset of the trials run)",
                AxisLabels.metric(validationMetric) + (testMetric.isEmpty() ? "" : "; dashed: " + testMetric));
        List<double[]> plotted = new ArrayList<>();
        int most = 1;
        for (Map.Entry<String, Trials> e : byOptimizer.entrySet()) {
            Trials t = e.getValue();
            double[] v = worstForNaN(t.validation(), higherIsBetter);
            double[] testValues = worstForNaN(t.test(), higherIsBetter);
            if (v == null) {
                continue;
            }
            if (testValues == null) {
                testValues = t.test();
            }
            ExpectedMaximum.Point[] curve = ExpectedMaximum.curve(v, testValues, higherIsBetter);
            double[][] band = ExpectedMaximum.band(
                    v,
                    testValues,
                    higherIsBetter,
                    0.95,
                    1000,
                    new java.util.SplittableRandom(seed ^ e.getKey().hashCode()));
            Color color = colors.of(e.getKey());
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> test = new ArrayList<>();
            for (ExpectedMaximum.Point p : curve) {
                x.add((double) p.k());
                y.add(p.validation());
                test.add(p.test());
            }
            most = Math.max(most, curve.length);
            if (curve.length > 1) {
                List<Double> bandX = new ArrayList<>(x);
                List<Double> reversed = new ArrayList<>(x);
                java.util.Collections.reverse(reversed);
                bandX.addAll(reversed);
                List<Double> bandY = new ArrayList<>();
                for (double d : band[0]) {
                    bandY.add(d);
                }
                for (int i = band[1].length - 1; i >= 0; i--) {
                    bandY.add(band[1][i]);
                }
                XYSeries area = chart.addSeries(e.getKey() + StudyCharts.BAND_SUFFIX, bandX, bandY);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setMarker(SeriesMarkers.NONE);
                area.setFillColor(StudyCharts.translucent(color, 50));
                area.setLineColor(StudyCharts.translucent(color, 100));
                area.setLineStyle(new BasicStroke(0.6f));
                area.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(e.getKey(), x, y);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setMarkerColor(color);
            line.setLineColor(color);
            line.setLineStyle(LINE);
            if (test.stream().allMatch(Double::isFinite)) {
                XYSeries dashed = chart.addSeries(e.getKey() + " (test)", x, test);
                dashed.setMarker(SeriesMarkers.NONE);
                dashed.setLineColor(color);
                dashed.setLineStyle(DASHED);
                dashed.setShowInLegend(false);
                plotted.add(test.stream().mapToDouble(Double::doubleValue).toArray());
            }
            plotted.add(y.stream().mapToDouble(Double::doubleValue).toArray());
        }
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax((double) most);
        chart.getStyler().setXAxisDecimalPattern("0");
        if (!plotted.isEmpty()) {
            // Fitted to the curves (bands may run off it), so that one disastrous trial at k = 1 cannot
            // flatten the differences the chart is for; what is cut is counted in the title.
            Axes.Range range = Axes.robust(plotted);
            if (range.high() > range.low()) {
                chart.getStyler().setYAxisMin(range.low());
                chart.getStyler().setYAxisMax(range.high());
            }
            if (range.cut() > 0) {
                chart.setTitle(chart.getTitle() + " (" + range.note() + ")");
            }
        }
        return chart;
    }

    /**
     * A performance profile: per optimizer, the fraction of tasks on which its ratio to the best optimizer
     * (cost to reach the task's target, or error of its final result) is at most tau, against tau on a log
     * axis from 1 to {@code tauMax}; in the legend, the area score.
     *
     * @param ratios [task][optimizer] from {@link PerformanceProfile#ratios}
     */
    public static XYChart performanceProfile(
            String title,
            String what,
            List<String> optimizers,
            double[][] ratios,
            double tauMax,
            OptimizerColors colors) {
        XYChart chart = StudyCharts.xyChart(
                title, "tau: within this factor of the best optimizer's " + what + " (log scale)", "fraction of tasks");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax(tauMax);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        for (int s = 0; s < optimizers.size(); s++) {
            List<Double> taus = new ArrayList<>();
            taus.add(1.0);
            for (double[] row : ratios) {
                if (row[s] > 1 && row[s] <= tauMax) {
                    taus.add(row[s]);
                }
            }
            taus.add(tauMax);
            java.util.Collections.sort(taus);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double tau : taus) {
                if (!x.isEmpty() && x.get(x.size() - 1) == tau) {
                    continue;
                }
                x.add(tau);
                y.add(PerformanceProfile.rho(ratios, s, tau));
            }
            String name = optimizers.get(s);
            XYSeries series = chart.addSeries(
                    String.format(
                            java.util.Locale.ROOT, "%s (area %.2f)", name, PerformanceProfile.score(ratios, s, tauMax)),
                    x,
                    y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(colors.of(name));
            series.setLineStyle(LINE);
        }
        return chart;
    }

    /**
     * NaN (a trial that recorded nothing) as the worst value the other trials recorded, so that it never
     * counts as a best and keeps the expectations finite; null when no trial recorded a value.
     */
    static double[] worstForNaN(double[] values, boolean higherIsBetter) {
        double worst = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(worst) || (higherIsBetter ? v < worst : v > worst))) {
                worst = v;
            }
        }
        if (Double.isNaN(worst)) {
            return null;
        }
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = worst;
            }
        }
        return out;
    }
}
