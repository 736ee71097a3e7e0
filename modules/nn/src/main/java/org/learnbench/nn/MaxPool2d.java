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
 * genetic algorithm's fitness) pays for maxima only. Side-by-side 2 x 2 windows (LeNet's pooling) have
 * loops of their own, and the backward pass writes each input of such a window once (the gradient where it
 * is the window's pick, else zero) instead of clearing the gradient first. Both passes split the batch
 * between the pass's threads by samples; each element is computed as on one thread, so the bits do not
 * depend on the thread count. One difference from torch, in the value only: a window
 * whose largest values are zeros of both signs gives +0.0 where torch gives the first one's sign.
 */
public final class MaxPool2d implements Layer {
    /** Fewest samples a thread takes: below that, handing work to another core costs more than it saves. */
    static final int MIN_SAMPLES_PER_THREAD = 4;

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
    private Matrix gradOutputD;
    private FloatMatrix gradOutputF;
    private final MatrixOps.RangeTask forwardTask = this::forwardRange;
    private final MatrixOps.RangeTask backwardTask = this::backwardRange;
    private final MatrixOps.RangeTask forwardTaskF = this::forwardRangeF;
    private final MatrixOps.RangeTask backwardTaskF = this::backwardRangeF;

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

    /** True for side-by-side 2 x 2 windows (LeNet's pooling), which have loops of their own. */
    private boolean pairs() {
        return kernel == 2 && stride == 2;
    }

    /** True when the windows miss some inputs (a border row or column), whose gradients stay zero. */
    private boolean leavesBorder() {
        return kernel != stride || outHeight * stride != height || outWidth * stride != width;
    }

    @Override
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, inputSize());
        input = x;
        rows = x.rows();
        output = Buffers.reuse(output, rows, outputSize());
        pass.ops().forRanges(rows, MIN_SAMPLES_PER_THREAD, forwardTask);
        return output;
    }

    private void forwardRange(int from, int to) {
        double[] in = input.data();
        double[] out = output.data();
        int plane = height * width;
        for (int s = from; s < to; s++) {
            int rowOff = input.offset() + s * inputSize();
            int k = output.offset() + s * outputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int top = rowOff + c * plane + oy * stride * width;
                    if (pairs()) {
                        for (int ox = 0; ox < outWidth; ox++) {
                            int a = top + 2 * ox;
                            out[k++] = Math.max(Math.max(in[a], in[a + 1]), Math.max(in[a + width], in[a + width + 1]));
                        }
                        continue;
                    }
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = top + ox * stride;
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
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        Pooling.requireGradient(this, rows, gradOutput.rows(), gradOutput.cols());
        gradInput = Buffers.reuse(gradInput, rows, inputSize());
        gradOutputD = gradOutput;
        ops.forRanges(rows, MIN_SAMPLES_PER_THREAD, backwardTask);
        ops.addFlops((long) rows * outputSize());
        return gradInput;
    }

    private void backwardRange(int from, int to) {
        double[] g = gradInput.data();
        double[] in = input.data();
        double[] out = output.data();
        double[] gy = gradOutputD.data();
        int size = inputSize();
        if (!pairs() || leavesBorder()) {
            Arrays.fill(g, gradInput.offset() + from * size, gradInput.offset() + to * size, 0.0);
        }
        int plane = height * width;
        for (int s = from; s < to; s++) {
            int inOff = input.offset() + s * size;
            int gOff = gradInput.offset() + s * size;
            int k = s * outputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int top = c * plane + oy * stride * width;
                    for (int ox = 0; ox < outWidth; ox++, k++) {
                        double max = out[output.offset() + k];
                        double grad = gy[gradOutputD.offset() + k];
                        if (pairs() && max == max) {
                            // Each input of the window gets grad when it is the first holding the maximum,
                            // else +0.0, by masks rather than branches (see position()).
                            int a = top + 2 * ox;
                            long target = Double.doubleToRawLongBits(max + 0.0);
                            long u0 = unequal(in[inOff + a], target);
                            long u1 = unequal(in[inOff + a + 1], target);
                            long u2 = unequal(in[inOff + a + width], target);
                            long bits = Double.doubleToRawLongBits(grad + 0.0); // as 0.0 + grad below
                            g[gOff + a] = Double.longBitsToDouble(bits & ~u0);
                            g[gOff + a + 1] = Double.longBitsToDouble(bits & ~u1 & u0);
                            g[gOff + a + width] = Double.longBitsToDouble(bits & ~u2 & u0 & u1);
                            g[gOff + a + width + 1] = Double.longBitsToDouble(bits & u0 & u1 & u2);
                            continue;
                        }
                        if (pairs()) { // a NaN window: its inputs were not zeroed above
                            int a = top + 2 * ox;
                            g[gOff + a] = g[gOff + a + 1] = g[gOff + a + width] = g[gOff + a + width + 1] = 0;
                        }
                        int at = position(in, inOff, top + ox * stride, max);
                        g[gOff + at] += grad;
                    }
                }
            }
        }
    }

    /** All ones when v (with -0.0 taken as +0.0) does not have the bits target, zero when it does. */
    private static long unequal(double v, long target) {
        long differ = Double.doubleToRawLongBits(v + 0.0) ^ target;
        return (differ | -differ) >> 63;
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
                int unequal = (int) unequal(in[rowOff + idx], target); // 0 when equal, -1 otherwise
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
        pass.ops().forRanges(rowsF, MIN_SAMPLES_PER_THREAD, forwardTaskF);
        return outputF;
    }

    private void forwardRangeF(int from, int to) {
        float[] in = inputF.data();
        float[] out = outputF.data();
        int plane = height * width;
        for (int s = from; s < to; s++) {
            int rowOff = inputF.offset() + s * inputSize();
            int k = outputF.offset() + s * outputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int top = rowOff + c * plane + oy * stride * width;
                    if (pairs()) {
                        for (int ox = 0; ox < outWidth; ox++) {
                            int a = top + 2 * ox;
                            out[k++] = Math.max(Math.max(in[a], in[a + 1]), Math.max(in[a + width], in[a + width + 1]));
                        }
                        continue;
                    }
                    for (int ox = 0; ox < outWidth; ox++) {
                        int first = top + ox * stride;
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
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        Pooling.requireGradient(this, rowsF, gradOutput.rows(), gradOutput.cols());
        gradInputF = Buffers.reuse(gradInputF, rowsF, inputSize());
        gradOutputF = gradOutput;
        ops.forRanges(rowsF, MIN_SAMPLES_PER_THREAD, backwardTaskF);
        ops.addFlops((long) rowsF * outputSize());
        return gradInputF;
    }

    private void backwardRangeF(int from, int to) {
        float[] g = gradInputF.data();
        float[] in = inputF.data();
        float[] out = outputF.data();
        float[] gy = gradOutputF.data();
        int size = inputSize();
        if (!pairs() || leavesBorder()) {
            Arrays.fill(g, gradInputF.offset() + from * size, gradInputF.offset() + to * size, 0f);
        }
        int plane = height * width;
        for (int s = from; s < to; s++) {
            int inOff = inputF.offset() + s * size;
            int gOff = gradInputF.offset() + s * size;
            int k = s * outputSize();
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    int top = c * plane + oy * stride * width;
                    for (int ox = 0; ox < outWidth; ox++, k++) {
                        float max = out[outputF.offset() + k];
                        float grad = gy[gradOutputF.offset() + k];
                        if (pairs() && max == max) {
                            int a = top + 2 * ox;
                            int target = Float.floatToRawIntBits(max + 0f);
                            int u0 = unequal(in[inOff + a], target);
                            int u1 = unequal(in[inOff + a + 1], target);
                            int u2 = unequal(in[inOff + a + width], target);
                            int bits = Float.floatToRawIntBits(grad + 0f);
                            g[gOff + a] = Float.intBitsToFloat(bits & ~u0);
                            g[gOff + a + 1] = Float.intBitsToFloat(bits & ~u1 & u0);
                            g[gOff + a + width] = Float.intBitsToFloat(bits & ~u2 & u0 & u1);
                            g[gOff + a + width + 1] = Float.intBitsToFloat(bits & u0 & u1 & u2);
                            continue;
                        }
                        if (pairs()) { // a NaN window: its inputs were not zeroed above
                            int a = top + 2 * ox;
                            g[gOff + a] = g[gOff + a + 1] = g[gOff + a + width] = g[gOff + a + width + 1] = 0;
                        }
                        int at = position(in, inOff, top + ox * stride, max);
                        g[gOff + at] += grad;
                    }
                }
            }
        }
    }

    private static int unequal(float v, int target) {
        int differ = Float.floatToRawIntBits(v + 0f) ^ target;
        return (differ | -differ) >> 31;
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
                best += (idx - best) & ~unequal(in[rowOff + idx], target);
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
