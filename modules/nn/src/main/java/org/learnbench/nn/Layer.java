package org.learnbench.nn;

import java.util.random.RandomGenerator;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * One differentiable stage of a network: a forward pass and, beside it, its backward pass.
 *
 * <p>Rows of a matrix are samples. A layer's parameters (if any) are views into the network's one flat
 * parameter vector, bound by {@link #bind}; its gradients likewise. {@link #backward} must follow the
 * {@link #forward} whose intermediate values it uses, and overwrites (does not accumulate) the
 * parameter gradients.
 *
 * <p>Every layer runs in both precisions: the {@link Matrix} methods in double, the {@link FloatMatrix}
 * twins in single precision on views of the network's float vectors (bound by {@link #bind(float[],
 * float[], int)} in a {@link Precision#FLOAT32} network). The two paths keep separate intermediate
 * values, and each backward follows the forward of its own precision.
 */
public interface Layer {
    int inputSize();

    int outputSize();

    /** Number of trainable parameters; zero for parameter-free layers. */
    default int parameterCount() {
        return 0;
    }

    /** Makes the layer's parameters and gradients views of the flat arrays starting at offset. */
    default void bind(double[] parameters, double[] gradients, int offset) {}

    /** As {@link #bind(double[], double[], int)}, for the float vectors of a {@link Precision#FLOAT32} network. */
    default void bind(float[] parameters, float[] gradients, int offset) {}

    /** Sets initial parameter values (in the double vector; a float32 network rounds them afterwards). */
    default void initialize(RandomGenerator random) {}

    /** Output for a batch of inputs (rows = samples); the returned matrix may be reused by the next call. */
    Matrix forward(Pass pass, Matrix input);

    /** dL/d(input) given dL/d(output) of the last forward; writes the parameter gradients. */
    Matrix backward(MatrixOps ops, Matrix gradOutput);

    /**
     * Like {@link #backward} when nothing needs dL/d(input): the first layer of a network skips that
     * product. Layers without parameters need not do anything.
     */
    default void backwardParametersOnly(MatrixOps ops, Matrix gradOutput) {
        if (parameterCount() > 0) {
            backward(ops, gradOutput);
        }
    }

    /** {@link #forward(Pass, Matrix)} in single precision. */
    FloatMatrix forward(Pass pass, FloatMatrix input);

    /** {@link #backward(MatrixOps, Matrix)} in single precision, after a single-precision forward. */
    FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput);

    /** {@link #backwardParametersOnly(MatrixOps, Matrix)} in single precision. */
    default void backwardParametersOnly(MatrixOps ops, FloatMatrix gradOutput) {
        if (parameterCount() > 0) {
            backward(ops, gradOutput);
        }
    }

    /** A new, unbound layer of the same configuration (for a replica of the network). */
    Layer freshCopy();

    /** A short description such as "dense 64->32". */
    String describe();
}
