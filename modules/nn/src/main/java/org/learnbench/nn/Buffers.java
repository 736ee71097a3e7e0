package org.learnbench.nn;

import org.learnbench.matrix.Matrix;

/**
 * Working matrices kept across batches: the training step's hot path allocates a matrix only when the
 * batch shape changes.
 */
public final class Buffers {
    private Buffers() {}

    /** {@code buffer} when it is rows x cols, else a new zero matrix of that shape. */
    public static Matrix reuse(Matrix buffer, int rows, int cols) {
        if (buffer != null && buffer.rows() == rows && buffer.cols() == cols) {
            return buffer;
        }
        return Matrix.zeros(rows, cols);
    }

    static void requireInput(String layer, Matrix input, int size) {
        if (input.cols() != size) {
            throw new IllegalArgumentException(
                    layer + " expects inputs with " + size + " columns, got a " + input.shape() + " batch");
        }
    }
}
