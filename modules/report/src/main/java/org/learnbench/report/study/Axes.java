package org.learnbench.report.study;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * Value axes that read right: a logarithmic axis only where the values span decades, bounded by whole
 * decades so that no value falls below its minimum, and labelled with plain numbers ("0.000001", "10,000",
 * never "1E4" or a 1e-6 rounded to "0"); linear axes labelled with plain numbers and SI suffixes ("250k",
 * "2.5M"); and robust ranges that a single collapsed run cannot stretch, which say how many points they cut.
 */
public final class Axes {
    /** Values spanning more than this ratio (a decade and a half) get a logarithmic axis. */
    public static final double DECADES_FOR_LOG = Math.pow(10, 1.5);

    /**
     * A robust axis cuts points only when showing them would squeeze all the others into less than 1/{@value}
     * of its height: an axis that unreadable is what one collapsed run among healthy ones produces, while the
     * ordinary spread of seeds, failed seeds included, stays well inside this.
     */
    public static final double STRETCH = 30;

    private Axes() {}

    /** Whether values from {@code lowest} to {@code highest}, all positive, span decades. */
    public static boolean spansDecades(double lowest, double highest) {
        return lowest > 0 && Double.isFinite(highest) && highest / lowest > DECADES_FOR_LOG;
    }

    /**
     * Sets the y axis of {@code chart} for values from {@code lowest} to {@code highest}: logarithmic when
     * they are all positive and span decades, with bounds at the whole decades around them and plain-number
     * labels with as many decimals as the lowest decade needs; else linear, labelled by {@link #plain}.
     * Returns whether the axis is logarithmic.
     */
    public static boolean fitY(Chart<? extends AxesChartStyler, ?> chart, double lowest, double highest) {
        AxesChartStyler styler = chart.getStyler();
        boolean log = spansDecades(lowest, highest);
        styler.setYAxisLogarithmic(log);
        if (log) {
            double bottom = Math.pow(10, Math.floor(Math.log10(lowest)));
            double top = Math.pow(10, Math.ceil(Math.log10(highest)));
            styler.setYAxisMin(bottom);
            styler.setYAxisMax(top);
            styler.setYAxisDecimalPattern(logPattern(bottom));
        } else {
            chart.setCustomYAxisTickLabelsFormatter(Axes::plain);
        }
        return log;
    }

    /** Sets a logarithmic x axis with plain-number decade labels, or a linear one labelled by {@link #plain}. */
    public static void fitX(Chart<? extends AxesChartStyler, ?> chart, boolean log, double lowestPositive) {
        chart.getStyler().setXAxisLogarithmic(log);
        if (log) {
            chart.getStyler()
                    .setXAxisDecimalPattern(
                            logPattern(lowestPositive > 0 ? Math.pow(10, Math.floor(Math.log10(lowestPositive))) : 1));
        } else {
            chart.setCustomXAxisTickLabelsFormatter(Axes::plain);
        }
    }

    /**
     * The decimal pattern of a logarithmic axis whose lowest decade is {@code lowestDecade}: grouping for
     * large values and exactly the decimals the lowest decade needs (6 for 1e-6), so every decade label is
     * the plain number.
     */
    public static String logPattern(double lowestDecade) {
        int decimals = lowestDecade > 0 ? (int) Math.max(0, -Math.floor(Math.log10(lowestDecade) + 1e-9)) : 0;
        return decimals == 0 ? "#,##0" : "#,##0." + "#".repeat(decimals);
    }

