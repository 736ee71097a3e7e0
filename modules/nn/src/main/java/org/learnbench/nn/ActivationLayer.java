package org.learnbench.nn;

import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/** Applies an {@link Activation} to its input; no parameters. */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private final int size;
    private Matrix input;
    private Matrix output;
    private Matrix gradInput;

    public ActivationLayer(Activation activation, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an activation layer needs size >= 1, got " + size);
        }
        this.activation = activation;
        this.size = size;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public Matrix forward(Pass pass, Matrix z) {
        Buffers.requireInput(describe(), z, size);
        input = z;
        output = Buffers.reuse(output, z.rows(), size);
        return activation.forward(pass.ops(), z, output);
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        if (input == null) {
            throw new IllegalStateException(describe() + ": backward before forward");
        }
        gradInput = Buffers.reuse(gradInput, gradOutput.rows(), size);
        return activation.backward(ops, input, output, gradOutput, gradInput);
    }

    @Override
    public Layer freshCopy() {
        return new ActivationLayer(activation, size);
    }

    @Override
    public String describe() {
        return activation.name().toLowerCase(java.util.Locale.ROOT);
    }
}
