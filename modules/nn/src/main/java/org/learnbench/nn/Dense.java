package org.learnbench.nn;

import java.util.random.RandomGenerator;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A fully connected layer, y = x W + b, with W of shape in x out and b of shape 1 x out.
 *
 * <p>Backward: dW = x^T dy, db = column sums of dy, dx = dy W^T.
 */
public final class Dense implements Layer {
    private final int in;
    private final int out;
    private final Initializer initializer;
    private final double gain;
    private Matrix weights;
    private Matrix bias;
    private Matrix weightGrad;
    private Matrix biasGrad;
    private Matrix input;
    private Matrix output;
    private Matrix gradInput;
    private FloatMatrix weightsF;
    private FloatMatrix biasF;
    private FloatMatrix weightGradF;
    private FloatMatrix biasGradF;
    private FloatMatrix inputF;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;

    /**
     * @param gain initialisation gain, normally that of the activation that follows (see {@link
     *     Activation#gain()})
     */
    public Dense(int in, int out, Initializer initializer, double gain) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(
                    "a dense layer needs at least one input and one output, got " + in + "->" + out);
        }
        if (!(gain > 0)) {
            throw new IllegalArgumentException("initialisation gain must be > 0, got " + gain);
        }
        this.in = in;
        this.out = out;
        this.initializer = initializer;
        this.gain = gain;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public int parameterCount() {
        return in * out + out;
    }

    @Override
    public void bind(double[] parameters, double[] gradients, int offset) {
        weights = Matrix.wrap(parameters, offset, in, out);
        bias = Matrix.wrap(parameters, offset + in * out, 1, out);
        weightGrad = Matrix.wrap(gradients, offset, in, out);
        biasGrad = Matrix.wrap(gradients, offset + in * out, 1, out);
    }

    @Override
    public void bind(float[] parameters, float[] gradients, int offset) {
        weightsF = FloatMatrix.wrap(parameters, offset, in, out);
        biasF = FloatMatrix.wrap(parameters, offset + in * out, 1, out);
        weightGradF = FloatMatrix.wrap(gradients, offset, in, out);
        biasGradF = FloatMatrix.wrap(gradients, offset + in * out, 1, out);
    }

    @Override
    public void initialize(RandomGenerator random) {
        initializer.initialize(weights, gain, random);
        bias.fill(0.0);
    }

    /**
     * The live in x out weight view (double). In a float32 network the layer computes with its float copy:
     * this view shows the values only after {@link Network#parameters()} was read, and writes to it are not
     * seen; use {@link Network#setParameters}. The gradient views likewise follow {@link
     * Network#gradients()}, and after {@link Network#writeGradientsInto} views fetched earlier point at the
     * old array.
     */
    public Matrix weights() {
        return weights;
    }

    /** The live 1 x out bias view. */
    public Matrix bias() {
        return bias;
    }

    /** The live in x out view of dL/d(weights), written by the last {@link #backward}. */
    public Matrix weightGradients() {
        return weightGrad;
    }

    @Override
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, in);
        input = x;
        output = Buffers.reuse(output, x.rows(), out);
        pass.ops().mult(x, weights, output);
        return pass.ops().addRowVector(output, bias, output);
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        backwardParametersOnly(ops, gradOutput);
        gradInput = Buffers.reuse(gradInput, gradOutput.rows(), in);
        return ops.multTransB(gradOutput, weights, gradInput);
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, Matrix gradOutput) {
        if (input == null || gradOutput.rows() != input.rows() || gradOutput.cols() != out) {
            throw new IllegalStateException(describe() + ": backward needs the gradient of the last forward's "
                    + (input == null
                            ? "output, but no forward ran"
                            : input.rows() + "x" + out + " output, got " + gradOutput.shape()));
        }
        ops.multTransA(input, gradOutput, weightGrad);
        ops.colSums(gradOutput, biasGrad);
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, in);
        requireFloat();
        inputF = x;
        outputF = Buffers.reuse(outputF, x.rows(), out);
        pass.ops().mult(x, weightsF, outputF);
        return pass.ops().addRowVector(outputF, biasF, outputF);
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        backwardParametersOnly(ops, gradOutput);
        gradInputF = Buffers.reuse(gradInputF, gradOutput.rows(), in);
        return ops.multTransB(gradOutput, weightsF, gradInputF);
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, FloatMatrix gradOutput) {
        if (inputF == null || gradOutput.rows() != inputF.rows() || gradOutput.cols() != out) {
            throw new IllegalStateException(describe() + ": backward needs the gradient of the last float forward's "
                    + (inputF == null
                            ? "output, but no float forward ran"
                            : inputF.rows() + "x" + out + " output, got " + gradOutput.shape()));
        }
        ops.multTransA(inputF, gradOutput, weightGradF);
        ops.colSums(gradOutput, biasGradF);
    }

    private void requireFloat() {
        if (weightsF == null) {
            throw new IllegalStateException(describe() + ": a single-precision pass needs a float32 network");
        }
    }

    @Override
    public Layer freshCopy() {
        return new Dense(in, out, initializer, gain);
    }

    @Override
    public String describe() {
        return "dense " + in + "->" + out;
    }
}