    /**
     * A tick value as a plain number: up to 6 significant digits without trailing zeros and with thousands
     * separators below 100,000 ("0.25", "12,500", "0.000015"), then with an SI suffix ("250k", "2.5M", "1.2G",
     * "3T"); never in E notation.
     */
    public static String plain(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "\u2212\u221e";
        }
        if (v == 0) {
            return "0";
        }
        double magnitude = Math.abs(v);
        String[] suffixes = {"", "k", "M", "G", "T", "P"};
        int power = 0;
        if (magnitude >= 1e5) {
            power = (int) Math.min(suffixes.length - 1, Math.floor(Math.log10(magnitude) / 3));
        }
        BigDecimal scaled = new BigDecimal(v)
                .movePointLeft(3 * power)
                .round(new MathContext(6, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        String digits = scaled.abs().toPlainString();
        if (power == 0 && scaled.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            String whole = scaled.abs().toBigInteger().toString();
            StringBuilder grouped = new StringBuilder();
            for (int i = 0; i < whole.length(); i++) {
                if (i > 0 && (whole.length() - i) % 3 == 0) {
                    grouped.append(',');
                }
                grouped.append(whole.charAt(i));
            }
            int point = digits.indexOf('.');
            digits = grouped + (point < 0 ? "" : digits.substring(point));
        }
        return (v < 0 ? "\u2212" : "") + digits + suffixes[power];
    }

    /**
     * The range an axis shows of {@code values}: all of them, unless the most extreme few (at most a quarter,
     * and only with 3 values or more) lie so far beyond the rest that the rest would fill less than 1/{@value
     * #STRETCH} of the axis; those are cut and counted. The shown range is padded by 5% of its width on each
     * side; non-finite values are ignored.
     *
     * @param low the axis minimum
     * @param high the axis maximum
     * @param below how many values lie below {@code low}
     * @param above how many values lie above {@code high}
     */
    public record Range(double low, double high, int below, int above) {
        /** The number of values the axis does not show. */
        public int cut() {
            return below + above;
        }

        /** Whether {@code value} is drawn inside the axis. */
        public boolean contains(double value) {
            return value >= low && value <= high;
        }

        /** A note on what the axis cut, such as "2 points beyond the axis (1 below, 1 above)", or "" if nothing. */
        public String note() {
            if (cut() == 0) {
                return "";
            }
            String where = below > 0 && above > 0
                    ? " (" + below + " below, " + above + " above)"
                    : below > 0 ? " (below)" : " (above)";
            return cut() + (cut() == 1 ? " point" : " points") + " beyond the axis" + where;
        }
    }

    /** The robust range of {@code values} as one group; see {@link #robust(List)}. */
    public static Range robust(double[] values) {
        return robust(List.of(values == null ? new double[0] : values));
    }

    /**
     * The robust range of the values of several groups drawn on one axis (the seeds of each optimizer): as in
     * {@link Range}, and never cutting more than half of any group, so that an optimizer whose every seed is
     * far from the others' is shown, not cut.
     */
    public static Range robust(List<double[]> groups) {
        if (groups == null || groups.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("an axis range needs groups of values, got " + groups);
        }
        double[] finite = groups.stream()
                .flatMapToDouble(Arrays::stream)
                .filter(Double::isFinite)
                .sorted()
                .toArray();
        if (finite.length == 0) {
            throw new IllegalArgumentException("an axis range needs at least 1 finite value");
        }
        int n = finite.length;
        int maxCut = n < 3 ? 0 : Math.max(1, n / 4);
        int bestLow = 0;
        int bestHigh = 0;
        for (int lo = 0; lo <= maxCut; lo++) {
            for (int hi = 0; lo + hi <= maxCut; hi++) {
                double first = finite[lo];
                double last = finite[n - 1 - hi];
                // A rest of equal values still has a width: a tenth of its size, so a value of 1.0 beside
                // many 0.95s is never cut.
                double width = Math.max(last - first, Math.max(1e-12, 0.1 * Math.max(Math.abs(first), Math.abs(last))));
                boolean lowFar = lo == 0 || first - finite[lo - 1] > STRETCH * width;
                boolean highFar = hi == 0 || finite[n - hi] - last > STRETCH * width;
                if (lowFar && highFar && lo + hi > bestLow + bestHigh && keepsHalfOfEveryGroup(groups, first, last)) {
                    bestLow = lo;
                    bestHigh = hi;
                }
            }
        }
        double shownLow = finite[bestLow];
        double shownHigh = finite[n - 1 - bestHigh];
        double pad = shownHigh > shownLow ? 0.05 * (shownHigh - shownLow) : Math.max(Math.abs(shownLow) * 0.05, 1e-9);
        double low = shownLow - pad;
        double high = shownHigh + pad;
        int below = 0;
        int above = 0;
        for (double v : finite) {
            below += v < low ? 1 : 0;
            above += v > high ? 1 : 0;
        }
        return new Range(low, high, below, above);
    }

    private static boolean keepsHalfOfEveryGroup(List<double[]> groups, double first, double last) {
        for (double[] group : groups) {
            long finite = Arrays.stream(group).filter(Double::isFinite).count();
            long kept =
                    Arrays.stream(group).filter(v -> v >= first && v <= last).count();
            if (2 * kept < finite) {
                return false;
            }
        }
        return true;
    }
}
