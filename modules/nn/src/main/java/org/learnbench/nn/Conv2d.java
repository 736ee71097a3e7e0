package org.learnbench.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A 2-D convolution as torch.nn.Conv2d computes it (a cross-correlation): zero padding, one stride for both
 * axes, a kernel of any height and width, and one bias per output channel.
 *
 * <p>Rows are samples; each row holds its sample's C x H x W values channel-major (torch's NCHW tensor
 * flattened per sample), and the output row its O x OH x OW values alike, with OH = (H + 2 pad - kh) / stride
 * + 1 rounded down (and OW likewise). The parameters are the O x (C*kh*kw) kernel in the order of torch's
 * weight tensor, then the O biases: torch's {@code weight.flatten()} and {@code bias}, concatenated.
 *
 * <p>Computed by im2col and the project's multiply, which measured faster than a direct loop (see {@code
 * modules/bench/README.md}). Forward, the patches of a batch of N samples are laid out as a K x (N*P) matrix
 * (K = C*kh*kw, P = OH*OW; column n*P + p holds the patch under output pixel p of sample n, zero where it
 * overhangs the padded border), multiplied by the kernel into O x (N*P), and scattered into the rows with
 * the bias added. Backward: dW^T = cols dY'^T (with dY'^T gathered as (N*P) x O: the multiply is several
 * times faster in this form than as dY' cols^T, whose inner dimension N*P is long and output small; the
 * bits are the same), db = sums of dY, dcols = W^T dY', and dX gathers each patch entry of dcols back into
 * its pixel (col2im). Every element's sum runs in an order fixed by the shapes, so
 * the bits do not depend on the thread count; the multiplies are what use several threads.
 *
 * <p>A pass works through the batch in chunks of at most {@link #CHUNK_ELEMENTS} patch entries (a chunk's
 * sample count depends on the shapes only), so evaluating a large split or a full-batch step costs bounded
 * memory. The outputs are bitwise those of one chunk. The backward pass of a chunked batch rebuilds the
 * patches of every chunk but the last and adds the chunks' kernel gradients in chunk order; training batches
 * of usual sizes (LeNet's first layer: up to 427 samples) are one chunk.
 */
public final class Conv2d implements Layer {
    /** Most patch entries a pass holds at once (64 MB in double, 32 MB in float). */
    static final int CHUNK_ELEMENTS = 1 << 23;

    private final int channels;
    private final int height;
    private final int width;
    private final int filters;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int stride;
    private final int padding;
    private final int outHeight;
    private final int outWidth;
    private final int patch;
    private final int pixels;
    /** Patch entries inside the input (not padding) per sample: the additions of col2im. */
    private final long insidePerSample;

    private final Initializer initializer;
    private final double gain;
    private int chunkElements = CHUNK_ELEMENTS;

    private Matrix weights;
    private Matrix bias;
    private Matrix weightGrad;
    private Matrix biasGrad;
    private FloatMatrix weightsF;
    private FloatMatrix biasF;
    private FloatMatrix weightGradF;
    private FloatMatrix biasGradF;

    private final Scratch cols = new Scratch();
    private final Scratch product = new Scratch();
    private final Scratch gradCols = new Scratch();
    private final Scratch gradProductT = new Scratch();
    private final Scratch weightGradT = new Scratch();

    private Matrix input;
    private Matrix output;
    private Matrix gradInput;
    /** Samples per chunk of the last double forward. */
    private int chunk;
    /** The first sample whose patches {@link #cols} holds (double); the F fields below are the float twins. */
    private int colsFrom;

    private FloatMatrix inputF;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;
    private int chunkF;
    private int colsFromF;

    /**
     * @param channels input channels C
     * @param height input height H
     * @param width input width W
     * @param filters output channels O
     * @param gain initialisation gain, normally that of the activation that follows
     */
    public Conv2d(
            int channels,
            int height,
            int width,
            int filters,
            int kernelHeight,
            int kernelWidth,
            int stride,
            int padding,
            Initializer initializer,
            double gain) {
        if (channels < 1 || height < 1 || width < 1 || filters < 1 || kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("a convolution needs positive sizes, got input " + channels + "x"
                    + height + "x" + width + ", " + filters + " filters of " + kernelHeight + "x" + kernelWidth);
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException(
                    "a convolution needs stride >= 1 and padding >= 0, got stride " + stride + ", padding " + padding);
        }
        if (kernelHeight > height + 2 * padding || kernelWidth > width + 2 * padding) {
            throw new IllegalArgumentException("a " + kernelHeight + "x" + kernelWidth + " kernel does not fit a "
                    + height + "x" + width + " input padded by " + padding + " to " + (height + 2 * padding) + "x"
                    + (width + 2 * padding));
        }
        if (!(gain > 0)) {
            throw new IllegalArgumentException("initialisation gain must be > 0, got " + gain);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.filters = filters;
        this.kernelHeight = kernelHeight;
        this.kernelWidth = kernelWidth;
        this.stride = stride;
        this.padding = padding;
        this.outHeight = outputExtent(height, kernelHeight, stride, padding);
        this.outWidth = outputExtent(width, kernelWidth, stride, padding);
        this.patch = Math.multiplyExact(channels, kernelHeight * kernelWidth);
        this.pixels = outHeight * outWidth;
        Math.multiplyExact(Math.multiplyExact(channels, height), width); // rows must fit an int
        Math.multiplyExact(filters, pixels);
        long inside = 0;
        for (int ki = 0; ki < kernelHeight; ki++) {
            for (int kj = 0; kj < kernelWidth; kj++) {
                inside += (long) (insideTo(ki, height, outHeight) - insideFrom(ki, outHeight))
                        * (insideTo(kj, width, outWidth) - insideFrom(kj, outWidth));
            }
        }
        this.insidePerSample = inside * channels;
        this.initializer = initializer;
        this.gain = gain;
    }

    /** (size + 2 padding - kernel) / stride + 1, rounded down as torch does; at least 1 when the kernel fits. */
    static int outputExtent(int size, int kernel, int stride, int padding) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    public int outputChannels() {
        return filters;
    }

    public int outputHeight() {
        return outHeight;
    }

    public int outputWidth() {
        return outWidth;
    }

    @Override
    public int inputSize() {
        return channels * height * width;
    }

    @Override
    public int outputSize() {
        return filters * pixels;
    }

    @Override
    public int parameterCount() {
        return filters * patch + filters;
    }

    @Override
    public void bind(double[] parameters, double[] gradients, int offset) {
        weights = Matrix.wrap(parameters, offset, filters, patch);
        bias = Matrix.wrap(parameters, offset + filters * patch, 1, filters);
        weightGrad = Matrix.wrap(gradients, offset, filters, patch);
        biasGrad = Matrix.wrap(gradients, offset + filters * patch, 1, filters);
    }

    @Override
    public void bind(float[] parameters, float[] gradients, int offset) {
        weightsF = FloatMatrix.wrap(parameters, offset, filters, patch);
        biasF = FloatMatrix.wrap(parameters, offset + filters * patch, 1, filters);
        weightGradF = FloatMatrix.wrap(gradients, offset, filters, patch);
        biasGradF = FloatMatrix.wrap(gradients, offset + filters * patch, 1, filters);
    }

    /** Kernel weights from the initialiser with torch's fans of a convolution (C*kh*kw in, O*kh*kw out); zero biases. */
    @Override
    public void initialize(RandomGenerator random) {
        initializer.initialize(weights, patch, filters * kernelHeight * kernelWidth, gain, random);
        bias.fill(0.0);
    }

    /** The live O x (C*kh*kw) kernel view (double; see {@link Dense#weights()} for float32 networks). */
    public Matrix weights() {
        return weights;
    }

    /** The live 1 x O bias view. */
    public Matrix bias() {
        return bias;
    }

    // ---------------------------------------------------------------------------------------------
    // Geometry shared by both precisions: for kernel offset k along an axis, the output positions whose
    // input coordinate o*stride + k - padding falls inside the input are [insideFrom(k), insideTo(k)).

    private int insideFrom(int k, int outSize) {
        int need = padding - k; // o * stride >= need
        return need <= 0 ? 0 : Math.min(outSize, (need + stride - 1) / stride);
    }

    private int insideTo(int k, int size, int outSize) {
        int last = size - 1 + padding - k; // o * stride <= last
        int to = last < 0 ? 0 : Math.min(outSize, last / stride + 1);
        return Math.max(to, insideFrom(k, outSize));
    }

    private int samplesPerChunk(int rows) {
        long perSample = (long) patch * pixels;
        return (int) Math.max(1, Math.min(rows, chunkElements / perSample));
    }

    /** Lowers the chunk size (for tests of the chunked path on small batches). */
    void setChunkElements(int elements) {
        if (elements < 1) {
            throw new IllegalArgumentException("chunk elements must be >= 1, got " + elements);
        }
        chunkElements = elements;
    }

    // ---------------------------------------------------------------------------------------------
    // Double precision

    @Override
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, inputSize());
        MatrixOps ops = pass.ops();
        int rows = x.rows();
        input = x;
        output = Buffers.reuse(output, rows, outputSize());
        chunk = samplesPerChunk(rows);
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            Matrix c = cols.view(patch, n * pixels);
            inParallel(ops, IM2COL, n, x.data(), x.offset() + from * inputSize(), c.data(), 0);
            colsFrom = from;
            Matrix y = product.view(filters, n * pixels);
            ops.mult(weights, c, y);
            inParallel(ops, SCATTER, n, y.data(), 0, output.data(), output.offset() + from * outputSize());
        }
        ops.addFlops((long) rows * outputSize());
        return output;
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        return backward(ops, gradOutput, true);
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, Matrix gradOutput) {
        backward(ops, gradOutput, false);
    }

    private Matrix backward(MatrixOps ops, Matrix gradOutput, boolean withInput) {
        if (input == null || gradOutput.rows() != input.rows() || gradOutput.cols() != outputSize()) {
            throw new IllegalStateException(describe() + ": backward needs the gradient of the last forward's "
                    + (input == null
                            ? "output, but no forward ran"
                            : input.rows() + "x" + outputSize() + " output, got " + gradOutput.shape()));
        }
        int rows = input.rows();
        if (withInput) {
            gradInput = Buffers.reuse(gradInput, rows, inputSize()); // col2im zeroes each row first
        }
        double[] db = biasGrad.data();
        Arrays.fill(db, biasGrad.offset(), biasGrad.offset() + filters, 0.0);
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            Matrix c = cols.view(patch, n * pixels);
            if (colsFrom != from) {
                inParallel(ops, IM2COL, n, input.data(), input.offset() + from * inputSize(), c.data(), 0);
                colsFrom = from;
            }
            int gOff = gradOutput.offset() + from * outputSize();
            Matrix gyT = gradProductT.view(n * pixels, filters);
            Matrix gy = withInput ? product.view(filters, n * pixels) : null;
            phaseExtra = withInput ? gy.data() : null;
            inParallel(ops, GATHER, n, gradOutput.data(), gOff, gyT.data(), 0);
            biasSums(gradOutput.data(), gOff, n, db, biasGrad.offset());
            Matrix part = weightGradT.view(patch, filters);
            ops.mult(c, gyT, part);
            transposeInto(part.data(), weightGrad.data(), weightGrad.offset(), from > 0);
            if (withInput) {
                Matrix gc = gradCols.view(patch, n * pixels);
                ops.multTransA(weights, gy, gc);
                inParallel(ops, COL2IM, n, gc.data(), 0, gradInput.data(), gradInput.offset() + from * inputSize());
            }
        }
        ops.addFlops((long) rows * outputSize() + (withInput ? rows * insidePerSample : 0));
        if (rows > chunk) {
            ops.addFlops((long) ((rows - 1) / chunk) * filters * patch); // the chunks' kernel gradients added
        }
        return withInput ? gradInput : null;
    }

    // ---------------------------------------------------------------------------------------------
    // The loops around the multiplies run on the pass's threads, each thread on its own samples: every
    // element is computed as on one thread, so the bits do not depend on the thread count.

    /** Fewest samples a thread takes: below that, handing work to another core costs more than it saves. */
    private static final int MIN_SAMPLES_PER_THREAD = 4;

    private static final int IM2COL = 0;
    private static final int SCATTER = 1;
    private static final int GATHER = 2;
    private static final int COL2IM = 3;

    /** The loop {@link #runPhase} runs and its arrays (double[] or float[]), set by {@link #inParallel}. */
    private int phase;

    private int phaseSamples;
    private Object phaseIn;
    private int phaseInOff;
    private Object phaseOut;
    private int phaseOutOff;
    /** The O x (n*P) gradient of {@link #GATHER}, or null. */
    private Object phaseExtra;

    private final MatrixOps.RangeTask phaseTask = this::runPhase;

    /** Runs one of the loops over the n samples of a chunk, split between the threads of ops. */
    private void inParallel(MatrixOps ops, int loop, int n, Object in, int inOff, Object out, int outOff) {
        phase = loop;
        phaseSamples = n;
        phaseIn = in;
        phaseInOff = inOff;
        phaseOut = out;
        phaseOutOff = outOff;
        ops.forRanges(n, MIN_SAMPLES_PER_THREAD, phaseTask);
    }

    private void runPhase(int from, int to) {
        int n = phaseSamples;
        if (phaseIn instanceof double[] in) {
            double[] out = (double[]) phaseOut;
            switch (phase) {
                case IM2COL -> im2col(in, phaseInOff, n, out, from, to);
                case SCATTER -> scatter(in, n, out, phaseOutOff, from, to);
                case GATHER -> gather(in, phaseInOff, n, out, (double[]) phaseExtra, from, to);
                default -> col2im(in, n, out, phaseOutOff, from, to);
            }
        } else {
            float[] in = (float[]) phaseIn;
            float[] out = (float[]) phaseOut;
            switch (phase) {
                case IM2COL -> im2col(in, phaseInOff, n, out, from, to);
                case SCATTER -> scatter(in, n, out, phaseOutOff, from, to);
                case GATHER -> gather(in, phaseInOff, n, out, (float[]) phaseExtra, from, to);
                default -> col2im(in, n, out, phaseOutOff, from, to);
            }
        }
    }

    /** Patches of n samples starting at x[xOff] into the K x (n*P) matrix cols (see the class comment). */
    private void im2col(double[] x, int xOff, int n, double[] c, int from, int to) {
        int np = n * pixels;
        int plane = height * width;
        for (int ch = 0; ch < channels; ch++) {
            for (int ki = 0; ki < kernelHeight; ki++) {
                int oyFrom = insideFrom(ki, outHeight);
                int oyTo = insideTo(ki, height, outHeight);
                for (int kj = 0; kj < kernelWidth; kj++) {
                    int oxFrom = insideFrom(kj, outWidth);
                    int oxTo = insideTo(kj, width, outWidth);
                    int row = ((ch * kernelHeight + ki) * kernelWidth + kj) * np;
                    for (int s = from; s < to; s++) {
                        int src = xOff + s * inputSize() + ch * plane + kj - padding;
                        int dst = row + s * pixels;
                        Arrays.fill(c, dst, dst + oyFrom * outWidth, 0.0);
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = dst + oy * outWidth;
                            int base = src + (oy * stride + ki - padding) * width;
                            Arrays.fill(c, d, d + oxFrom, 0.0);
                            if (stride == 1) {
                                System.arraycopy(x, base + oxFrom, c, d + oxFrom, oxTo - oxFrom);
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    c[d + ox] = x[base + ox * stride];
                                }
                            }
                            Arrays.fill(c, d + oxTo, d + outWidth, 0.0);
                        }
                        Arrays.fill(c, dst + oyTo * outWidth, dst + pixels, 0.0);
                    }
                }
            }
        }
    }

    /** Adds each entry of the K x (n*P) patch gradient into its input pixel of the n rows at g[gOff]. */
    private void col2im(double[] c, int n, double[] g, int gOff, int from, int to) {
        int np = n * pixels;
        int plane = height * width;
        for (int s = from; s < to; s++) {
            Arrays.fill(g, gOff + s * inputSize(), gOff + (s + 1) * inputSize(), 0.0);
            for (int ch = 0; ch < channels; ch++) {
                for (int ki = 0; ki < kernelHeight; ki++) {
                    int oyFrom = insideFrom(ki, outHeight);
                    int oyTo = insideTo(ki, height, outHeight);
                    for (int kj = 0; kj < kernelWidth; kj++) {
                        int oxFrom = insideFrom(kj, outWidth);
                        int oxTo = insideTo(kj, width, outWidth);
                        int row = ((ch * kernelHeight + ki) * kernelWidth + kj) * np;
                        int dst = gOff + s * inputSize() + ch * plane + kj - padding;
                        int src = row + s * pixels;
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = src + oy * outWidth;
                            int base = dst + (oy * stride + ki - padding) * width;
                            if (stride == 1) {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    g[base + ox] += c[d + ox];
                                }
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    g[base + ox * stride] += c[d + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Output rows [from, to) of a chunk of n samples: out row s, channel o = y[o][s*P ..] + bias[o]. */
    private void scatter(double[] y, int n, double[] out, int outOff, int from, int to) {
        double[] b = bias.data();
        int np = n * pixels;
        for (int s = from; s < to; s++) {
            for (int o = 0; o < filters; o++) {
                double bo = b[bias.offset() + o];
                int src = o * np + s * pixels;
                int dst = outOff + s * outputSize() + o * pixels;
                for (int p = 0; p < pixels; p++) {
                    out[dst + p] = y[src + p] + bo;
                }
            }
        }
    }

    /**
     * Samples [from, to) of a chunk's dL/d(output) as the (n*P) x O matrix gyT (row n*P + p holds pixel p of
     * sample n) and, unless gy is null, as the O x (n*P) matrix gy (the inverse layout of {@link #scatter}).
     */
    private void gather(double[] g, int gOff, int n, double[] gyT, double[] gy, int from, int to) {
        int np = n * pixels;
        for (int s = from; s < to; s++) {
            for (int o = 0; o < filters; o++) {
                int src = gOff + s * outputSize() + o * pixels;
                int dst = s * pixels * filters + o;
                for (int p = 0; p < pixels; p++) {
                    gyT[dst + p * filters] = g[src + p];
                }
                if (gy != null) {
                    System.arraycopy(g, src, gy, o * np + s * pixels, pixels);
                }
            }
        }
    }

    /** Adds each channel's sum of a chunk's dL/d(output), over samples then pixels, to db. */
    private void biasSums(double[] g, int gOff, int n, double[] db, int dbOff) {
        for (int o = 0; o < filters; o++) {
            double sum = db[dbOff + o];
            for (int s = 0; s < n; s++) {
                int src = gOff + s * outputSize() + o * pixels;
                for (int p = 0; p < pixels; p++) {
                    sum += g[src + p];
                }
            }
            db[dbOff + o] = sum;
        }
    }

    /** Writes (or adds, for a later chunk) the K x O matrix t into the O x K kernel gradient at w[wOff]. */
    private void transposeInto(double[] t, double[] w, int wOff, boolean add) {
        for (int o = 0; o < filters; o++) {
            for (int r = 0; r < patch; r++) {
                double v = t[r * filters + o];
                w[wOff + o * patch + r] = add ? w[wOff + o * patch + r] + v : v;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Single precision: the same steps on floats.

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, inputSize());
        requireFloat();
        MatrixOps ops = pass.ops();
        int rows = x.rows();
        inputF = x;
        outputF = Buffers.reuse(outputF, rows, outputSize());
        chunkF = samplesPerChunk(rows);
        for (int from = 0; from < rows; from += chunkF) {
            int n = Math.min(chunkF, rows - from);
            FloatMatrix c = cols.floatView(patch, n * pixels);
            inParallel(ops, IM2COL, n, x.data(), x.offset() + from * inputSize(), c.data(), 0);
            colsFromF = from;
            FloatMatrix y = product.floatView(filters, n * pixels);
            ops.mult(weightsF, c, y);
            inParallel(ops, SCATTER, n, y.data(), 0, outputF.data(), outputF.offset() + from * outputSize());
        }
        ops.addFlops((long) rows * outputSize());
        return outputF;
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        return backward(ops, gradOutput, true);
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, FloatMatrix gradOutput) {
        backward(ops, gradOutput, false);
    }

    private FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput, boolean withInput) {
        if (inputF == null || gradOutput.rows() != inputF.rows() || gradOutput.cols() != outputSize()) {
            throw new IllegalStateException(describe() + ": backward needs the gradient of the last float forward's "
                    + (inputF == null
                            ? "output, but no float forward ran"
                            : inputF.rows() + "x" + outputSize() + " output, got " + gradOutput.shape()));
        }
        int rows = inputF.rows();
        if (withInput) {
            gradInputF = Buffers.reuse(gradInputF, rows, inputSize()); // col2im zeroes each row first
        }
        float[] db = biasGradF.data();
        Arrays.fill(db, biasGradF.offset(), biasGradF.offset() + filters, 0f);
        for (int from = 0; from < rows; from += chunkF) {
            int n = Math.min(chunkF, rows - from);
            FloatMatrix c = cols.floatView(patch, n * pixels);
            if (colsFromF != from) {
                inParallel(ops, IM2COL, n, inputF.data(), inputF.offset() + from * inputSize(), c.data(), 0);
                colsFromF = from;
            }
            int gOff = gradOutput.offset() + from * outputSize();
            FloatMatrix gyT = gradProductT.floatView(n * pixels, filters);
            FloatMatrix gy = withInput ? product.floatView(filters, n * pixels) : null;
            phaseExtra = withInput ? gy.data() : null;
            inParallel(ops, GATHER, n, gradOutput.data(), gOff, gyT.data(), 0);
            biasSums(gradOutput.data(), gOff, n, db, biasGradF.offset());
            FloatMatrix part = weightGradT.floatView(patch, filters);
            ops.mult(c, gyT, part);
            transposeInto(part.data(), weightGradF.data(), weightGradF.offset(), from > 0);
            if (withInput) {
                FloatMatrix gc = gradCols.floatView(patch, n * pixels);
                ops.multTransA(weightsF, gy, gc);
                inParallel(ops, COL2IM, n, gc.data(), 0, gradInputF.data(), gradInputF.offset() + from * inputSize());
            }
        }
        ops.addFlops((long) rows * outputSize() + (withInput ? rows * insidePerSample : 0));
        if (rows > chunkF) {
            ops.addFlops((long) ((rows - 1) / chunkF) * filters * patch); // the chunks' kernel gradients added
        }
        return withInput ? gradInputF : null;
    }

    private void im2col(float[] x, int xOff, int n, float[] c, int from, int to) {
        int np = n * pixels;
        int plane = height * width;
        for (int ch = 0; ch < channels; ch++) {
            for (int ki = 0; ki < kernelHeight; ki++) {
                int oyFrom = insideFrom(ki, outHeight);
                int oyTo = insideTo(ki, height, outHeight);
                for (int kj = 0; kj < kernelWidth; kj++) {
                    int oxFrom = insideFrom(kj, outWidth);
                    int oxTo = insideTo(kj, width, outWidth);
                    int row = ((ch * kernelHeight + ki) * kernelWidth + kj) * np;
                    for (int s = from; s < to; s++) {
                        int src = xOff + s * inputSize() + ch * plane + kj - padding;
                        int dst = row + s * pixels;
                        Arrays.fill(c, dst, dst + oyFrom * outWidth, 0f);
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = dst + oy * outWidth;
                            int base = src + (oy * stride + ki - padding) * width;
                            Arrays.fill(c, d, d + oxFrom, 0f);
                            if (stride == 1) {
                                System.arraycopy(x, base + oxFrom, c, d + oxFrom, oxTo - oxFrom);
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    c[d + ox] = x[base + ox * stride];
                                }
                            }
                            Arrays.fill(c, d + oxTo, d + outWidth, 0f);
                        }
                        Arrays.fill(c, dst + oyTo * outWidth, dst + pixels, 0f);
                    }
                }
            }
        }
    }

    private void col2im(float[] c, int n, float[] g, int gOff, int from, int to) {
        int np = n * pixels;
        int plane = height * width;
        for (int s = from; s < to; s++) {
            Arrays.fill(g, gOff + s * inputSize(), gOff + (s + 1) * inputSize(), 0f);
            for (int ch = 0; ch < channels; ch++) {
                for (int ki = 0; ki < kernelHeight; ki++) {
                    int oyFrom = insideFrom(ki, outHeight);
                    int oyTo = insideTo(ki, height, outHeight);
                    for (int kj = 0; kj < kernelWidth; kj++) {
                        int oxFrom = insideFrom(kj, outWidth);
                        int oxTo = insideTo(kj, width, outWidth);
                        int row = ((ch * kernelHeight + ki) * kernelWidth + kj) * np;
                        int dst = gOff + s * inputSize() + ch * plane + kj - padding;
                        int src = row + s * pixels;
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = src + oy * outWidth;
                            int base = dst + (oy * stride + ki - padding) * width;
                            if (stride == 1) {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    g[base + ox] += c[d + ox];
                                }
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    g[base + ox * stride] += c[d + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Output rows [from, to) of a chunk of n samples: out row s, channel o = y[o][s*P ..] + bias[o]. */
    private void scatter(float[] y, int n, float[] out, int outOff, int from, int to) {
        float[] b = biasF.data();
        int np = n * pixels;
        for (int s = from; s < to; s++) {
            for (int o = 0; o < filters; o++) {
                float bo = b[biasF.offset() + o];
                int src = o * np + s * pixels;
                int dst = outOff + s * outputSize() + o * pixels;
                for (int p = 0; p < pixels; p++) {
                    out[dst + p] = y[src + p] + bo;
                }
            }
        }
    }

    /**
     * Samples [from, to) of a chunk's dL/d(output) as the (n*P) x O matrix gyT (row n*P + p holds pixel p of
     * sample n) and, unless gy is null, as the O x (n*P) matrix gy (the inverse layout of {@link #scatter}).
     */
    private void gather(float[] g, int gOff, int n, float[] gyT, float[] gy, int from, int to) {
        int np = n * pixels;
        for (int s = from; s < to; s++) {
            for (int o = 0; o < filters; o++) {
                int src = gOff + s * outputSize() + o * pixels;
                int dst = s * pixels * filters + o;
                for (int p = 0; p < pixels; p++) {
                    gyT[dst + p * filters] = g[src + p];
                }
                if (gy != null) {
                    System.arraycopy(g, src, gy, o * np + s * pixels, pixels);
                }
            }
        }
    }

    /** Adds each channel's sum of a chunk's dL/d(output), over samples then pixels, to db. */
    private void biasSums(float[] g, int gOff, int n, float[] db, int dbOff) {
        for (int o = 0; o < filters; o++) {
            float sum = db[dbOff + o];
            for (int s = 0; s < n; s++) {
                int src = gOff + s * outputSize() + o * pixels;
                for (int p = 0; p < pixels; p++) {
                    sum += g[src + p];
                }
            }
            db[dbOff + o] = sum;
        }
    }

    private void transposeInto(float[] t, float[] w, int wOff, boolean add) {
        for (int o = 0; o < filters; o++) {
            for (int r = 0; r < patch; r++) {
                float v = t[r * filters + o];
                w[wOff + o * patch + r] = add ? w[wOff + o * patch + r] + v : v;
            }
        }
    }

    private void requireFloat() {
        if (weightsF == null) {
            throw new IllegalStateException(describe() + ": a single-precision pass needs a float32 network");
        }
    }

    @Override
    public Layer freshCopy() {
        return new Conv2d(
                channels, height, width, filters, kernelHeight, kernelWidth, stride, padding, initializer, gain);
    }

    /** For example "conv 1x28x28->6x28x28 5x5 stride 1 pad 2". */
    @Override
    public String describe() {
        return "conv " + channels + "x" + height + "x" + width + "->" + filters + "x" + outHeight + "x" + outWidth + " "
                + kernelHeight + "x" + kernelWidth + " stride " + stride + " pad " + padding;
    }
}
