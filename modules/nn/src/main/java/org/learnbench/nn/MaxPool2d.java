package org.learnbench.nn;

import java.util.Arrays;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Max pooling over square windows, as torch.nn.MaxPool2d(kernel, stride) without padding or dilation: each
 * output pixel is the largest input in its window (NaN when the window holds one), and the gradient flows to
 * the input torch picks: the first one in row-major order holding the largest value, or the window's last
 * NaN. Rows hold C x H x W values channel-major; the output C x OH x OW, OH = (H - kernel) / stride + 1
 * rounded down (windows that would overhang the border are dropped, as torch drops them).
 *
 * <p>The forward pass computes the maxima without branches ({@link Math#max}) and records no positions: a
 * comparison per input that decides a position is a coin toss on real data, which a branch predictor loses,
 * and made the forward pass ten times slower (measured). The backward pass finds each position again,
 * without branches, in the input it keeps (which must not change in between). So inference (evaluation, a
 * genetic algorithm's fitness) pays for maxima only. One difference from torch, in the value only: a window
 * whose largest values are zeros of both signs gives +0.0 where torch gives the first one's sign.
 */
public final class MaxPool2d implements Layer {
    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int outHeight;
    private final int outWidth;
    private Matrix input;
    private Matrix output;
    private Matrix gradInput;
    private int rows = -1;
    private FloatMatrix inputF;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;
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
        input = x;
        rows = x.rows();
        output = Buffers.reuse(output, rows, outputSize());
        double[] in = x.data();
        double[] out = output.data();
        int plane = height * width;
        int k = output.offset();
        for (int s = 0; s < rows; s++) {
            int rowOff = x.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = rowOff + c * plane + oy * stride * width + ox * stride;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                max = Math.max(max, in[first + ki * width + kj]);
                            }
                        }
                        out[k++] = max;
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
        double[] in = input.data();
        double[] out = output.data();
        double[] gy = gradOutput.data();
        int plane = height * width;
        int k = 0;
        for (int s = 0; s < rows; s++) {
            int inOff = input.offset() + s * inputSize();
            int gOff = gradInput.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++, k++) {
                        int first = c * plane + oy * stride * width + ox * stride;
                        int at = position(in, inOff, first, out[output.offset() + k]);
                        g[gOff + at] += gy[gradOutput.offset() + k];
                    }
                }
            }
        }
        ops.addFlops((long) rows * outputSize());
        return gradInput;
    }

    /** Row-relative position torch's max pooling picks in the window at {@code first}, whose maximum is max. */
    private int position(double[] in, int rowOff, int first, double max) {
        if (max != max) {
            int last = first;
            for (int ki = 0; ki < kernel; ki++) {
                for (int kj = 0; kj < kernel; kj++) {
                    int idx = first + ki * width + kj;
                    if (Double.isNaN(in[rowOff + idx])) {
                        last = idx;
                    }
                }
            }
            return last;
        }
        // The first position holding max, found from the back without a branch per element (the comparison
        // is as unpredictable as in the forward pass; measured 2x faster than an early-exit search). Adding
        // +0.0 turns -0.0 into +0.0, so equal values have equal bits.
        long target = Double.doubleToRawLongBits(max + 0.0);
        int best = first;
        for (int ki = kernel - 1; ki >= 0; ki--) {
            for (int kj = kernel - 1; kj >= 0; kj--) {
                int idx = first + ki * width + kj;
                long differ = Double.doubleToRawLongBits(in[rowOff + idx] + 0.0) ^ target;
                int unequal = (int) ((differ | -differ) >> 63); // 0 when equal, -1 otherwise
                best += (idx - best) & ~unequal;
            }
        }
        return best;
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, inputSize());
        inputF = x;
        rowsF = x.rows();
        outputF = Buffers.reuse(outputF, rowsF, outputSize());
        float[] in = x.data();
        float[] out = outputF.data();
        int plane = height * width;
        int k = outputF.offset();
        for (int s = 0; s < rowsF; s++) {
            int rowOff = x.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = rowOff + c * plane + oy * stride * width + ox * stride;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                max = Math.max(max, in[first + ki * width + kj]);
                            }
                        }
                        out[k++] = max;
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
        float[] in = inputF.data();
        float[] out = outputF.data();
        float[] gy = gradOutput.data();
        int plane = height * width;
        int k = 0;
        for (int s = 0; s < rowsF; s++) {
            int inOff = inputF.offset() + s * inputSize();
            int gOff = gradInputF.offset() + s * inputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++, k++) {
                        int first = c * plane + oy * stride * width + ox * stride;
                        int at = position(in, inOff, first, out[outputF.offset() + k]);
                        g[gOff + at] += gy[gradOutput.offset() + k];
                    }
                }
            }
        }
        ops.addFlops((long) rowsF * outputSize());
        return gradInputF;
    }

    private int position(float[] in, int rowOff, int first, float max) {
        if (max != max) {
            int last = first;
            for (int ki = 0; ki < kernel; ki++) {
                for (int kj = 0; kj < kernel; kj++) {
                    int idx = first + ki * width + kj;
                    if (Float.isNaN(in[rowOff + idx])) {
                        last = idx;
                    }
                }
            }
            return last;
        }
        int target = Float.floatToRawIntBits(max + 0f);
        int best = first;
        for (int ki = kernel - 1; ki >= 0; ki--) {
            for (int kj = kernel - 1; kj >= 0; kj--) {
                int idx = first + ki * width + kj;
                int differ = Float.floatToRawIntBits(in[rowOff + idx] + 0f) ^ target;
                int unequal = (differ | -differ) >> 31; // 0 when equal, -1 otherwise
                best += (idx - best) & ~unequal;
            }
        }
        return best;
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
