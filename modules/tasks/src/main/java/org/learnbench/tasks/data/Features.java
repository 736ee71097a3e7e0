package org.learnbench.tasks.data;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;

/**
 * The feature rows of one split, however they are held: a matrix of doubles for tabular data ({@link
 * #dense}), or unsigned bytes with a per-channel affine scaling for images ({@link ByteImages}), which keeps
 * MNIST's 70,000 images in 55 MB instead of 440 MB of doubles. Trainers copy the rows they need into their
 * own batch buffers, in double or single precision; a value reads the same through every method (a float
 * is the double value rounded once).
 */
public interface Features {
    /** Number of rows (samples). */
    int rows();

    /** Values per row. */
    int cols();

    /** The value at row i, column j. */
    double get(int i, int j);

    /** Copies rows {@code indices[from..to)} into the first {@code to - from} rows of {@code out}. */
    Matrix gatherRows(int[] indices, int from, int to, Matrix out);

    /** As above, rounded to floats. */
    FloatMatrix gatherRows(int[] indices, int from, int to, FloatMatrix out);

    /**
     * Rows {@code [from, to)}: a view when the rows are held as doubles, else copied into {@code buffer}
     * (which needs at least {@code to - from} rows) and returned as its first rows.
     */
    Matrix rows(int from, int to, Matrix buffer);

    /** As above, rounded to floats (always a copy into {@code buffer}). */
    FloatMatrix rows(int from, int to, FloatMatrix buffer);

    /** All rows as doubles: the held matrix itself for dense features, else a new copy (large for images). */
    Matrix toMatrix();

    /** True when the rows are held as a matrix of doubles, so {@link #toMatrix()} costs nothing. */
    boolean dense();

    /** Bytes the rows occupy in memory. */
    long bytes();

    /** Dense features holding {@code x} itself. */
    static Features of(Matrix x) {
        return new DenseFeatures(x);
    }

    /** Rows held as a matrix of doubles. */
    record DenseFeatures(Matrix x) implements Features {
        public DenseFeatures {
            java.util.Objects.requireNonNull(x, "x");
        }

        @Override
        public int rows() {
            return x.rows();
        }

        @Override
        public int cols() {
            return x.cols();
        }

        @Override
        public double get(int i, int j) {
            return x.get(i, j);
        }

        @Override
        public Matrix gatherRows(int[] indices, int from, int to, Matrix out) {
            return x.gatherRows(indices, from, to, out);
        }

        @Override
        public FloatMatrix gatherRows(int[] indices, int from, int to, FloatMatrix out) {
            int cols = x.cols();
            float[] o = out.data();
            int base = out.offset();
            double[] d = x.data();
            for (int r = from; r < to; r++) {
                int src = x.offset() + indices[r] * cols;
                int dst = base + (r - from) * cols;
                for (int c = 0; c < cols; c++) {
                    o[dst + c] = (float) d[src + c];
                }
            }
            return out;
        }

        @Override
        public Matrix rows(int from, int to, Matrix buffer) {
            return x.rows(from, to);
        }

        @Override
        public FloatMatrix rows(int from, int to, FloatMatrix buffer) {
            return buffer.rows(0, to - from).roundFrom(x.rows(from, to));
        }

        @Override
        public Matrix toMatrix() {
            return x;
        }

        @Override
        public boolean dense() {
            return true;
        }

        @Override
        public long bytes() {
            return 8L * x.rows() * x.cols();
        }
    }
}
