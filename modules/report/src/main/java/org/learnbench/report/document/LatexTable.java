package org.learnbench.report.document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.learnbench.report.stats.Bootstrap;
import org.learnbench.report.stats.Comparison;
import org.learnbench.report.stats.Descriptive;
import org.learnbench.report.stats.Holm;
import org.learnbench.report.stats.PairedTest;

/**
 * A results table for a paper, as jMetal users get them: one row per task (or problem), one column per
 * optimizer, each cell the median over seeds with its interquartile range or the bootstrap 95% CI of the
 * median, the best median of each row in bold, and a marker on every cell whose optimizer the row's best
 * beats significantly (two-sided Wilcoxon signed-rank test when the runs are paired by seed, Mann-Whitney U
 * otherwise, Holm-corrected over all the table's comparisons). Rendered as LaTeX (booktabs), as CSV with the
 * numbers in their own columns, or as a {@link Table} for Markdown and HTML. {@link #latex(Table, String,
 * String)} and {@link #csv(Table)} export any other table as it is.
 */
public final class LatexTable {
    /** The marker of a cell significantly worse than its row's best. */
    public static final String MARKER = "*";

    /** What the interval after each median is. */
    public enum Spread {
        /** The first and third quartiles (type 7, as the report's quantiles). */
        IQR,
        /** The 95% percentile bootstrap interval of the median, 10,000 resamples at a fixed seed. */
        CI95
    }

    /**
     * One cell: the summary of one optimizer's values on one row.
     *
     * @param median the median of the finite values, NaN when there are none
     * @param low the lower end of the spread
     * @param high the upper end of the spread
     * @param n the number of finite values
     * @param best whether this is the best median of its row (ties are all best)
     * @param adjustedP the Holm-adjusted p-value of the comparison with the row's best, NaN for the best
     *     itself and for cells without values
     */
    public record Cell(double median, double low, double high, int n, boolean best, double adjustedP) {
        /** Whether the row's best is significantly better than this cell at {@code alpha}. */
        public boolean significantlyWorse(double alpha) {
            return !best && adjustedP <= alpha;
        }
    }

    private final String corner;
    private final List<String> rows;
    private final List<String> columns;
    private final Cell[][] cells;
    private final Spread spread;
    private final double alpha;

    private LatexTable(
            String corner, List<String> rows, List<String> columns, Cell[][] cells, Spread spread, double alpha) {
        this.corner = corner;
        this.rows = List.copyOf(rows);
        this.columns = List.copyOf(columns);
        this.cells = cells;
        this.spread = spread;
        this.alpha = alpha;
    }

