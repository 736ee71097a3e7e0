package org.learnbench.matrix;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A dense, row-major, contiguous matrix of doubles, possibly a view into a larger array.
 *
 * <p>Element (i, j) lives at {@code data[offset + i * cols + j]}. Views share storage with their
 * source: a row range of a matrix ({@link #rows(int, int)}) or a window of a flat array ({@link
 * #wrap(double[], int, int, int)}), which is how a network's layers see one flat parameter vector.
 * Arithmetic lives in {@link MatrixOps}, which counts floating-point operations; this class only
 * holds, copies and fills values.
 */
public final class Matrix {
    private final double[] data;
    private final int offset;
    private final int rows;
    private final int cols;

    private Matrix(double[] data, int offset, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if (offset < 0 || (long) offset + (long) rows * cols > data.length) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " view at offset " + offset
                    + " does not fit in an array of length " + data.length);
        }
        this.data = data;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    /** A new rows x cols matrix of zeros. */
    public static Matrix zeros(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        return new Matrix(new double[Math.multiplyExact(rows, cols)], 0, rows, cols);
    }

    /** A new rows x cols matrix holding a copy of the given row-major values. */
    public static Matrix of(int rows, int cols, double... rowMajorValues) {
        if ((long) rows * cols != rowMajorValues.length) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + rowMajorValues.length);
        }
        return new Matrix(rowMajorValues.clone(), 0, rows, cols);
    }

    /** A rows x cols view of {@code data} starting at {@code offset}; writes go through to the array. */
    public static Matrix wrap(double[] data, int offset, int rows, int cols) {
        return new Matrix(data, offset, rows, cols);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of elements, rows * cols. */
    public int size() {
        return rows * cols;
    }

    /** The backing array (shared, not copied); element (i, j) is at {@code offset() + i * cols() + j}. */
    public double[] data() {
        return data;
    }

    /** Index of element (0, 0) in {@link #data()}. */
    public int offset() {
        return offset;
    }

    public double get(int i, int j) {
        return data[index(i, j)];
    }

    public void set(int i, int j, double value) {
        data[index(i, j)] = value;
    }

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + shape());
        }
        return offset + i * cols + j;
    }

    /** The shape as text, "rows x cols", for error messages. */
    public String shape() {
        return rows + "x" + cols;
    }

    /** True when both matrices have the same number of rows and columns. */
    public boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    /** A view of rows [from, to): shares storage, so writes go through. */
    public Matrix rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + shape());
        }
        return new Matrix(data, offset + from * cols, to - from, cols);
    }

    /** A view of the same storage with another shape of the same size. */
    public Matrix reshape(int newRows, int newCols) {
        if ((long) newRows * newCols != size()) {
            throw new IllegalArgumentException("cannot reshape " + shape() + " to " + newRows + "x" + newCols);
        }
        return new Matrix(data, offset, newRows, newCols);
    }

    /** A compact copy with its own storage. */
    public Matrix copy() {
        return new Matrix(toArray(), 0, rows, cols);
    }

    /** The values in row-major order, copied. */
    public double[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    /** Row i, copied. */
    public double[] row(int i) {
        if (i < 0 || i >= rows) {
            throw new IndexOutOfBoundsException("row " + i + " of " + shape());
        }
        return Arrays.copyOfRange(data, offset + i * cols, offset + (i + 1) * cols);
    }

    /** Overwrites this matrix with the values of a matrix of the same shape. */
    public Matrix copyFrom(Matrix source) {
        requireSameShape("copyFrom", this, source);
        System.arraycopy(source.data, source.offset, data, offset, size());
        return this;
    }

    /** Sets every element to the value. */
    public Matrix fill(double value) {
        Arrays.fill(data, offset, offset + size(), value);
        return this;
    }

    /** Fills with independent draws from U(low, high), in row-major order. */
    public Matrix fillUniform(RandomGenerator random, double low, double high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform bounds must satisfy low <= high, got " + low + ", " + high);
        }
        double width = high - low;
        for (int p = offset, end = offset + size(); p < end; p++) {
            data[p] = low + width * random.nextDouble();
        }
        return this;
    }

    /** Fills with independent draws from N(mean, std^2), in row-major order. */
    public Matrix fillGaussian(RandomGenerator random, double mean, double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("standard deviation must be >= 0, got " + std);
        }
        for (int p = offset, end = offset + size(); p < end; p++) {
            data[p] = mean + std * random.nextGaussian();
        }
        return this;
    }

    /**
     * Copies the rows named by {@code indices[from..to)} into {@code out}, in that order (a minibatch
     * gather). {@code out} must have {@code to - from} rows and this matrix's column count.
     */
    public Matrix gatherRows(int[] indices, int from, int to, Matrix out) {
        if (out.rows != to - from || out.cols != cols) {
            throw new IllegalArgumentException("gathering " + (to - from) + " rows of " + shape() + " needs a "
                    + (to - from) + "x" + cols + " output, got " + out.shape());
        }
        for (int r = from; r < to; r++) {
            int source = indices[r];
            if (source < 0 || source >= rows) {
                throw new IndexOutOfBoundsException("row " + source + " of " + shape());
            }
            System.arraycopy(data, offset + source * cols, out.data, out.offset + (r - from) * cols, cols);
        }
        return out;
    }

    /** True when the shapes are equal and every element is bit-for-bit equal. */
    public boolean contentEquals(Matrix other) {
        if (!sameShape(other)) {
            return false;
        }
        return Arrays.equals(data, offset, offset + size(), other.data, other.offset, other.offset + other.size());
    }

    /** The largest absolute element-wise difference from a matrix of the same shape. */
    public double maxAbsDifference(Matrix other) {
        requireSameShape("maxAbsDifference", this, other);
        double max = 0;
        for (int p = 0, n = size(); p < n; p++) {
            double d = Math.abs(data[offset + p] - other.data[other.offset + p]);
            if (d > max || Double.isNaN(d)) {
                max = d;
            }
        }
        return max;
    }

    /** True when every element is finite (no NaN, no infinity). */
    public boolean allFinite() {
        for (int p = offset, end = offset + size(); p < end; p++) {
            if (!Double.isFinite(data[p])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Matrix ").append(shape());
        int shownRows = Math.min(rows, 6);
        int shownCols = Math.min(cols, 8);
        for (int i = 0; i < shownRows; i++) {
            s.append("\n ");
            for (int j = 0; j < shownCols; j++) {
                s.append(String.format(" %10.4g", get(i, j)));
            }
            if (shownCols < cols) {
                s.append(" ...");
            }
        }
        if (shownRows < rows) {
            s.append("\n  ...");
        }
        return s.toString();
    }

    static void requireSameShape(String operation, Matrix a, Matrix b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(
                    operation + ": shapes differ, a is " + a.shape() + ", b is " + b.shape());
        }
    }
}
