package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Applies an {@link Activation} to its input; no parameters. A large batch (at least {@link
 * #PARALLEL_MIN_ELEMENTS} values) is split by whole rows over the pass's threads: each value (each row, for
 * softmax) is computed as on one thread, so the bits do not depend on the thread count.
 */
public final class ActivationLayer implements Layer {
    /** Fewest values per thread: below that a second core costs more than it saves. */
    static final int PARALLEL_MIN_ELEMENTS = 32 * 1024;

    private final Activation activation;
    private final int size;
    private Matrix input;
    private Matrix output;
    private Matrix gradInput;
    private FloatMatrix inputF;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;
    /** The current call's operands for {@link #rangeTask} (one task per layer, built once: no allocation). */
    private boolean backwardCall;

    private Object z;
    private Object a;
    private Object g;
    private Object d;
    private final MatrixOps.RangeTask rangeTask = this::range;

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
        if (inParallel(pass.ops(), z.rows())) {
            run(pass.ops(), false, z.rows(), z.data(), z.offset(), output.data(), output.offset(), null, 0, null, 0);
            pass.ops().addFlops(activation.forwardFlops(z.size()));
            return output;
        }
        return activation.forward(pass.ops(), z, output);
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        if (input == null) {
            throw new IllegalStateException(describe() + ": backward before forward");
        }
        gradInput = Buffers.reuse(gradInput, gradOutput.rows(), size);
        if (inParallel(ops, gradOutput.rows()) && input.sameShape(gradOutput) && output.sameShape(gradOutput)) {
            run(
                    ops,
                    true,
                    gradOutput.rows(),
                    input.data(),
                    input.offset(),
                    output.data(),
                    output.offset(),
                    gradOutput.data(),
                    gradOutput.offset(),
                    gradInput.data(),
                    gradInput.offset());
            ops.addFlops(activation.backwardFlops(gradOutput.size()));
            return gradInput;
        }
        return activation.backward(ops, input, output, gradOutput, gradInput);
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix z) {
        Buffers.requireInput(this, z, size);
        inputF = z;
        outputF = Buffers.reuse(outputF, z.rows(), size);
        if (inParallel(pass.ops(), z.rows())) {
            run(pass.ops(), false, z.rows(), z.data(), z.offset(), outputF.data(), outputF.offset(), null, 0, null, 0);
            pass.ops().addFlops(activation.forwardFlops(z.size()));
            return outputF;
        }
        return activation.forward(pass.ops(), z, outputF);
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        if (inputF == null) {
            throw new IllegalStateException(describe() + ": backward before a float forward");
        }
        gradInputF = Buffers.reuse(gradInputF, gradOutput.rows(), size);
        if (inParallel(ops, gradOutput.rows()) && inputF.sameShape(gradOutput) && outputF.sameShape(gradOutput)) {
            run(
                    ops,
                    true,
                    gradOutput.rows(),
                    inputF.data(),
                    inputF.offset(),
                    outputF.data(),
                    outputF.offset(),
                    gradOutput.data(),
                    gradOutput.offset(),
                    gradInputF.data(),
                    gradInputF.offset());
            ops.addFlops(activation.backwardFlops(gradOutput.size()));
            return gradInputF;
        }
        return activation.backward(ops, inputF, outputF, gradOutput, gradInputF);
    }

    private boolean inParallel(MatrixOps ops, int rows) {
        return ops.threads() > 1 && (long) rows * size >= 2L * PARALLEL_MIN_ELEMENTS;
    }

    private int zo;
    private int ao;
    private int go;
    private int dOff;

    /** Runs the activation (or its backward) over whole rows [0, rows) on the pass's threads. */
    private void run(
            MatrixOps ops,
            boolean backward,
            int rows,
            Object z,
            int zo,
            Object a,
            int ao,
            Object g,
            int go,
            Object d,
            int dOff) {
        this.backwardCall = backward;
        this.z = z;
        this.a = a;
        this.g = g;
        this.d = d;
        this.zo = zo;
        this.ao = ao;
        this.go = go;
        this.dOff = dOff;
        try {
            ops.forRanges(rows, Math.max(1, PARALLEL_MIN_ELEMENTS / size), rangeTask);
        } finally {
            this.z = this.a = this.g = this.d = null;
        }
    }

    private void range(int from, int to) {
        int n = (to - from) * size;
        int skip = from * size;
        if (z instanceof double[] zd) {
            if (backwardCall) {
                activation.backward(
                        zd,
                        zo + skip,
                        (double[]) a,
                        ao + skip,
                        (double[]) g,
                        go + skip,
                        (double[]) d,
                        dOff + skip,
                        n,
                        size);
            } else {
                activation.forward(zd, zo + skip, (double[]) a, ao + skip, n, size);
            }
        } else {
            float[] zf = (float[]) z;
            if (backwardCall) {
                activation.backward(
                        zf,
                        zo + skip,
                        (float[]) a,
                        ao + skip,
                        (float[]) g,
                        go + skip,
                        (float[]) d,
                        dOff + skip,
                        n,
                        size);
            } else {
                activation.forward(zf, zo + skip, (float[]) a, ao + skip, n, size);
            }
        }
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
