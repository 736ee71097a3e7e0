package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A training loss over a batch: its mean value over the batch and the gradient of that mean with
 * respect to the network output, in double or (for a float32 network) from single-precision outputs
 * and targets into a single-precision gradient. The mean itself is returned as a double either way.
 */
public interface Loss {
    /** Mean loss of the batch. */
    double value(MatrixOps ops, Matrix output, Matrix target);

    /** Writes d(mean loss)/d(output) into grad and returns the mean loss. */
    double valueAndGradient(MatrixOps ops, Matrix output, Matrix target, Matrix grad);

    /** Mean loss of a single-precision batch. */
    double value(MatrixOps ops, FloatMatrix output, FloatMatrix target);

    /** Writes the single-precision d(mean loss)/d(output) into grad and returns the mean loss. */
    double valueAndGradient(MatrixOps ops, FloatMatrix output, FloatMatrix target, FloatMatrix grad);

    /** A short name for configs and reports. */
    String name();
}
