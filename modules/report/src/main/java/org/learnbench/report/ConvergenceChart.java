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

/**
 * The convergence chart of one run: training and validation loss (and test loss, dashed, when present)
 * against iterations, on a log scale when every value is positive. Written as a PNG a user opens.
 */
public final class ConvergenceChart {
    /** Split colours, fixed so every chart of the workbench reads the same way. */
    private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);

    private static final Color VALIDATION = new Color(0xd6, 0x27, 0x28);
    private static final Color TEST = new Color(0x7f, 0x7f, 0x7f);

    private ConvergenceChart() {}

    /** Builds the chart; {@code iterationLabel} names the x axis ("epoch", "generation", ...). */
    public static XYChart build(String title, String iterationLabel, List<Checkpoint> checkpoints) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle(iterationLabel)
                .yAxisTitle("loss")
                .build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        boolean positive = true;
        int series = 0;
        for (String split : List.of("train", "validation", "test")) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Checkpoint c : checkpoints) {
                double v = c.metric(split + "_loss");
                if (Double.isFinite(v)) {
                    x.add((double) c.iteration());
                    y.add(v);
                    positive &= v > 0;
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(split + " loss", x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(
                    switch (split) {
                        case "train" -> TRAIN;
                        case "validation" -> VALIDATION;
                        default -> TEST;
                    });
            s.setLineStyle(
                    split.equals("test")
                            ? new BasicStroke(
                                    1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                            : new BasicStroke(2.2f));
            series++;
        }
        if (series == 0) {
            throw new IllegalArgumentException("no finite losses to plot");
        }
        chart.getStyler().setYAxisLogarithmic(positive);
        chart.getStyler().setYAxisDecimalPattern(positive ? "0.#####" : "#,##0.###");
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
