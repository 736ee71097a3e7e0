package org.learnbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.learnbench.optim.Checkpoint;
import org.learnbench.report.study.Axes;
import org.learnbench.report.study.AxisLabels;

/**
 * The convergence chart of one run: the named checkpoint metrics (training and validation loss, and test
 * loss dashed, for a supervised task; the fitness for a black-box function) against iterations, on a log
 * scale when every value is positive and they span more than a decade and a half (losses and fitness
 * falling towards zero), linear otherwise (see {@link Axes}); series and axes are named in words ({@link
 * AxisLabels}). Written as a PNG a user opens.
 */
public final class ConvergenceChart {
    /** Split colours, fixed so every chart of the workbench reads the same way. */
    private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);

    private static final Color VALIDATION = new Color(0xd6, 0x27, 0x28);
    private static final Color TEST = new Color(0x7f, 0x7f, 0x7f);
    /** Colours of series that are not a data split, in order. */
    private static final Color[] OTHERS = {
        new Color(0x1f, 0x77, 0xb4),
        new Color(0xff, 0x7f, 0x0e),
        new Color(0x2c, 0xa0, 0x2c),
        new Color(0x94, 0x67, 0xbd)
    };

    private ConvergenceChart() {}

    private static String axisTitle(List<String> series) {
        if (series.stream().allMatch(m -> m.endsWith("loss"))) {
            return "loss";
        }
        if (series.stream().allMatch(m -> m.contains("return"))) {
            return "return";
        }
        if (series.size() == 1) {
            return AxisLabels.metric(series.get(0));
        }
        return String.join(", ", series.stream().map(AxisLabels::metricShort).toList());
    }

    /** True when at least one of the series has a finite value to plot (a diverged run may have none). */
    public static boolean hasData(List<String> series, List<Checkpoint> checkpoints) {
        return checkpoints.stream().anyMatch(c -> series.stream().anyMatch(m -> Double.isFinite(c.metric(m))));
    }

    /**
     * Builds the chart; {@code iterationLabel} names the x axis ("epoch", "generation", ...), {@code
     * series} the metrics to plot (a "test..." series is dashed; missing ones are skipped).
     */
    public static XYChart build(
            String title, String iterationLabel, List<String> series, List<Checkpoint> checkpoints) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle(iterationLabel)
                .yAxisTitle(axisTitle(series))
                .build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        boolean positive = true;
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        int plotted = 0;
        for (String metric : series) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Checkpoint c : checkpoints) {
                double v = c.metric(metric);
                if (Double.isFinite(v)) {
                    x.add((double) c.iteration());
                    y.add(v);
                    positive &= v > 0;
                    lowest = Math.min(lowest, v);
                    highest = Math.max(highest, v);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            String name = AxisLabels.metricShort(metric);
            // Two metrics with the same words (a name the labels do not know, spelled two ways) keep apart.
            XYSeries s = chart.addSeries(chart.getSeriesMap().containsKey(name) ? metric : name, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(
                    metric.startsWith("train_") && metric.endsWith("loss")
                            ? TRAIN
                            : metric.startsWith("validation")
                                    ? VALIDATION
                                    : metric.startsWith("test") ? TEST : OTHERS[plotted % OTHERS.length]);
            s.setLineStyle(
                    metric.startsWith("test")
                            ? new BasicStroke(
                                    1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                            : new BasicStroke(2.2f));
            plotted++;
        }
        if (plotted == 0) {
            throw new IllegalArgumentException("no finite values of " + series + " to plot");
        }
        // A log axis bounded by whole decades, so the smallest value is never drawn below it, with plain
        // decade labels; a linear one labelled without E notation.
        Axes.fitY(chart, positive ? lowest : -1, highest);
        Axes.fitX(chart, false, 1);
        return chart;
    }

    /** Writes the chart as a PNG (the ".png" suffix is added by XChart if missing). */
    public static Path writePng(XYChart chart, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmapWithDPI(chart, base, BitmapEncoder.BitmapFormat.PNG, 144);
        return Path.of(base + ".png");
    }
}
