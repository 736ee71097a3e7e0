package org.learnbench.tasks.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.learnbench.tasks.data.CsvTable;

/**
 * One or more aligned time series in chronological order, as a task models them (after its transform):
 * {@code values[t][s]} is series {@code s} at time {@code t}, and {@code lines[t]} the CSV line it came
 * from (for log returns, the line of the later price).
 *
 * @param names one per series, in column order
 * @param values times x series; never changed after construction (copied in and out)
 * @param lines the 1-based CSV line of each time
 */
public record Series(List<String> names, double[][] values, int[] lines) {
    public Series {
        names = List.copyOf(names);
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(lines, "lines");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one column");
        }
        if (lines.length != values.length) {
            throw new IllegalArgumentException(values.length + " times but " + lines.length + " lines");
        }
        double[][] copy = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            if (values[t].length != names.size()) {
                throw new IllegalArgumentException("time " + t + " has " + values[t].length + " values, expected "
                        + names.size() + " (" + names + ")");
            }
            copy[t] = values[t].clone();
        }
        values = copy;
        lines = lines.clone();
    }

    /** A single series with lines 2, 3, ... (as if read from a CSV file with a header). */
    public static Series of(String name, double... values) {
        double[][] v = new double[values.length][];
        int[] lines = new int[values.length];
        for (int t = 0; t < values.length; t++) {
            v[t] = new double[] {values[t]};
            lines[t] = t + 2;
        }
        return new Series(List.of(name), v, lines);
    }

    /** Number of times. */
    public int length() {
        return values.length;
    }

    /** Number of series. */
    public int width() {
        return names.size();
    }

    /** Series {@code s} at time {@code t}. */
    public double value(int t, int s) {
        return values[t][s];
    }

    /** The column of a series by name, or -1. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            copy[t] = values[t].clone();
        }
        return copy;
    }

    @Override
    public int[] lines() {
        return lines.clone();
    }

    /**
     * The named columns of a table as series, transformed. Every cell must be a finite number (and a
     * price positive for log returns).
     *
     * @throws IllegalArgumentException naming the column, the CSV line and the cell for a missing column or a bad cell
     */
    public static Series from(CsvTable table, List<String> columns, SeriesTransform transform) {
        int[] index = new int[columns.size()];
        for (int s = 0; s < columns.size(); s++) {
            index[s] = table.columnIndex(columns.get(s));
            if (index[s] < 0) {
                throw new IllegalArgumentException("no column '" + columns.get(s) + "' in " + table.source()
                        + " (it has " + table.columns() + ")");
            }
        }
        int rows = table.rowCount();
        double[][] raw = new double[rows][columns.size()];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < index.length; s++) {
                String cell = table.cell(r, index[s]);
                double v;
                try {
                    v = table.isMissing(r, index[s]) ? Double.NaN : Double.parseDouble(cell.strip());
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(table.source() + " line " + table.line(r) + ", column '"
                            + columns.get(s) + "': expected a finite number, got '" + cell + "'");
                }
                if (transform == SeriesTransform.LOG_RETURNS && v <= 0) {
                    throw new IllegalArgumentException(table.source() + " line " + table.line(r) + ", column '"
                            + columns.get(s) + "': log returns need prices > 0, got " + cell);
                }
                raw[r][s] = v;
            }
        }
        List<Integer> lines = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            lines.add(table.line(r));
        }
        return transform(
                new Series(
                        columns, raw, lines.stream().mapToInt(Integer::intValue).toArray()),
                transform);
    }

    /** The series transformed: as it is, or ln(p_t / p_{t-1}) of each column (one time shorter). */
    public static Series transform(Series prices, SeriesTransform transform) {
        if (transform == SeriesTransform.NONE) {
            return prices;
        }
        int n = Math.max(0, prices.length() - 1);
        double[][] out = new double[n][prices.width()];
        int[] lines = new int[n];
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < prices.width(); s++) {
                out[t][s] = Math.log(prices.values[t + 1][s] / prices.values[t][s]);
            }
            lines[t] = prices.lines[t + 1];
        }
        return new Series(prices.names, out, lines);
    }
}
