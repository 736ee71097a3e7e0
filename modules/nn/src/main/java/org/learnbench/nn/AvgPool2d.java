package org.learnbench.nn;

import java.util.Arrays;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Average pooling over square windows, as torch.nn.AvgPool2d(kernel, stride) without padding: each output
 * pixel is the sum of its window (in row-major order) divided by kernel², and each input of a window gets
 * the output's gradient divided by kernel². Rows hold C x H x W values channel-major; the output C x OH x OW,
 * OH = (H - kernel) / stride + 1 rounded down, as torch.
 */
public final class AvgPool2d implements Layer {
    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int outHeight;
    private final int outWidth;
    private Matrix output;
    private Matrix gradInput;
    private int rows = -1;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;
    private int rowsF = -1;

    public AvgPool2d(int channels, int height, int width, int kernel, int stride) {
        Pooling.check("average pooling", channels, height, width, kernel, stride);
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

    /** A window's sum and division: kernel² operations per output, as its backward. */
    private long flops(int batch) {
        return (long) batch * outputSize() * kernel * kernel;
    }

    @Override
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, inputSize());
        rows = x.rows();
        output = Buffers.reuse(output, rows, outputSize());
        double[] in = x.data();
        double[] out = output.data();
        double divisor = kernel * kernel;
        int plane = height * width;
        int k = output.offset();
        for (int s = 0; s < rows; s++) {
            int rowOff = x.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = rowOff + c * plane + oy * stride * width + ox * stride;
                        double sum = 0;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                sum += in[first + ki * width + kj];
                            }
                        }
                        out[k++] = sum / divisor;
                    }
                }
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
        Arrays.fill(g, gradInput.offset(), gradInput.offset() + gradInput.size(), 0.0);
        double[] gy = gradOutput.data();
        double divisor = kernel * kernel;
        int plane = height * width;
        int k = gradOutput.offset();
        for (int s = 0; s < rows; s++) {
            int rowOff = gradInput.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = rowOff + c * plane + oy * stride * width + ox * stride;
                        double share = gy[k++] / divisor;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                g[first + ki * width + kj] += share;
                            }
                        }
                    }
                }
            }
        }
        ops.addFlops(flops(rows));
        return gradInput;
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, inputSize());
        rowsF = x.rows();
        outputF = Buffers.reuse(outputF, rowsF, outputSize());
        float[] in = x.data();
        float[] out = outputF.data();
        float divisor = kernel * kernel;
        int plane = height * width;
        int k = outputF.offset();
        for (int s = 0; s < rowsF; s++) {
            int rowOff = x.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = rowOff + c * plane + oy * stride * width + ox * stride;
                        float sum = 0;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                sum += in[first + ki * width + kj];
                            }
                        }
                        out[k++] = sum / divisor;
                    }
                }
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
        Arrays.fill(g, gradInputF.offset(), gradInputF.offset() + gradInputF.size(), 0f);
        float[] gy = gradOutput.data();
        float divisor = kernel * kernel;
        int plane = height * width;
        int k = gradOutput.offset();
        for (int s = 0; s < rowsF; s++) {
            int rowOff = gradInputF.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = rowOff + c * plane + oy * stride * width + ox * stride;
                        float share = gy[k++] / divisor;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                g[first + ki * width + kj] += share;
                            }
                        }
                    }
                }
            }
        }
        ops.addFlops(flops(rowsF));
        return gradInputF;
    }

    @Override
    public Layer freshCopy() {
        return new AvgPool2d(channels, height, width, kernel, stride);
    }

    /** For example "avgpool 6x28x28->6x14x14 2x2 stride 2". */
    @Override
    public String describe() {
        return Pooling.describe("avgpool", channels, height, width, outHeight, outWidth, kernel, stride);
    }
}
