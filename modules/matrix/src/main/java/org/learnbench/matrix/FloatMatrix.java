package org.learnbench.matrix;

import java.util.Arrays;

/**
 * A dense, row-major, contiguous matrix of single-precision floats, possibly a view into a larger array:
 * the storage of the float32 training path, the single-precision twin of {@link Matrix}.
 *
 * <p>Element (i, j) lives at {@code data[offset + i * cols + j]}. Views share storage with their source.
 * Conversions to and from {@link Matrix} round to nearest (double to float) or are exact (float to
 * double). Arithmetic lives in {@link MatrixOps}, which counts floating-point operations as it does for
 * doubles; this class only holds, converts and copies values.
 */
public final class FloatMatrix {
    private final float[] data;
    private final int offset;
    private final int rows;
    private final int cols;

    private FloatMatrix(float[] data, int offset, int rows, int cols) {
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
    public static FloatMatrix zeros(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        return new FloatMatrix(new float[Math.multiplyExact(rows, cols)], 0, rows, cols);
    }

    /** A rows x cols view of {@code data} starting at {@code offset}; writes go through to the array. */
    public static FloatMatrix wrap(float[] data, int offset, int rows, int cols) {
        return new FloatMatrix(data, offset, rows, cols);
    }

    /** A new matrix holding each element of {@code source} rounded to the nearest float. */
    public static FloatMatrix roundedFrom(Matrix source) {
        return zeros(source.rows(), source.cols()).roundFrom(source);
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
    public float[] data() {
        return data;
    }

    /** Index of element (0, 0) in {@link #data()}. */
    public int offset() {
        return offset;
    }

    public float get(int i, int j) {
        return data[index(i, j)];
    }

    public void set(int i, int j, float value) {
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
    public boolean sameShape(FloatMatrix other) {
        return rows == other.rows && cols == other.cols;
    }

    /** A view of rows [from, to): shares storage, so writes go through. */
    public FloatMatrix rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + shape());
        }
        return new FloatMatrix(data, offset + from * cols, to - from, cols);
    }

    /** Sets every element. */
    public FloatMatrix fill(float value) {
        Arrays.fill(data, offset, offset + size(), value);
        return this;
    }

    /** Overwrites this matrix with {@code source} (same shape) rounded to the nearest floats. */
    public FloatMatrix roundFrom(Matrix source) {
        requireShape("roundFrom", source.rows(), source.cols());
        double[] s = source.data();
        for (int p = 0, n = size(), so = source.offset(); p < n; p++) {
            data[offset + p] = (float) s[so + p];
        }
        return this;
    }

    /** Writes this matrix, widened exactly to doubles, into {@code out} (same shape); returns out. */
    public Matrix widenInto(Matrix out) {
        requireShape("widenInto", out.rows(), out.cols());
        double[] o = out.data();
        for (int p = 0, n = size(), oo = out.offset(); p < n; p++) {
            o[oo + p] = data[offset + p];
        }
        return out;
    }

    /** A new double matrix holding this one's values exactly. */
    public Matrix toMatrix() {
        return widenInto(Matrix.zeros(rows, cols));
    }

    /**
     * Copies the rows named by {@code indices[from..to)} into {@code out}, in that order (a minibatch
     * gather). {@code out} must have {@code to - from} rows and this matrix's column count.
     */
    public FloatMatrix gatherRows(int[] indices, int from, int to, FloatMatrix out) {
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
    public boolean contentEquals(FloatMatrix other) {
        return sameShape(other)
                && Arrays.equals(data, offset, offset + size(), other.data, other.offset, other.offset + other.size());
    }

    private void requireShape(String operation, int otherRows, int otherCols) {
        if (rows != otherRows || cols != otherCols) {
            throw new IllegalArgumentException(
                    operation + ": shapes differ, " + shape() + " and " + otherRows + "x" + otherCols);
        }
    }

    @Override
    public String toString() {
        return "Float" + toMatrix();
    }
}
