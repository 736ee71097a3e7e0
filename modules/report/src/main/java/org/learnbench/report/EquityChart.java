package org.learnbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture of a trading run: the wealth of one unit invested with the policy's daily positions and with
 * buy-and-hold over the same days (the product of one plus each day's net return, costs paid), with the
 * share of days the policy spent long, flat and short in the title.
 */
public final class EquityChart {
    private static final Color POLICY = new Color(0x1f, 0x77, 0xb4);
    private static final Color BUY_AND_HOLD = new Color(0x7f, 0x7f, 0x7f);

    private EquityChart() {}

    /** Wealth after each of the given daily net returns, starting from 1 before the first day. */
    public static double[] wealth(double[] net) {
        double[] w = new double[net.length + 1];
        w[0] = 1;
        for (int d = 0; d < net.length; d++) {
            w[d + 1] = w[d] * (1 + net[d]);
        }
        return w;
    }

    /**
     * The chart of a policy's daily net returns and positions (-1, 0, +1) against buy-and-hold's net
     * returns over the same days.
     */
    public static XYChart build(String title, double[] policyNet, int[] positions, double[] buyAndHoldNet) {
        if (policyNet.length != buyAndHoldNet.length || positions.length != policyNet.length) {
            throw new IllegalArgumentException("the policy has " + policyNet.length + " days and " + positions.length
                    + " positions, buy-and-hold " + buyAndHoldNet.length + " days");
        }
        int long_ = 0;
        int short_ = 0;
        for (int p : positions) {
            long_ += p > 0 ? 1 : 0;
            short_ += p < 0 ? 1 : 0;
        }
        int days = positions.length;
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(520)
                .title(String.format(
                        Locale.ROOT,
                        "%s: long %.0f%%, flat %.0f%%, short %.0f%% of %d days",
                        title,
                        100.0 * long_ / Math.max(1, days),
                        100.0 * (days - long_ - short_) / Math.max(1, days),
                        100.0 * short_ / Math.max(1, days),
                        days))
                .xAxisTitle("trading day of the period")
                .yAxisTitle("wealth (1 at the start, after costs)")
                .build();
        org.knowm.xchart.style.XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        // XChart puts a tick every few days; only round days carry a label, so the labels never run together.
        int labelStep = days > 1000 ? 200 : days > 200 ? 100 : days > 50 ? 20 : 5;
        chart.setCustomXAxisTickLabelsFormatter(
                d -> Math.abs(d / labelStep - Math.rint(d / labelStep)) < 1e-9 ? Long.toString(Math.round(d)) : "");
        styler.setMarkerSize(0);
        double[] x = new double[days + 1];
        for (int d = 0; d <= days; d++) {
            x[d] = d;
        }
        XYSeries policy = chart.addSeries("policy", x, wealth(policyNet));
        policy.setLineColor(POLICY);
        policy.setMarker(SeriesMarkers.NONE);
        policy.setLineStyle(new BasicStroke(2f));
        XYSeries hold = chart.addSeries("buy-and-hold", x, wealth(buyAndHoldNet));
        hold.setLineColor(BUY_AND_HOLD);
        hold.setMarker(SeriesMarkers.NONE);
        hold.setLineStyle(
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        return chart;
    }

    /** {@link #build} written as a PNG. */
    public static void write(String title, double[] policyNet, int[] positions, double[] buyAndHoldNet, Path png)
            throws IOException {
        ConvergenceChart.writePng(build(title, policyNet, positions, buyAndHoldNet), png);
    }
}