    /**
     * Summarises {@code samples[row][column]} (the final values of one optimizer on one task, NaN for a run
     * without a finite value, which counts as the worst result in the tests and is left out of the medians).
     *
     * @param corner the header of the row-name column, such as "task"
     * @param higherIsBetter per row, whether larger values are better
     * @param paired whether the samples of a row are paired by index (the same seeds), so the Wilcoxon test
     *     applies; when two samples differ in length the Mann-Whitney test is used for that pair anyway
     * @param alpha the family-wise significance level of the markers, such as 0.05
     */
    public static LatexTable of(
            String corner,
            List<String> rows,
            List<String> columns,
            double[][][] samples,
            boolean[] higherIsBetter,
            boolean paired,
            Spread spread,
            double alpha) {
        if (rows == null || columns == null || samples == null || higherIsBetter == null || spread == null) {
            throw new IllegalArgumentException("a results table needs rows, columns, samples, directions and a spread");
        }
        if (samples.length != rows.size() || higherIsBetter.length != rows.size()) {
            throw new IllegalArgumentException("a results table has " + rows.size() + " rows but " + samples.length
                    + " rows of samples and " + higherIsBetter.length + " directions");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("significance level must lie in (0, 1), got " + alpha);
        }
        int r = rows.size();
        int c = columns.size();
        double[][] medians = new double[r][c];
        double[][] lows = new double[r][c];
        double[][] highs = new double[r][c];
        int[][] counts = new int[r][c];
        int[] bestColumn = new int[r];
        boolean[][] best = new boolean[r][c];
        List<Comparison> comparisons = new ArrayList<>();
        List<int[]> where = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (samples[i] == null || samples[i].length != c) {
                throw new IllegalArgumentException("row " + rows.get(i) + " needs " + c + " samples, got "
                        + (samples[i] == null ? "null" : samples[i].length));
            }
            double sign = higherIsBetter[i] ? 1 : -1;
            double bestMedian = Double.NaN;
            for (int j = 0; j < c; j++) {
                double[] finite =
                        Arrays.stream(samples[i][j]).filter(Double::isFinite).toArray();
                counts[i][j] = finite.length;
                if (finite.length == 0) {
                    medians[i][j] = lows[i][j] = highs[i][j] = Double.NaN;
                    continue;
                }
                medians[i][j] = Descriptive.median(finite);
                if (spread == Spread.IQR) {
                    lows[i][j] = Descriptive.quantile(finite, 0.25);
                    highs[i][j] = Descriptive.quantile(finite, 0.75);
                } else {
                    Bootstrap.Interval ci = Bootstrap.medianCi(finite, new SplittableRandom(1));
                    lows[i][j] = ci.low();
                    highs[i][j] = ci.high();
                }
                if (Double.isNaN(bestMedian) || sign * medians[i][j] > sign * bestMedian) {
                    bestMedian = medians[i][j];
                    bestColumn[i] = j;
                }
            }
            for (int j = 0; j < c; j++) {
                best[i][j] = !Double.isNaN(bestMedian) && medians[i][j] == bestMedian;
            }
            if (Double.isNaN(bestMedian)) {
                continue;
            }
            double[] top = oriented(samples[i][bestColumn[i]], sign);
            for (int j = 0; j < c; j++) {
                if (best[i][j] || counts[i][j] == 0) {
                    continue;
                }
                double[] other = oriented(samples[i][j], sign);
                String a = columns.get(bestColumn[i]);
                String b = columns.get(j);
                comparisons.add(
                        paired && top.length == other.length
                                ? PairedTest.wilcoxon(a, top, b, other)
                                : PairedTest.mannWhitney(a, top, b, other));
                where.add(new int[] {i, j});
            }
        }
        double[][] adjusted = new double[r][c];
        for (double[] row : adjusted) {
            Arrays.fill(row, Double.NaN);
        }
        List<Comparison> holm = Holm.adjust(comparisons);
        for (int k = 0; k < holm.size(); k++) {
            adjusted[where.get(k)[0]][where.get(k)[1]] = holm.get(k).adjustedPValue();
        }
        Cell[][] cells = new Cell[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                cells[i][j] =
                        new Cell(medians[i][j], lows[i][j], highs[i][j], counts[i][j], best[i][j], adjusted[i][j]);
            }
        }
        return new LatexTable(corner, rows, columns, cells, spread, alpha);
    }

    /** The cell of row {@code i} and column {@code j}. */
    public Cell cell(int i, int j) {
        return cells[i][j];
    }

    /**
     * The table as text cells: "median [low, high]" with the best in Markdown bold and {@link #MARKER} after a
     * cell significantly worse than its row's best; "-" for a cell without values.
     */
    public Table table() {
        List<String> header = new ArrayList<>();
        header.add(corner);
        header.addAll(columns);
        List<List<String>> body = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(rows.get(i));
            for (int j = 0; j < columns.size(); j++) {
                Cell cell = cells[i][j];
                if (cell.n() == 0) {
                    row.add("-");
                    continue;
                }
                String median = plain(cell.median());
                String text = (cell.best() ? "**" + median + "**" : median) + " [" + plain(cell.low()) + ", "
                        + plain(cell.high()) + "]" + (cell.significantlyWorse(alpha) ? MARKER : "");
                row.add(text);
            }
            body.add(row);
        }
        return new Table(header, body);
    }

    /**
     * The table as a LaTeX {@code table} environment with booktabs rules: the median with its spread as a
     * subscript-sized interval, the best of each row in {@code \textbf}, a superscript {@code *} on cells the
     * best beats significantly, and a caption that says what the numbers and markers are. Needs the booktabs
     * package.
     */
    public String latex(String caption, String label) {
        StringBuilder s = new StringBuilder();
        s.append("\\begin{table}[t]\n\\centering\n");
        s.append("\\caption{")
                .append(escape(caption))
                .append(' ')
                .append(escape(legend()))
                .append("}\n");
        if (label != null && !label.isBlank()) {
            s.append("\\label{").append(label).append("}\n");
        }
        s.append("\\begin{tabular}{l").append("r".repeat(columns.size())).append("}\n\\toprule\n");
        s.append(escape(corner));
        columns.forEach(c -> s.append(" & ").append(escape(c)));
        s.append(" \\\\\n\\midrule\n");
        for (int i = 0; i < rows.size(); i++) {
            s.append(escape(rows.get(i)));
            for (int j = 0; j < columns.size(); j++) {
                Cell cell = cells[i][j];
                s.append(" & ");
                if (cell.n() == 0) {
                    s.append("--");
                    continue;
                }
                String median = tex(cell.median());
                s.append(cell.best() ? "\\textbf{" + median + "}" : median);
                s.append("\\,{\\scriptsize[")
                        .append(tex(cell.low()))
                        .append(", ")
                        .append(tex(cell.high()))
                        .append("]}");
                if (cell.significantlyWorse(alpha)) {
                    s.append("$^{*}$");
                }
            }
            s.append(" \\\\\n");
        }
        s.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return s.toString();
    }

    /**
     * The table as CSV, one line per cell with the numbers in full precision: row, column, n, median, the two
     * ends of the spread, whether it is the row's best, the Holm-adjusted p against the best, and whether
     * that is significant.
     */
    public String csv() {
        String what = spread == Spread.IQR ? "q1,q3" : "ci_low,ci_high";
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                Cell cell = cells[i][j];
                lines.add(List.of(
                        rows.get(i),
                        columns.get(j),
                        Integer.toString(cell.n()),
                        full(cell.median()),
                        full(cell.low()),
                        full(cell.high()),
                        Boolean.toString(cell.best()),
                        full(cell.adjustedP()),
                        Boolean.toString(cell.significantlyWorse(alpha))));
            }
        }
        List<String> header = new ArrayList<>(List.of(corner, "optimizer", "n", "median"));
        header.addAll(List.of(what.split(",")));
        header.addAll(List.of("best", "p_holm_vs_best", "significantly_worse"));
        return new Table(header, lines).csv();
    }

    /** What the cells and markers mean, for a caption. */
    public String legend() {
        return "Median over seeds "
                + (spread == Spread.IQR ? "[first, third quartile]" : "[bootstrap 95% CI of the median]")
                + "; best median of each row in bold; " + MARKER + ": the best is significantly better (two-sided "
                + "Wilcoxon signed-rank test on paired seeds, else Mann-Whitney U; Holm-corrected over the table's "
                + "comparisons, family-wise alpha " + String.format(Locale.ROOT, "%.2g", alpha) + ").";
    }

    /** Any table as a LaTeX booktabs {@code tabular} in a {@code table} environment, cells escaped. */
    public static String latex(Table table, String caption, String label) {
        if (table == null) {
            throw new IllegalArgumentException("LaTeX export needs a table, got null");
        }
        StringBuilder s = new StringBuilder("\\begin{table}[t]\n\\centering\n");
        if (caption != null && !caption.isBlank()) {
            s.append("\\caption{").append(escape(caption)).append("}\n");
        }
        if (label != null && !label.isBlank()) {
            s.append("\\label{").append(label).append("}\n");
        }
        s.append("\\begin{tabular}{l")
                .append("r".repeat(table.header().size() - 1))
                .append("}\n\\toprule\n");
        s.append(String.join(
                        " & ", table.header().stream().map(LatexTable::escape).toList()))
                .append(" \\\\\n\\midrule\n");
        for (List<String> row : table.rows()) {
            s.append(String.join(" & ", row.stream().map(LatexTable::escape).toList()))
                    .append(" \\\\\n");
        }
        return s.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n").toString();
    }

    /** Any table as CSV (see {@link Table#csv()}). */
    public static String csv(Table table) {
        if (table == null) {
            throw new IllegalArgumentException("CSV export needs a table, got null");
        }
        return table.csv();
    }

    /** Text with LaTeX's special characters escaped, and Markdown bold turned into {@code \textbf}. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder();
        boolean bold = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                s.append(bold ? "}" : "\\textbf{");
                bold = !bold;
                i++;
                continue;
            }
            switch (ch) {
                case '\\' -> s.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> s.append('\\').append(ch);
                case '~' -> s.append("\\textasciitilde{}");
                case '^' -> s.append("\\textasciicircum{}");
                case '<' -> s.append("$<$");
                case '>' -> s.append("$>$");
                case '\u2212' -> s.append("$-$");
                case '\u00b2' -> s.append("$^2$");
                case '\u00d7' -> s.append("$\\times$");
                case '\u2265' -> s.append("$\\geq$");
                case '\u2264' -> s.append("$\\leq$");
                default -> s.append(ch);
            }
        }
        if (bold) {
            s.append('}');
        }
        return s.toString();
    }

    private static double[] oriented(double[] values, double sign) {
        // A run without a finite value counts as the worst result, as in the report's comparisons.
        return Arrays.stream(values)
                .map(v -> Double.isFinite(v) ? sign * v : -Double.MAX_VALUE)
                .toArray();
    }

    /** Four significant digits, plain between 1e-3 and 1e5, else as mantissa and power of ten. */
    static String plain(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v)
                    .replaceAll("\\.?0*e", "e")
                    .replace("e+0", "e")
                    .replace("e+", "e")
                    .replace("e-0", "e-");
        }
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** {@link #plain} in LaTeX: 1.5e-7 becomes $1.5\times10^{-7}$. */
    static String tex(double v) {
        String p = plain(v);
        int e = p.indexOf('e');
        if (e < 0) {
            return p.startsWith("-") ? "$-$" + p.substring(1) : p;
        }
        return "$" + p.substring(0, e) + "\\times10^{" + p.substring(e + 1) + "}$";
    }

    private static String full(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
