package org.learnbench.nn;

import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A training loss over a batch: its mean value over the batch and the gradient of that mean with
 * respect to the network output.
 */
public interface Loss {
    /** Mean loss of the batch. */
    double value(MatrixOps ops, Matrix output, Matrix target);

    /** Writes d(mean loss)/d(output) into grad and returns the mean loss. */
    double valueAndGradient(MatrixOps ops, Matrix output, Matrix target, Matrix grad);

    /** A short name for configs and reports. */
    String name();
}
