package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Inverted dropout: in a training pass each unit is kept with probability 1 - rate and scaled by
 * 1/(1 - rate), so that inference needs no rescaling; in an inference pass it is the identity.
 *
 * <p>On a batch of sequences ({@link #Dropout(double, SequenceShape)}, e.g. after an {@link Embedding}) only
 * the features of real steps are dropped: padding flags and padding steps pass unchanged, and the uniforms
 * are drawn for real steps alone (sample by sample, step by step), so padding a batch with extra masked steps
 * changes no bit of a training pass either. On an unmasked sequence this is plain dropout over the row.
 */
public final class Dropout implements Layer {
    private final double rate;
    private final int size;
    /** The input's sequence layout, or null for flat rows. */
    private final SequenceShape sequence;

    private Matrix mask;
    private Matrix output;
    private Matrix gradInput;
    private boolean lastWasTraining;
    private FloatMatrix maskF;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;
    private boolean lastFloatWasTraining;

    public Dropout(double rate, int size) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.size = size;
        this.sequence = null;
    }

    /** Dropout on the features of a batch of sequences laid out as {@code sequence} describes. */
    public Dropout(double rate, SequenceShape sequence) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.size = sequence.size();
        this.sequence = sequence;
    }

    /**
     * Fills one row of a mask: each droppable unit gets {@code scale} with probability {@code keep}, else 0
     * (one uniform drawn per unit, in order); flags and padding steps of a masked sequence get 1 and no draw.
     */
    private void fillRow(Pass pass, double keep, double scale, double[] m, int at, double[] x, int xAt) {
        if (sequence == null || !sequence.masked()) {
            for (int p = 0; p < size; p++) {
                m[at + p] = pass.dropoutRandom().nextDouble() < keep ? scale : 0.0;
            }
            return;
        }
        int width = sequence.stepWidth();
        for (int t = 0, step = 0; t < sequence.steps(); t++, step += width) {
            m[at + step] = 1.0;
            boolean real = x[xAt + step] > 0.5;
            for (int f = 1; f < width; f++) {
                m[at + step + f] = !real ? 1.0 : pass.dropoutRandom().nextDouble() < keep ? scale : 0.0;
            }
        }
    }

    /** As {@link #fillRow(Pass, double, double, double[], int, double[], int)} in single precision. */
    private void fillRow(Pass pass, double keep, float scale, float[] m, int at, float[] x, int xAt) {
        if (sequence == null || !sequence.masked()) {
            for (int p = 0; p < size; p++) {
                m[at + p] = pass.dropoutRandom().nextDouble() < keep ? scale : 0f;
            }
            return;
        }
        int width = sequence.stepWidth();
        for (int t = 0, step = 0; t < sequence.steps(); t++, step += width) {
            m[at + step] = 1f;
            boolean real = x[xAt + step] > 0.5f;
            for (int f = 1; f < width; f++) {
                m[at + step + f] = !real ? 1f : pass.dropoutRandom().nextDouble() < keep ? scale : 0f;
            }
        }
    }

    public double rate() {
        return rate;
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
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, size);
        lastWasTraining = pass.training() && rate > 0;
        if (!lastWasTraining) {
            return x;
        }
        mask = Buffers.reuse(mask, x.rows(), size);
        double keep = 1.0 - rate;
        double scale = 1.0 / keep;
        double[] m = mask.data();
        double[] xd = x.data();
        for (int r = 0; r < x.rows(); r++) {
            fillRow(pass, keep, scale, m, r * size, xd, x.offset() + r * size);
        }
        output = Buffers.reuse(output, x.rows(), size);
        return pass.ops().elementMult(x, mask, output);
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        if (!lastWasTraining) {
            return gradOutput;
        }
        gradInput = Buffers.reuse(gradInput, gradOutput.rows(), size);
        return ops.elementMult(gradOutput, mask, gradInput);
    }

    /** As the double pass, drawing the same uniforms in the same order; kept units scale by (float) (1 / keep). */
    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, size);
        lastFloatWasTraining = pass.training() && rate > 0;
        if (!lastFloatWasTraining) {
            return x;
        }
        maskF = Buffers.reuse(maskF, x.rows(), size);
        double keep = 1.0 - rate;
        float scale = (float) (1.0 / keep);
        float[] m = maskF.data();
        float[] xd = x.data();
        for (int r = 0; r < x.rows(); r++) {
            fillRow(pass, keep, scale, m, r * size, xd, x.offset() + r * size);
        }
        outputF = Buffers.reuse(outputF, x.rows(), size);
        return pass.ops().elementMult(x, maskF, outputF);
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        if (!lastFloatWasTraining) {
            return gradOutput;
        }
        gradInputF = Buffers.reuse(gradInputF, gradOutput.rows(), size);
        return ops.elementMult(gradOutput, maskF, gradInputF);
    }

    @Override
    public Layer freshCopy() {
        return sequence == null ? new Dropout(rate, size) : new Dropout(rate, sequence);
    }

    @Override
    public String describe() {
        return "dropout " + rate + (sequence == null ? "" : " on " + sequence);
    }
}
