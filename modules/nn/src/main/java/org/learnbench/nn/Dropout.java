package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Inverted dropout: in a training pass each unit is kept with probability 1 - rate and scaled by
 * 1/(1 - rate), so that inference needs no rescaling; in an inference pass it is the identity.
 */
public final class Dropout implements Layer {
    private final double rate;
    private final int size;
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
        for (int p = 0, n = mask.size(); p < n; p++) {
            m[p] = pass.dropoutRandom().nextDouble() < keep ? scale : 0.0;
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
        for (int p = 0, n = maskF.size(); p < n; p++) {
            m[p] = pass.dropoutRandom().nextDouble() < keep ? scale : 0f;
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
        return new Dropout(rate, size);
    }

    @Override
    public String describe() {
        return "dropout " + rate;
    }
}
