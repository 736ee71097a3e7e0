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
 * <p>Computed by im2col and the project's multiply, sample by sample (K = C*kh*kw patch entries, P = OH*OW
 * output pixels). Forward, a sample's patches are laid out as a K x P block (row (c, ki, kj), column the
 * output pixel; zero where a patch overhangs the padded border), multiplied by the O x K kernel straight into
 * the sample's output row, and the bias is added. Backward, per sample: its kernel gradient, transposed, as
 * cols dY^T (K x O; dY is the sample's O x P block of dL/d(output), read in place), its bias gradient as the
 * channel sums of dY, and the patch gradient W^T dY (K x P), added back into the pixels it came from
 * (col2im) while it is still in cache. The samples' kernel and bias gradients are then added up in sample
 * order. Working per sample keeps every block in the L1 or L2 cache (a whole batch's patches are megabytes)
 * and lets the pass's threads take whole samples: every element is computed as on one thread, so the bits
 * do not depend on the thread count. Measurements and the alternatives tried (a direct loop; one multiply
 * over the whole batch) are in {@code modules/bench/README.md}. In single precision with stride 1 the
 * patches are not laid out at all: the products read them in a zero-padded copy of the sample (see the
 * section "Single precision with stride 1" below), with the same bits.
 *
 * <p>A pass works through the batch in chunks of at most {@link #CHUNK_ELEMENTS} patch entries (a chunk's
 * sample count depends on the shapes only), so evaluating a large split or a full-batch step costs bounded
 * memory. The outputs and the gradients are bitwise those of one chunk (the backward pass of a chunked
 * batch rebuilds the patches of every chunk but the last); training batches of usual sizes (LeNet's first
 * layer: up to 427 samples) are one chunk.
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

    /** The patches of a chunk: one K x P block per sample. */
    private final Scratch cols = new Scratch();
    /** The patch gradients of a chunk, likewise. */
    private final Scratch gradCols = new Scratch();
    /** The K x O kernel gradients (transposed) of a chunk's samples, one block per sample. */
    private final Scratch partials = new Scratch();

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
            colsFrom = from;
            inParallel(
                    ops,
                    FORWARD,
                    n,
                    x.data(),
                    x.offset() + from * inputSize(),
                    output.data(),
                    output.offset() + from * outputSize(),
                    cols.view(n, patch * pixels).data(),
                    null,
                    false);
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
        double[] dw = weightGrad.data();
        Arrays.fill(dw, weightGrad.offset(), weightGrad.offset() + filters * patch, 0.0);
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            boolean rebuild = colsFrom != from;
            colsFrom = from;
            int gOff = gradOutput.offset() + from * outputSize();
            double[] parts = partials.view(n, (patch + 1) * filters).data();
            phaseInput = input.data();
            phaseInputOff = input.offset() + from * inputSize();
            phaseGradCols = withInput ? gradCols.view(n, patch * pixels).data() : null;
            inParallel(
                    ops,
                    BACKWARD,
                    n,
                    gradOutput.data(),
                    gOff,
                    withInput ? gradInput.data() : null,
                    withInput ? gradInput.offset() + from * inputSize() : 0,
                    cols.view(n, patch * pixels).data(),
                    parts,
                    rebuild);
            addPartials(parts, n, dw, weightGrad.offset(), db, biasGrad.offset());
        }
        ops.addFlops((long) rows * outputSize()
                + (long) rows * (patch + 1) * filters
                + (withInput ? rows * insidePerSample : 0));
        return withInput ? gradInput : null;
    }

    /**
     * Samples [from, to) of a chunk of n whose rows start at x[xOff]: each sample's patches into its own K x P
     * block of c, the O x P product W c straight into the sample's output row at out[outOff], then the bias.
     */
    private void forward(double[] x, int xOff, double[] c, double[] out, int outOff, int from, int to) {
        double[] w = weights.data();
        double[] b = bias.data();
        int block = patch * pixels;
        for (int s = from; s < to; s++) {
            im2col(x, xOff, c, s, s + 1);
            int row = outOff + s * outputSize();
            serialOps.dgemm(
                    false,
                    false,
                    filters,
                    pixels,
                    patch,
                    w,
                    weights.offset(),
                    patch,
                    c,
                    s * block,
                    pixels,
                    out,
                    row,
                    pixels);
            for (int o = 0; o < filters; o++) {
                double bo = b[bias.offset() + o];
                for (int p = row + o * pixels, end = p + pixels; p < end; p++) {
                    out[p] += bo;
                }
            }
        }
    }

    /**
     * Samples [from, to) of a chunk: the patches again when {@code rebuild}; each sample's K x O kernel
     * gradient (transposed) c dY^T into its block of {@code parts} (dY its O x P block of dL/d(output) at
     * g[gOff]); and, when gx is not null, its K x P patch gradient W^T dY (into its block of the patch
     * gradients) added back into the sample's row of dL/d(input) at gx[gxOff] (col2im).
     */
    private void backward(
            double[] g,
            int gOff,
            double[] c,
            double[] parts,
            double[] gx,
            int gxOff,
            boolean rebuild,
            int from,
            int to) {
        double[] w = weights.data();
        double[] gc = (double[]) phaseGradCols;
        int block = patch * pixels;
        for (int s = from; s < to; s++) {
            if (rebuild) {
                im2col((double[]) phaseInput, phaseInputOff, c, s, s + 1);
            }
            int gs = gOff + s * outputSize();
            serialOps.dgemm(
                    false,
                    true,
                    patch,
                    filters,
                    pixels,
                    c,
                    s * block,
                    pixels,
                    g,
                    gs,
                    pixels,
                    parts,
                    s * (patch + 1) * filters,
                    filters);
            biasSums(g, gs, parts, s * (patch + 1) * filters + patch * filters);
            if (gx != null) {
                serialOps.dgemm(
                        true,
                        false,
                        patch,
                        pixels,
                        filters,
                        w,
                        weights.offset(),
                        patch,
                        g,
                        gs,
                        pixels,
                        gc,
                        s * block,
                        pixels);
                col2im(gc, gx, gxOff, s, s + 1);
            }
        }
    }

    /**
     * One sample's channel sums of dL/d(output) (the O x P block at g[gOff]) into sums[at ..]: each over the
     * pixels in four interleaved partial sums (a single chain would wait on every addition), then combined.
     */
    private void biasSums(double[] g, int gOff, double[] sums, int at) {
        for (int o = 0; o < filters; o++) {
            int src = gOff + o * pixels;
            double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
            int p = 0;
            for (; p + 4 <= pixels; p += 4) {
                s0 += g[src + p];
                s1 += g[src + p + 1];
                s2 += g[src + p + 2];
                s3 += g[src + p + 3];
            }
            for (; p < pixels; p++) {
                s0 += g[src + p];
            }
            sums[at + o] = (s0 + s1) + (s2 + s3);
        }
    }

    /**
     * Adds the n samples' K x O kernel gradients (transposed) and O bias gradients, in sample order, into the
     * O x K kernel gradient at dw[dwOff] and the bias gradient at db[dbOff].
     */
    private void addPartials(double[] parts, int n, double[] dw, int dwOff, double[] db, int dbOff) {
        for (int s = 0; s < n; s++) {
            int base = s * (patch + 1) * filters;
            for (int o = 0; o < filters; o++) {
                int row = dwOff + o * patch;
                for (int r = 0; r < patch; r++) {
                    dw[row + r] += parts[base + r * filters + o];
                }
                db[dbOff + o] += parts[base + patch * filters + o];
            }
        }
    }

    /**
     * Patches of samples [from, to) of the rows at x[xOff], each into its K x P block of c (row (channel * kh
     * + ki) * kw + kj: that patch entry; column oy*OW + ox: that output pixel; zero where the patch overhangs
     * the padded border).
     */
    private void im2col(double[] x, int xOff, double[] c, int from, int to) {
        int plane = height * width;
        for (int s = from; s < to; s++) {
            int src0 = xOff + s * inputSize();
            int dst0 = s * patch * pixels;
            for (int ch = 0; ch < channels; ch++) {
                for (int ki = 0; ki < kernelHeight; ki++) {
                    int oyFrom = insideFrom(ki, outHeight);
                    int oyTo = insideTo(ki, height, outHeight);
                    for (int kj = 0; kj < kernelWidth; kj++) {
                        int oxFrom = insideFrom(kj, outWidth);
                        int oxTo = insideTo(kj, width, outWidth);
                        int dst = dst0 + ((ch * kernelHeight + ki) * kernelWidth + kj) * pixels;
                        int src = src0 + ch * plane + kj - padding;
                        Arrays.fill(c, dst, dst + oyFrom * outWidth, 0.0);
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = dst + oy * outWidth;
                            int base = src + (oy * stride + ki - padding) * width;
                            for (int ox = 0; ox < oxFrom; ox++) {
                                c[d + ox] = 0.0;
                            }
                            if (stride == 1) {
                                System.arraycopy(x, base + oxFrom, c, d + oxFrom, oxTo - oxFrom);
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    c[d + ox] = x[base + ox * stride];
                                }
                            }
                            for (int ox = oxTo; ox < outWidth; ox++) {
                                c[d + ox] = 0.0;
                            }
                        }
                        Arrays.fill(c, dst + oyTo * outWidth, dst + pixels, 0.0);
                    }
                }
            }
        }
    }

    /**
     * Zeroes the rows of samples [from, to) at g[gOff] and adds each entry of the samples' K x P patch
     * gradient blocks of gc into its input pixel (col2im). Each pixel's additions run in the order of the
     * patch entries (channel, ki, kj), then output pixels; with stride 1 each entry's rows are one {@link
     * MatrixOps#addBlock} call.
     */
    private void col2im(double[] gc, double[] g, int gOff, int from, int to) {
        int plane = height * width;
        for (int s = from; s < to; s++) {
            Arrays.fill(g, gOff + s * inputSize(), gOff + (s + 1) * inputSize(), 0.0);
            int src0 = s * patch * pixels;
            for (int ch = 0; ch < channels; ch++) {
                for (int ki = 0; ki < kernelHeight; ki++) {
                    int oyFrom = insideFrom(ki, outHeight);
                    int oyTo = insideTo(ki, height, outHeight);
                    for (int kj = 0; kj < kernelWidth; kj++) {
                        int oxFrom = insideFrom(kj, outWidth);
                        int oxTo = insideTo(kj, width, outWidth);
                        int src = src0 + ((ch * kernelHeight + ki) * kernelWidth + kj) * pixels;
                        int dst = gOff + s * inputSize() + ch * plane + kj - padding;
                        if (stride == 1) {
                            // The tap's rows in one call (vectors of the row where they fit), same sums.
                            MatrixOps.addBlock(
                                    gc,
                                    src + oyFrom * outWidth + oxFrom,
                                    outWidth,
                                    g,
                                    dst + (oyFrom + ki - padding) * width + oxFrom,
                                    width,
                                    oyTo - oyFrom,
                                    oxTo - oxFrom);
                            continue;
                        }
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = src + oy * outWidth;
                            int base = dst + (oy * stride + ki - padding) * width;
                            for (int ox = oxFrom; ox < oxTo; ox++) {
                                g[base + ox * stride] += gc[d + ox];
                            }
                        }
                    }
                }
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
        if (shiftedF()) {
            inParallel(
                    ops,
                    FORWARD_SHIFTED,
                    rows,
                    x.data(),
                    x.offset(),
                    outputF.data(),
                    outputF.offset(),
                    null,
                    null,
                    false);
            ops.addFlops((long) rows * (2L * filters * pixels * patch + outputSize()));
            return outputF;
        }
        chunkF = samplesPerChunk(rows);
        for (int from = 0; from < rows; from += chunkF) {
            int n = Math.min(chunkF, rows - from);
            colsFromF = from;
            inParallel(
                    ops,
                    FORWARD,
                    n,
                    x.data(),
                    x.offset() + from * inputSize(),
                    outputF.data(),
                    outputF.offset() + from * outputSize(),
                    cols.floatView(n, patch * pixels).data(),
                    null,
                    false);
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
        float[] dw = weightGradF.data();
        Arrays.fill(dw, weightGradF.offset(), weightGradF.offset() + filters * patch, 0f);
        if (shiftedF()) {
            float[] parts = partials.floatView(rows, (patch + 1) * filters).data();
            if (withInput) {
                float[] w = weightsF.data();
                for (int o = 0; o < filters; o++) {
                    for (int t = 0; t < patch; t++) {
                        weightsTransposed[t * filters + o] = w[weightsF.offset() + o * patch + t];
                    }
                }
            }
            phaseInput = inputF.data();
            phaseInputOff = inputF.offset();
            inParallel(
                    ops,
                    BACKWARD_SHIFTED,
                    rows,
                    gradOutput.data(),
                    gradOutput.offset(),
                    withInput ? gradInputF.data() : null,
                    withInput ? gradInputF.offset() : 0,
                    null,
                    parts,
                    false);
            addPartials(parts, rows, dw, weightGradF.offset(), db, biasGradF.offset());
            long perSample = 2L * patch * filters * pixels + outputSize() + (long) (patch + 1) * filters;
            if (withInput) {
                perSample += 2L * patch * pixels * filters + insidePerSample;
            }
            ops.addFlops(rows * perSample);
            return withInput ? gradInputF : null;
        }
        for (int from = 0; from < rows; from += chunkF) {
            int n = Math.min(chunkF, rows - from);
            boolean rebuild = colsFromF != from;
            colsFromF = from;
            int gOff = gradOutput.offset() + from * outputSize();
            float[] parts = partials.floatView(n, (patch + 1) * filters).data();
            phaseInput = inputF.data();
            phaseInputOff = inputF.offset() + from * inputSize();
            phaseGradCols = withInput ? gradCols.floatView(n, patch * pixels).data() : null;
            inParallel(
                    ops,
                    BACKWARD,
                    n,
                    gradOutput.data(),
                    gOff,
                    withInput ? gradInputF.data() : null,
                    withInput ? gradInputF.offset() + from * inputSize() : 0,
                    cols.floatView(n, patch * pixels).data(),
                    parts,
                    rebuild);
            addPartials(parts, n, dw, weightGradF.offset(), db, biasGradF.offset());
        }
        ops.addFlops((long) rows * outputSize()
                + (long) rows * (patch + 1) * filters
                + (withInput ? rows * insidePerSample : 0));
        return withInput ? gradInputF : null;
    }

    private void forward(float[] x, int xOff, float[] c, float[] out, int outOff, int from, int to) {
        float[] w = weightsF.data();
        float[] b = biasF.data();
        int block = patch * pixels;
        for (int s = from; s < to; s++) {
            im2col(x, xOff, c, s, s + 1);
            int row = outOff + s * outputSize();
            serialOps.sgemm(
                    false,
                    false,
                    filters,
                    pixels,
                    patch,
                    w,
                    weightsF.offset(),
                    patch,
                    c,
                    s * block,
                    pixels,
                    out,
                    row,
                    pixels);
            for (int o = 0; o < filters; o++) {
                float bo = b[biasF.offset() + o];
                for (int p = row + o * pixels, end = p + pixels; p < end; p++) {
                    out[p] += bo;
                }
            }
        }
    }

    private void backward(
            float[] g, int gOff, float[] c, float[] parts, float[] gx, int gxOff, boolean rebuild, int from, int to) {
        float[] w = weightsF.data();
        float[] gc = (float[]) phaseGradCols;
        int block = patch * pixels;
        for (int s = from; s < to; s++) {
            if (rebuild) {
                im2col((float[]) phaseInput, phaseInputOff, c, s, s + 1);
            }
            int gs = gOff + s * outputSize();
            serialOps.sgemm(
                    false,
                    true,
                    patch,
                    filters,
                    pixels,
                    c,
                    s * block,
                    pixels,
                    g,
                    gs,
                    pixels,
                    parts,
                    s * (patch + 1) * filters,
                    filters);
            biasSums(g, gs, parts, s * (patch + 1) * filters + patch * filters);
            if (gx != null) {
                serialOps.sgemm(
                        true,
                        false,
                        patch,
                        pixels,
                        filters,
                        w,
                        weightsF.offset(),
                        patch,
                        g,
                        gs,
                        pixels,
                        gc,
                        s * block,
                        pixels);
                col2im(gc, gx, gxOff, s, s + 1);
            }
        }
    }

    /**
     * One sample's channel sums of dL/d(output) (the O x P block at g[gOff]) into sums[at ..]: each over the
     * pixels in four interleaved partial sums (a single chain would wait on every addition), then combined.
     */
    private void biasSums(float[] g, int gOff, float[] sums, int at) {
        for (int o = 0; o < filters; o++) {
            int src = gOff + o * pixels;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int p = 0;
            for (; p + 4 <= pixels; p += 4) {
                s0 += g[src + p];
                s1 += g[src + p + 1];
                s2 += g[src + p + 2];
                s3 += g[src + p + 3];
            }
            for (; p < pixels; p++) {
                s0 += g[src + p];
            }
            sums[at + o] = (s0 + s1) + (s2 + s3);
        }
    }

    /**
     * Adds the n samples' K x O kernel gradients (transposed) and O bias gradients, in sample order, into the
     * O x K kernel gradient at dw[dwOff] and the bias gradient at db[dbOff].
     */
    private void addPartials(float[] parts, int n, float[] dw, int dwOff, float[] db, int dbOff) {
        for (int s = 0; s < n; s++) {
            int base = s * (patch + 1) * filters;
            for (int o = 0; o < filters; o++) {
                int row = dwOff + o * patch;
                for (int r = 0; r < patch; r++) {
                    dw[row + r] += parts[base + r * filters + o];
                }
                db[dbOff + o] += parts[base + patch * filters + o];
            }
        }
    }

    private void im2col(float[] x, int xOff, float[] c, int from, int to) {
        int plane = height * width;
        for (int s = from; s < to; s++) {
            int src0 = xOff + s * inputSize();
            int dst0 = s * patch * pixels;
            for (int ch = 0; ch < channels; ch++) {
                for (int ki = 0; ki < kernelHeight; ki++) {
                    int oyFrom = insideFrom(ki, outHeight);
                    int oyTo = insideTo(ki, height, outHeight);
                    for (int kj = 0; kj < kernelWidth; kj++) {
                        int oxFrom = insideFrom(kj, outWidth);
                        int oxTo = insideTo(kj, width, outWidth);
                        int dst = dst0 + ((ch * kernelHeight + ki) * kernelWidth + kj) * pixels;
                        int src = src0 + ch * plane + kj - padding;
                        Arrays.fill(c, dst, dst + oyFrom * outWidth, 0f);
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = dst + oy * outWidth;
                            int base = src + (oy * stride + ki - padding) * width;
                            for (int ox = 0; ox < oxFrom; ox++) {
                                c[d + ox] = 0f;
                            }
                            if (stride == 1) {
                                System.arraycopy(x, base + oxFrom, c, d + oxFrom, oxTo - oxFrom);
                            } else {
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    c[d + ox] = x[base + ox * stride];
                                }
                            }
                            for (int ox = oxTo; ox < outWidth; ox++) {
                                c[d + ox] = 0f;
                            }
                        }
                        Arrays.fill(c, dst + oyTo * outWidth, dst + pixels, 0f);
                    }
                }
            }
        }
    }

    private void col2im(float[] gc, float[] g, int gOff, int from, int to) {
        int plane = height * width;
        for (int s = from; s < to; s++) {
            Arrays.fill(g, gOff + s * inputSize(), gOff + (s + 1) * inputSize(), 0f);
            int src0 = s * patch * pixels;
            for (int ch = 0; ch < channels; ch++) {
                for (int ki = 0; ki < kernelHeight; ki++) {
                    int oyFrom = insideFrom(ki, outHeight);
                    int oyTo = insideTo(ki, height, outHeight);
                    for (int kj = 0; kj < kernelWidth; kj++) {
                        int oxFrom = insideFrom(kj, outWidth);
                        int oxTo = insideTo(kj, width, outWidth);
                        int src = src0 + ((ch * kernelHeight + ki) * kernelWidth + kj) * pixels;
                        int dst = gOff + s * inputSize() + ch * plane + kj - padding;
                        if (stride == 1) {
                            // The tap's rows in one call (vectors of the row where they fit), same sums.
                            MatrixOps.addBlock(
                                    gc,
                                    src + oyFrom * outWidth + oxFrom,
                                    outWidth,
                                    g,
                                    dst + (oyFrom + ki - padding) * width + oxFrom,
                                    width,
                                    oyTo - oyFrom,
                                    oxTo - oxFrom);
                            continue;
                        }
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int d = src + oy * outWidth;
                            int base = dst + (oy * stride + ki - padding) * width;
                            for (int ox = oxFrom; ox < oxTo; ox++) {
                                g[base + ox * stride] += gc[d + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Single precision with stride 1: the patches are never laid out. A sample is copied into a zero-padded
    // (Hp = H + 2 pad) x (Wp = W + 2 pad) plane per channel, where patch entry (c, ki, kj) of output pixel
    // (oy, ox) is the value at tapOffsets[c, ki, kj] + oy Wp + ox: row (c, ki, kj) of the K x P patch block is
    // the padded input read from one offset, in rows of Wp of which the first OW are pixels. So each product
    // reads the input in place (MatrixOps.sgemmShiftedRows, sgemmGatheredRows), over "wide" rows of Wp
    // columns per output row whose last Wp - OW columns are computed and dropped. Every kept element is the
    // chain the im2col path computes (the same values in the same order, padding zeros included), so the
    // bits are those of the im2col path for finite parameters and gradients (tested).

    /** When false, float passes take the im2col path whatever the stride (for tests comparing the two). */
    private boolean shiftedEnabled = true;

    /** Stride-1 geometry of the shifted path (null until first used). */
    private int[] tapOffsets;

    /** The offsets of one channel's taps in its padded plane, ki Wp + kj. */
    private int[] planeShifts;
    /** Row r of the right operand of dcols = W^T dY': r wideColumns. */
    private int[] filterRows;
    /** W^T (K x O) for dcols; written by the backward pass before its threads start. */
    private float[] weightsTransposed;

    private int paddedWidth;
    private int paddedPlane;
    /** Columns of a wide product: OH - 1 rows of Wp and a last row of OW, rounded up to 16. */
    private int wideColumns;
    /** Length of a padded sample: its planes, and room for the wide products' reads past them. */
    private int paddedLength;
    /** Row step of the transposed dL/d(output) block: O rounded up to 16. */
    private int transposedStride;
    /** A padded plane rounded up to 16: the values col2im computes per plane. */
    private int planeColumns;
    /** Zeros before each row of the wide patch gradient, at least the largest plane shift. */
    private int gradColsMargin;
    /** Row step of the wide patch gradient: margin, then planeColumns values (zero past wideColumns). */
    private int gradColsStride;

    private final ThreadLocal<ShiftedScratch> shiftedScratch = ThreadLocal.withInitial(ShiftedScratch::new);
    /** Operations with the pass's kernel and a counter of their own (the shifted path counts its own work). */
    private MatrixOps shiftedOps;

    /** Turns the stride-1 float path on or off (tests compare it with the im2col path). */
    void setShifted(boolean enabled) {
        shiftedEnabled = enabled;
    }

    private boolean shiftedF() {
        if (!shiftedEnabled || stride != 1) {
            return false;
        }
        if (tapOffsets == null) {
            int paddedHeight = height + 2 * padding;
            paddedWidth = width + 2 * padding;
            paddedPlane = paddedHeight * paddedWidth;
            tapOffsets = new int[patch];
            for (int ch = 0, t = 0; ch < channels; ch++) {
                for (int ki = 0; ki < kernelHeight; ki++) {
                    for (int kj = 0; kj < kernelWidth; kj++) {
                        tapOffsets[t++] = ch * paddedPlane + ki * paddedWidth + kj;
                    }
                }
            }
            int taps = kernelHeight * kernelWidth;
            planeShifts = Arrays.copyOf(tapOffsets, taps);
            wideColumns = roundUp16((outHeight - 1) * paddedWidth + outWidth);
            filterRows = new int[filters];
            for (int o = 0; o < filters; o++) {
                filterRows[o] = o * wideColumns;
            }
            weightsTransposed = new float[patch * filters];
            planeColumns = roundUp16(paddedPlane);
            paddedLength = Math.max((channels - 1) * paddedPlane + planeColumns, tapOffsets[patch - 1] + wideColumns);
            transposedStride = roundUp16(filters);
            gradColsMargin = roundUp16(planeShifts[taps - 1]);
            gradColsStride = gradColsMargin + planeColumns;
        }
        return true;
    }

    private static int roundUp16(int n) {
        return (n + 15) / 16 * 16;
    }

    /** One thread's buffers for the shifted path; the padding and the dropped columns stay zero. */
    private final class ShiftedScratch {
        /** The sample, zero-padded. */
        final float[] input = new float[paddedLength];
        /** The forward product, O x wideColumns. */
        final float[] wide = new float[filters * wideColumns];
        /** The sample's dL/d(output), transposed: P x transposedStride. */
        final float[] gradT = new float[pixels * transposedStride];
        /** The sample's dL/d(output) in wide rows (zero in the dropped columns), O x wideColumns. */
        final float[] gradWide = new float[filters * wideColumns];
        /** The patch gradient in wide rows, K x gradColsStride, each after a margin of zeros. */
        final float[] gradCols = new float[patch * gradColsStride];
        /** dL/d(padded input). */
        final float[] gradInput = new float[paddedLength];
    }

    /** Copies sample row x[xOff ..] into the interior of the zero-padded planes of {@code padded}. */
    private void pad(float[] x, int xOff, float[] padded) {
        if (padding == 0) {
            System.arraycopy(x, xOff, padded, 0, inputSize());
            return;
        }
        for (int ch = 0; ch < channels; ch++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(
                        x,
                        xOff + (ch * height + y) * width,
                        padded,
                        ch * paddedPlane + (y + padding) * paddedWidth + padding,
                        width);
            }
        }
    }

    /**
     * One sample's dL/d(output) (the O x P block at g[gOff]) transposed into gt (P x ldt), and its channel sums
     * into sums[at ..] in one pass: the sums as {@link #biasSums} takes them (four interleaved partial sums,
     * then combined), so the same bits.
     */
    private void transposeAndSum(float[] g, int gOff, float[] gt, int ldt, float[] sums, int at) {
        for (int o = 0; o < filters; o++) {
            int src = gOff + o * pixels;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int p = 0;
            for (; p + 4 <= pixels; p += 4) {
                float v0 = g[src + p];
                float v1 = g[src + p + 1];
                float v2 = g[src + p + 2];
                float v3 = g[src + p + 3];
                s0 += v0;
                s1 += v1;
                s2 += v2;
                s3 += v3;
                int d = p * ldt + o;
                gt[d] = v0;
                gt[d + ldt] = v1;
                gt[d + 2 * ldt] = v2;
                gt[d + 3 * ldt] = v3;
            }
            for (; p < pixels; p++) {
                float v = g[src + p];
                s0 += v;
                gt[p * ldt + o] = v;
            }
            sums[at + o] = (s0 + s1) + (s2 + s3);
        }
    }

    private void forwardShifted(float[] x, int xOff, float[] out, int outOff, int from, int to) {
        ShiftedScratch sc = shiftedScratch.get();
        float[] w = weightsF.data();
        float[] b = biasF.data();
        for (int s = from; s < to; s++) {
            pad(x, xOff + s * inputSize(), sc.input);
            shiftedOps.sgemmShiftedRows(
                    filters,
                    wideColumns,
                    patch,
                    w,
                    weightsF.offset(),
                    patch,
                    sc.input,
                    0,
                    tapOffsets,
                    sc.wide,
                    0,
                    wideColumns);
            int row = outOff + s * outputSize();
            for (int o = 0; o < filters; o++) {
                float bo = b[biasF.offset() + o];
                for (int oy = 0; oy < outHeight; oy++) {
                    int src = o * wideColumns + oy * paddedWidth;
                    int dst = row + o * pixels + oy * outWidth;
                    for (int ox = 0; ox < outWidth; ox++) {
                        out[dst + ox] = sc.wide[src + ox] + bo;
                    }
                }
            }
        }
    }

    private void backwardShifted(float[] g, int gOff, float[] parts, float[] gx, int gxOff, int from, int to) {
        ShiftedScratch sc = shiftedScratch.get();
        float[] w = weightsF.data();
        float[] x = (float[]) phaseInput;
        int ldt = transposedStride;
        for (int s = from; s < to; s++) {
            pad(x, phaseInputOff + s * inputSize(), sc.input);
            int gs = gOff + s * outputSize();
            int at = s * (patch + 1) * filters;
            transposeAndSum(g, gs, sc.gradT, ldt, parts, at + patch * filters);
            shiftedOps.sgemmGatheredRows(
                    patch,
                    filters,
                    outHeight,
                    outWidth,
                    paddedWidth,
                    sc.input,
                    0,
                    tapOffsets,
                    sc.gradT,
                    0,
                    ldt,
                    parts,
                    at,
                    filters);
            if (gx != null) {
                for (int o = 0; o < filters; o++) {
                    for (int oy = 0; oy < outHeight; oy++) {
                        System.arraycopy(
                                g,
                                gs + o * pixels + oy * outWidth,
                                sc.gradWide,
                                o * wideColumns + oy * paddedWidth,
                                outWidth);
                    }
                }
                // dcols = W^T dY' in wide rows (zero in the dropped columns and the margins), then col2im:
                // each element of a padded plane the sum, in tap order, of the patch gradients that came
                // from it (the dropped columns add +0, which changes no sum that starts from +0).
                shiftedOps.sgemmShiftedRows(
                        patch,
                        wideColumns,
                        filters,
                        weightsTransposed,
                        0,
                        filters,
                        sc.gradWide,
                        0,
                        filterRows,
                        sc.gradCols,
                        gradColsMargin,
                        gradColsStride);
                float[] gi = sc.gradInput;
                int taps = kernelHeight * kernelWidth;
                for (int ch = 0; ch < channels; ch++) {
                    shiftedOps.sumShiftedRows(
                            taps,
                            planeColumns,
                            sc.gradCols,
                            ch * taps * gradColsStride + gradColsMargin,
                            gradColsStride,
                            planeShifts,
                            gi,
                            ch * paddedPlane);
                }
                int row = gxOff + s * inputSize();
                if (padding == 0) {
                    System.arraycopy(gi, 0, gx, row, inputSize());
                } else {
                    for (int ch = 0; ch < channels; ch++) {
                        for (int y = 0; y < height; y++) {
                            System.arraycopy(
                                    gi,
                                    ch * paddedPlane + (y + padding) * paddedWidth + padding,
                                    gx,
                                    row + (ch * height + y) * width,
                                    width);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Both passes work sample by sample, on the pass's threads, each thread on its own samples. Every
    // element is computed as on one thread (the kernel gradients of the samples are added in sample
    // order afterwards), so the bits do not depend on the thread count.

    /** Fewest samples a thread takes: below that, handing work to another core costs more than it saves. */
    private static final int MIN_SAMPLES_PER_THREAD = 4;

    private static final int FORWARD = 0;
    private static final int BACKWARD = 1;
    private static final int FORWARD_SHIFTED = 2;
    private static final int BACKWARD_SHIFTED = 3;

    /** What {@link #runPhase} runs, and its arrays (double[] or float[]), set by {@link #inParallel}. */
    private int phase;

    private Object phaseIn;
    private int phaseInOff;
    private Object phaseOut;
    private int phaseOutOff;
    private Object phaseCols;
    private Object phaseParts;
    private boolean phaseRebuild;
    /** The backward pass's input rows (for rebuilding patches) and patch gradients. */
    private Object phaseInput;

    private int phaseInputOff;
    private Object phaseGradCols;
    /** Single-threaded operations sharing the pass's FLOP counter, for the per-sample multiplies. */
    private MatrixOps serialOps;

    private MatrixOps serialOpsOf;
    private final MatrixOps.RangeTask phaseTask = this::runPhase;

    /** Runs the forward or backward work of the n samples of a chunk, split between the threads of ops. */
    private void inParallel(
            MatrixOps ops,
            int which,
            int n,
            Object in,
            int inOff,
            Object out,
            int outOff,
            Object patches,
            Object parts,
            boolean rebuild) {
        phase = which;
        phaseIn = in;
        phaseInOff = inOff;
        phaseOut = out;
        phaseOutOff = outOff;
        phaseCols = patches;
        phaseParts = parts;
        phaseRebuild = rebuild;
        if (serialOpsOf != ops) {
            serialOps = ops.sharingCounter(1);
            shiftedOps = MatrixOps.withThreads(1).withKernel(ops.kernel());
            serialOpsOf = ops;
        }
        ops.forRanges(n, MIN_SAMPLES_PER_THREAD, phaseTask);
    }

    private void runPhase(int from, int to) {
        if (phase == FORWARD_SHIFTED) {
            forwardShifted((float[]) phaseIn, phaseInOff, (float[]) phaseOut, phaseOutOff, from, to);
            return;
        }
        if (phase == BACKWARD_SHIFTED) {
            backwardShifted(
                    (float[]) phaseIn, phaseInOff, (float[]) phaseParts, (float[]) phaseOut, phaseOutOff, from, to);
            return;
        }
        if (phaseCols instanceof double[] c) {
            if (phase == FORWARD) {
                forward((double[]) phaseIn, phaseInOff, c, (double[]) phaseOut, phaseOutOff, from, to);
            } else {
                backward(
                        (double[]) phaseIn,
                        phaseInOff,
                        c,
                        (double[]) phaseParts,
                        (double[]) phaseOut,
                        phaseOutOff,
                        phaseRebuild,
                        from,
                        to);
            }
        } else {
            float[] cf = (float[]) phaseCols;
            if (phase == FORWARD) {
                forward((float[]) phaseIn, phaseInOff, cf, (float[]) phaseOut, phaseOutOff, from, to);
            } else {
                backward(
                        (float[]) phaseIn,
                        phaseInOff,
                        cf,
                        (float[]) phaseParts,
                        (float[]) phaseOut,
                        phaseOutOff,
                        phaseRebuild,
                        from,
                        to);
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
