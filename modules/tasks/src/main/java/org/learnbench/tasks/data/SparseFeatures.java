package org.learnbench.tasks.data;

import java.util.Arrays;
import java.util.Objects;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;

/**
 * Feature rows held sparsely (compressed sparse rows): bag-of-words and tf-idf vectors have a few hundred
 * non-zero values among tens of thousands of columns, so 6,000 documents over a 20,000-word vocabulary take a
 * few MB instead of 1 GB of doubles. Batches are gathered into the trainers' dense buffers as usual; a value
 * reads the same through every method.
 */
public final class SparseFeatures implements Features {
    private final int rows;
    private final int cols;
    private final int[] rowStart;
    private final int[] columns;
    private final double[] values;

    /**
     * Rows of {@code cols} columns: row i's non-zero values are {@code values[rowStart[i]..rowStart[i+1])} in
     * the columns {@code columns[...]} (ascending within a row). Arrays are copied.
     */
    public SparseFeatures(int cols, int[] rowStart, int[] columns, double[] values) {
        Objects.requireNonNull(rowStart, "rowStart");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(values, "values");
        if (cols < 0 || rowStart.length < 1 || rowStart[0] != 0 || columns.length != values.length) {
            throw new IllegalArgumentException("sparse rows need cols >= 0, rowStart starting at 0 and as many"
                    + " columns as values, got cols " + cols + ", " + rowStart.length + " row starts, "
                    + columns.length + " columns, " + values.length + " values");
        }
        this.rows = rowStart.length - 1;
        if (rowStart[rows] != values.length) {
            throw new IllegalArgumentException(
                    "the last row ends at " + rowStart[rows] + ", but there are " + values.length + " values");
        }
        for (int i = 0; i < rows; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IllegalArgumentException("row " + i + " ends before it starts");
            }
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (columns[k] < 0 || columns[k] >= cols || (k > rowStart[i] && columns[k] <= columns[k - 1])) {
                    throw new IllegalArgumentException("row " + i + " has column " + columns[k] + " out of [0, " + cols
                            + ") or out of ascending order");
                }
            }
        }
        this.cols = cols;
        this.rowStart = rowStart.clone();
        this.columns = columns.clone();
        this.values = values.clone();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** Non-zero values held. */
    public int nonZeros() {
        return values.length;
    }

    @Override
    public double get(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        int k = Arrays.binarySearch(columns, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? values[k] : 0.0;
    }

    /** The columns of row i's non-zero values, ascending. */
    public int[] rowColumns(int i) {
        return Arrays.copyOfRange(columns, rowStart[i], rowStart[i + 1]);
    }

    /** Row i's non-zero values, in the order of {@link #rowColumns}. */
    public double[] rowValues(int i) {
        return Arrays.copyOfRange(values, rowStart[i], rowStart[i + 1]);
    }

    @Override
    public Matrix gatherRows(int[] indices, int from, int to, Matrix out) {
        requireRoom(to - from, out.rows(), out.cols());
        double[] o = out.data();
        for (int r = from; r < to; r++) {
            int dst = out.offset() + (r - from) * cols;
            Arrays.fill(o, dst, dst + cols, 0.0);
            int i = indices[r];
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                o[dst + columns[k]] = values[k];
            }
        }
        return out;
    }

    @Override
    public FloatMatrix gatherRows(int[] indices, int from, int to, FloatMatrix out) {
        requireRoom(to - from, out.rows(), out.cols());
        float[] o = out.data();
        for (int r = from; r < to; r++) {
            int dst = out.offset() + (r - from) * cols;
            Arrays.fill(o, dst, dst + cols, 0f);
            int i = indices[r];
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                o[dst + columns[k]] = (float) values[k];
            }
        }
        return out;
    }

    @Override
    public Matrix rows(int from, int to, Matrix buffer) {
        return gatherRows(range(from, to), 0, to - from, buffer.rows(0, to - from));
    }

    @Override
    public FloatMatrix rows(int from, int to, FloatMatrix buffer) {
        return gatherRows(range(from, to), 0, to - from, buffer.rows(0, to - from));
    }

    @Override
    public Matrix toMatrix() {
        return rows == 0 ? Matrix.zeros(0, cols) : rows(0, rows, Matrix.zeros(rows, cols));
    }

    @Override
    public boolean dense() {
        return false;
    }

    @Override
    public long bytes() {
        return 4L * rowStart.length + 12L * values.length;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, k -> from + k);
        return r;
    }

    private void requireRoom(int n, int outRows, int outCols) {
        if (outRows < n || outCols != cols) {
            throw new IllegalArgumentException(
                    "cannot gather " + n + " rows of " + cols + " into a " + outRows + "x" + outCols + " matrix");
        }
    }
}
