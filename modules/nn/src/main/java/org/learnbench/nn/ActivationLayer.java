package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/** Applies an {@link Activation} to its input; no parameters. */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private final int size;
    private Matrix input;
    private Matrix output;
    private Matrix gradInput;
    private FloatMatrix inputF;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;

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
        Buffers.requireInput(this, z, size);
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
    public FloatMatrix forward(Pass pass, FloatMatrix z) {
        Buffers.requireInput(this, z, size);
        inputF = z;
        outputF = Buffers.reuse(outputF, z.rows(), size);
        return activation.forward(pass.ops(), z, outputF);
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        if (inputF == null) {
            throw new IllegalStateException(describe() + ": backward before a float forward");
        }
        gradInputF = Buffers.reuse(gradInputF, gradOutput.rows(), size);
        return activation.backward(ops, inputF, outputF, gradOutput, gradInputF);
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
