package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
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

    /** {@code buffer} when it is rows x cols, else a new zero float matrix of that shape. */
    public static FloatMatrix reuse(FloatMatrix buffer, int rows, int cols) {
        if (buffer != null && buffer.rows() == rows && buffer.cols() == cols) {
            return buffer;
        }
        return FloatMatrix.zeros(rows, cols);
    }

    /** Checks a batch's width; the message is built only on failure, so the hot path allocates nothing. */
    static void requireInput(Layer layer, Matrix input, int size) {
        if (input.cols() != size) {
            throw wrongInput(layer, input.shape(), size);
        }
    }

    static void requireInput(Layer layer, FloatMatrix input, int size) {
        if (input.cols() != size) {
            throw wrongInput(layer, input.shape(), size);
        }
    }

    private static IllegalArgumentException wrongInput(Layer layer, String shape, int size) {
        return new IllegalArgumentException(
                layer.describe() + " expects inputs with " + size + " columns, got a " + shape + " batch");
    }
}
