package org.learnbench.tasks.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file held in memory: the header's column names and the data rows, each cell a string or {@code null} when
 * the cell is missing, with the file line each row starts on.
 */
public final class CsvTable {
    private final String source;
    private final List<String> columns;
    private final Map<String, Integer> columnIndex;
    private final String[][] cells;
    private final int[] lines;

    /**
     * A table named {@code source} (the file, for messages) with the given columns and rows; {@code lines[r]} is the
     * 1-based file line that row r starts on. Rows are copied.
     */
    public CsvTable(String source, List<String> columns, List<String[]> rows, int[] lines) {
        if (source == null || columns == null || rows == null || lines == null) {
            throw new NullPointerException("source, columns, rows and lines must not be null");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(source + ": a table needs at least one column");
        }
        if (rows.size() != lines.length) {
            throw new IllegalArgumentException(
                    source + ": " + rows.size() + " rows but " + lines.length + " line numbers");
        }
        this.source = source;
        this.columns = List.copyOf(columns);
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < this.columns.size(); c++) {
            Integer previous = index.putIfAbsent(this.columns.get(c), c);
            if (previous != null) {
                throw new IllegalArgumentException(source + ": column " + DataException.quote(this.columns.get(c))
                        + " appears twice (columns " + (previous + 1) + " and " + (c + 1) + ")");
            }
        }
        this.columnIndex = Map.copyOf(index);
        this.cells = new String[rows.size()][];
        for (int r = 0; r < cells.length; r++) {
            String[] row = rows.get(r);
            if (row.length != this.columns.size()) {
                throw new IllegalArgumentException(source + ": row " + r + " has " + row.length
                        + " values, but there are " + this.columns.size() + " columns");
            }
            cells[r] = row.clone();
        }
        this.lines = lines.clone();
    }

    /** The file this table was read from, as the caller named it. */
    public String source() {
        return source;
    }

    /** The column names from the header, in file order. */
    public List<String> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    /** Number of data rows (the header is not a row). */
    public int rowCount() {
        return cells.length;
    }

    /** The position of the named column, or -1 when there is no such column. */
    public int columnIndex(String name) {
        Integer index = columnIndex.get(name);
        return index == null ? -1 : index;
    }

    /** The cell at (row, column), or {@code null} when it is missing. */
    public String cell(int row, int column) {
        return cells[row][column];
    }

    public boolean isMissing(int row, int column) {
        return cells[row][column] == null;
    }

    /** The 1-based file line that data row {@code row} starts on (the header is line 1). */
    public int line(int row) {
        return lines[row];
    }

    /** The cells of one column, top to bottom, as an unmodifiable copy; {@code null} marks a missing cell. */
    public List<String> column(int column) {
        List<String> values = new ArrayList<>(cells.length);
        for (String[] row : cells) {
            values.add(row[column]);
        }
        return Collections.unmodifiableList(values);
    }

    /** Every column name, joined for an error message (a user looking for a column needs to see them all). */
    String describeColumns() {
        return String.join(", ", columns);
    }

    /**
     * " (did you mean 'X'?)" for the column that {@code name} most likely meant: equal ignoring case, else
     * within two edits; "" when none is close.
     */
    String suggestColumn(String name) {
        return NearestName.of(name, columns)
                .map(best -> " (did you mean " + DataException.quote(best) + "?)")
                .orElse("");
    }
}
