package org.learnbench.nn;

import org.learnbench.matrix.Matrix;

/** Reuses a working matrix across batches while the batch shape stays the same. */
final class Buffers {
    private Buffers() {}

    static Matrix reuse(Matrix buffer, int rows, int cols) {
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
