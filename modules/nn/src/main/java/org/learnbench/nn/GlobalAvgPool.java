package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Global average pooling, C x H x W -> C: each channel's mean over its H*W pixels (torch's
 * AdaptiveAvgPool2d(1) followed by flatten); each pixel gets its channel's gradient divided by H*W.
 */
public final class GlobalAvgPool implements Layer {
    private final int channels;
    private final int height;
    private final int width;
    private Matrix output;
    private Matrix gradInput;
    private int rows = -1;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;
    private int rowsF = -1;

    public GlobalAvgPool(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("global average pooling needs a positive input shape, got " + channels
                    + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    @Override
    public int inputSize() {
        return channels * height * width;
    }

    @Override
    public int outputSize() {
        return channels;
    }

    /** A sum over the plane and a division per channel; the backward alike. */
    private long flops(int batch) {
        return (long) batch * channels * height * width;
    }

    @Override
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, inputSize());
        rows = x.rows();
        output = Buffers.reuse(output, rows, channels);
        double[] in = x.data();
        double[] out = output.data();
        int plane = height * width;
        double divisor = plane;
        for (int s = 0, k = output.offset(), i = x.offset(); s < rows; s++) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += in[i++];
                }
                out[k++] = sum / divisor;
            }
        }
        pass.ops().addFlops(flops(rows));
        return output;
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        Pooling.requireGradient(this, rows, gradOutput.rows(), gradOutput.cols());
        gradInput = Buffers.reuse(gradInput, rows, inputSize());
        double[] g = gradInput.data();
        double[] gy = gradOutput.data();
        int plane = height * width;
        double divisor = plane;
        for (int s = 0, k = gradOutput.offset(), i = gradInput.offset(); s < rows; s++) {
            for (int c = 0; c < channels; c++) {
                double share = gy[k++] / divisor;
                for (int p = 0; p < plane; p++) {
                    g[i++] = share;
                }
            }
        }
        ops.addFlops((long) rows * channels);
        return gradInput;
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, inputSize());
        rowsF = x.rows();
        outputF = Buffers.reuse(outputF, rowsF, channels);
        float[] in = x.data();
        float[] out = outputF.data();
        int plane = height * width;
        float divisor = plane;
        for (int s = 0, k = outputF.offset(), i = x.offset(); s < rowsF; s++) {
            for (int c = 0; c < channels; c++) {
                float sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += in[i++];
                }
                out[k++] = sum / divisor;
            }
        }
        pass.ops().addFlops(flops(rowsF));
        return outputF;
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        Pooling.requireGradient(this, rowsF, gradOutput.rows(), gradOutput.cols());
        gradInputF = Buffers.reuse(gradInputF, rowsF, inputSize());
        float[] g = gradInputF.data();
        float[] gy = gradOutput.data();
        int plane = height * width;
        float divisor = plane;
        for (int s = 0, k = gradOutput.offset(), i = gradInputF.offset(); s < rowsF; s++) {
            for (int c = 0; c < channels; c++) {
                float share = gy[k++] / divisor;
                for (int p = 0; p < plane; p++) {
                    g[i++] = share;
                }
            }
        }
        ops.addFlops((long) rowsF * channels);
        return gradInputF;
    }

    @Override
    public Layer freshCopy() {
        return new GlobalAvgPool(channels, height, width);
    }

    /** For example "global avgpool 16x5x5->16". */
    @Override
    public String describe() {
        return "global avgpool " + channels + "x" + height + "x" + width + "->" + channels;
    }
}
