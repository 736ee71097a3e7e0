package org.learnbench.nn;

import java.util.Arrays;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Max pooling over square windows, as torch.nn.MaxPool2d(kernel, stride) without padding or dilation: each
 * output pixel is the largest input in its window, the first one in row-major order on ties and NaN when
 * the window holds one (torch's rule), and the gradient flows to that input alone. Rows hold C x H x W
 * values channel-major; the output C x OH x OW, OH = (H - kernel) / stride + 1 rounded down (windows that
 * would overhang the border are dropped, as torch drops them).
 */
public final class MaxPool2d implements Layer {
    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int outHeight;
    private final int outWidth;
    private Matrix output;
    private Matrix gradInput;
    private int[] argmax = new int[0];
    private int rows = -1;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;
    private int[] argmaxF = new int[0];
    private int rowsF = -1;

    public MaxPool2d(int channels, int height, int width, int kernel, int stride) {
        Pooling.check("max pooling", channels, height, width, kernel, stride);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.outHeight = (height - kernel) / stride + 1;
        this.outWidth = (width - kernel) / stride + 1;
    }

    @Override
    public int inputSize() {
        return channels * height * width;
    }

    @Override
    public int outputSize() {
        return channels * outHeight * outWidth;
    }

    @Override
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, inputSize());
        rows = x.rows();
        output = Buffers.reuse(output, rows, outputSize());
        argmax = Pooling.indices(argmax, rows * outputSize());
        double[] in = x.data();
        double[] out = output.data();
        int[] arg = argmax;
        int plane = height * width;
        int k = 0;
        for (int s = 0; s < rows; s++) {
            int rowOff = x.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++, k++) {
                        int first = c * plane + oy * stride * width + ox * stride;
                        int best = first;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                int idx = first + ki * width + kj;
                                double v = in[rowOff + idx];
                                if (v > max || Double.isNaN(v)) {
                                    max = v;
                                    best = idx;
                                }
                            }
                        }
                        out[output.offset() + k] = max;
                        arg[k] = best;
                    }
                }
            }
        }
        return output;
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        Pooling.requireGradient(this, rows, gradOutput.rows(), gradOutput.cols());
        gradInput = Buffers.reuse(gradInput, rows, inputSize());
        double[] g = gradInput.data();
        Arrays.fill(g, gradInput.offset(), gradInput.offset() + gradInput.size(), 0.0);
        double[] gy = gradOutput.data();
        int per = outputSize();
        for (int s = 0, k = 0; s < rows; s++) {
            int rowOff = gradInput.offset() + s * inputSize();
            for (int j = 0; j < per; j++, k++) {
                g[rowOff + argmax[k]] += gy[gradOutput.offset() + k];
            }
        }
        ops.addFlops((long) rows * per);
        return gradInput;
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, inputSize());
        rowsF = x.rows();
        outputF = Buffers.reuse(outputF, rowsF, outputSize());
        argmaxF = Pooling.indices(argmaxF, rowsF * outputSize());
        float[] in = x.data();
        float[] out = outputF.data();
        int[] arg = argmaxF;
        int plane = height * width;
        int k = 0;
        for (int s = 0; s < rowsF; s++) {
            int rowOff = x.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++, k++) {
                        int first = c * plane + oy * stride * width + ox * stride;
                        int best = first;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                int idx = first + ki * width + kj;
                                float v = in[rowOff + idx];
                                if (v > max || Float.isNaN(v)) {
                                    max = v;
                                    best = idx;
                                }
                            }
                        }
                        out[outputF.offset() + k] = max;
                        arg[k] = best;
                    }
                }
            }
        }
        return outputF;
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        Pooling.requireGradient(this, rowsF, gradOutput.rows(), gradOutput.cols());
        gradInputF = Buffers.reuse(gradInputF, rowsF, inputSize());
        float[] g = gradInputF.data();
        Arrays.fill(g, gradInputF.offset(), gradInputF.offset() + gradInputF.size(), 0f);
        float[] gy = gradOutput.data();
        int per = outputSize();
        for (int s = 0, k = 0; s < rowsF; s++) {
            int rowOff = gradInputF.offset() + s * inputSize();
            for (int j = 0; j < per; j++, k++) {
                g[rowOff + argmaxF[k]] += gy[gradOutput.offset() + k];
            }
        }
        ops.addFlops((long) rowsF * per);
        return gradInputF;
    }

    @Override
    public Layer freshCopy() {
        return new MaxPool2d(channels, height, width, kernel, stride);
    }

    /** For example "maxpool 6x28x28->6x14x14 2x2 stride 2". */
    @Override
    public String describe() {
        return Pooling.describe("maxpool", channels, height, width, outHeight, outWidth, kernel, stride);
    }
}
