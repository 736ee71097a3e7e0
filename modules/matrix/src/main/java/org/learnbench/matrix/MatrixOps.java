package org.learnbench.matrix;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleUnaryOperator;

/**
 * The arithmetic of the workbench: every operation a network needs, each counting its floating-point
 * operations, with a packed, register-tiled, cache-blocked multiply that may use several threads.
 *
 * <p>One instance is one FLOP counter: a run creates its own and reads {@link #flops()} as its cost
 * clock. The counter is thread-safe, so workers evaluating in parallel may share an instance; so is
 * everything else here (the multiply's scratch buffers belong to threads, not to instances).
 *
 * <p>Output arguments follow one contract: {@code out == null} allocates a new matrix; otherwise
 * {@code out} must have the result's shape. Element-wise operations accept {@code out} aliasing an
 * input (in-place); the multiplies reject an {@code out} that overlaps an input. Shape mismatches throw
 * {@link IllegalArgumentException} naming both shapes.
 *
 * <p>Counting convention: a multiply of m x k by k x n counts 2mkn; every other element-wise add,
 * multiply, divide, comparison-free reduction step or elementary function (exp, log, tanh, ...)
 * counts one per element. Comparisons (max, argmax, ReLU) count nothing.
 *
 * <p>Multiply kernels ({@link Kernel}): with {@code --add-modules jdk.incubator.vector} on a CPU with
 * fused multiply-add, the multiplies run on the Java Vector API (GotoBLAS-style packing of A and B into
 * cache-sized panels, a 6 x 32 tile of C held in AVX-512 registers, or 4 x 12 with AVX2; small operands
 * skip the packing); without it, on a portable scalar kernel. Both compute each element of C as one
 * chain over the inner index in increasing order, starting from +0.0: the vector kernel as
 * {@code c = fma(a_ip, b_pj, c)} (one rounding per step, as {@link Math#fma}), the scalar kernel as
 * {@code c = c + a_ip * b_pj} (two roundings, the textbook i-k-j loop bit for bit). So the two kernels
 * differ in the last bits, and each is deterministic; a run's results depend on which one it had, so
 * record {@link #kernel()} with them. {@link #sgemm} is the same in single precision. Speed on the
 * project's 2-core Zen 5 machines is in {@code modules/bench/README.md}: about as fast as OpenBLAS.
 *
 * <p>Determinism: the multiply splits work across threads by blocks of rows or columns of the output
 * only, never the inner dimension, and the chain of each output element does not depend on the block,
 * the tile, the thread, the offset of a view or the block sizes. Its bits therefore never depend on the
 * thread count (nor, for the vector kernel, on the vector width).
 */
public final class MatrixOps {
    /**
     * Below this many flops a multiply stays on one thread: handing work to a second core costs about as
     * much as the work saves (modules/bench/README.md has the measurements).
     */
    private static final long PARALLEL_MIN_FLOPS = 1L << 20;
    /** Fewest output rows (or columns) a thread gets, so tiny extents stay on one thread. */
    private static final int MIN_EXTENT_PER_TASK = 16;
    /** Thread blocks of the output start at multiples of this many rows or columns (whole tiles, mostly). */
    private static final int BLOCK_GRAIN = 8;

    /**
     * The multiply kernels. Their results differ in the last bits (the vector kernel rounds once per fused
     * multiply-add, the scalar one twice); each gives the same bits on any thread count.
     */
    public enum Kernel {
        /** The Java Vector API kernel: needs {@code --add-modules jdk.incubator.vector} and FMA hardware. */
        VECTOR,
        /** The portable kernel: plain Java on any JVM, the same bits as the textbook i-k-j loop. */
        SCALAR;

        /** True when this JVM can run the kernel. */
        public boolean available() {
            return this == SCALAR || GemmKernels.VECTOR != null;
        }

        /** The kernel a new instance uses: {@link #VECTOR} when available, else {@link #SCALAR}. */
        public static Kernel preferred() {
            return VECTOR.available() ? VECTOR : SCALAR;
        }
    }

    private final int threads;
    private final LongAdder flops;
    private final Kernel kernel;
    private final GemmKernel gemm;
    private final FloatGemmKernel sgemm;

    private MatrixOps(int threads, LongAdder flops, Kernel kernel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!kernel.available()) {
            throw new IllegalStateException("the " + kernel + " multiply kernel needs a JVM started with"
                    + " --add-modules jdk.incubator.vector on a CPU with fused multiply-add");
        }
        this.threads = threads;
        this.flops = flops;
        this.kernel = kernel;
        this.gemm = kernel == Kernel.VECTOR ? GemmKernels.VECTOR : GemmKernels.SCALAR;
        this.sgemm = kernel == Kernel.VECTOR ? GemmKernels.FLOAT_VECTOR : GemmKernels.FLOAT_SCALAR;
    }

    /** Operations that use every available core for large multiplies. */
    public static MatrixOps create() {
        return new MatrixOps(Runtime.getRuntime().availableProcessors(), new LongAdder(), Kernel.preferred());
    }

    /** Operations that use at most {@code threads} threads for a multiply. */
    public static MatrixOps withThreads(int threads) {
        return new MatrixOps(threads, new LongAdder(), Kernel.preferred());
    }

    /**
     * Operations with another thread limit that add to this instance's FLOP counter: for workers that
     * already run in parallel (one per core) and must not fork further. The kernel stays the same.
     */
    public MatrixOps sharingCounter(int threads) {
        return new MatrixOps(threads, flops, kernel);
    }

    /**
     * Operations that multiply with the given kernel, with this instance's thread limit and FLOP counter:
     * for benchmarks, and for reproducing bits computed on a JVM that had the other kernel.
     *
     * @throws IllegalStateException if this JVM cannot run the kernel ({@link Kernel#available()})
     */
    public MatrixOps withKernel(Kernel kernel) {
        return new MatrixOps(threads, flops, kernel);
    }

    /** The most threads a multiply may use. */
    public int threads() {
        return threads;
    }

    /** The multiply kernel of this instance. */
    public Kernel kernel() {
        return kernel;
    }

    /** Floating-point operations counted by this instance so far. */
    public long flops() {
        return flops.sum();
    }

    /** Charges work done outside this class (a fused kernel of a caller) to the counter. */
    public void addFlops(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("flop count must be >= 0, got " + count);
        }
        flops.add(count);
    }

    // ---------------------------------------------------------------------------------------------
    // Multiplication

    /** out = a * b. */
    public Matrix mult(Matrix a, Matrix b, Matrix out) {
        return gemm("mult", false, false, a, b, out);
    }

    /** out = a^T * b. */
    public Matrix multTransA(Matrix a, Matrix b, Matrix out) {
        return gemm("multTransA", true, false, a, b, out);
    }

    /** out = a * b^T. */
    public Matrix multTransB(Matrix a, Matrix b, Matrix out) {
        return gemm("multTransB", false, true, a, b, out);
    }

    private Matrix gemm(String name, boolean transA, boolean transB, Matrix a, Matrix b, Matrix out) {
        int m = transA ? a.cols() : a.rows();
        int ka = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (ka != kb) {
            throw new IllegalArgumentException(name + ": inner dimensions differ, a is " + a.shape() + ", b is "
                    + b.shape() + " (" + ka + " vs " + kb + ")");
        }
        Matrix c = output(name, out, m, n);
        if (overlaps(c, a) || overlaps(c, b)) {
            throw new IllegalArgumentException(name + ": the output must not share storage with an input");
        }
        long work = 2L * m * n * ka;
        flops.add(work);
        if (m == 0 || n == 0) {
            return c;
        }
        if (ka == 0) {
            return c.fill(0.0);
        }
        // Threads take blocks of whole rows of C, or of whole columns when C is wider than tall.
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int parts = parts(work, extent);
        if (parts <= 1) {
            gemm.multiply(transA, transB, a, b, c, 0, m, 0, n);
            return c;
        }
        Workers.Frame frame = Workers.enter();
        try {
            MultiplyPart part = frame.multiply;
            part.matrices(gemm, transA, transB, a, b, c, m, n, parts, byRows);
            Workers.shared().run(frame, parts, part);
        } finally {
            frame.multiply.clear();
            Workers.exit();
        }
        return c;
    }

    /**
     * Work on a contiguous range [from, to) of some index set (samples of a batch, say): the callback of
     * {@link #forRanges}. Keep one instance per caller, built once, so a hot loop allocates nothing.
     */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over [0, n) split into contiguous ranges, one per thread of this instance (at most
     * {@link #threads()}, and none shorter than {@code minPerPart}), on the calling thread and the multiply's
     * workers, and returns when all have finished. With one thread, or n below 2 minPerPart, it is a single
     * call {@code task.run(0, n)}. For loops whose ranges write disjoint outputs and compute each element the
     * same way whatever the range: their bits then do not depend on the thread count. Counts no FLOPs.
     */
    public void forRanges(int n, int minPerPart, RangeTask task) {
        if (n < 0 || minPerPart < 1) {
            throw new IllegalArgumentException(
                    "forRanges: n must be >= 0 and minPerPart >= 1, got n " + n + ", minPerPart " + minPerPart);
        }
        int parts = threads == 1 ? 1 : Math.min(threads, n / minPerPart);
        if (parts <= 1) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        Workers.Frame frame = Workers.enter();
        try {
            frame.range.set(task, n, parts);
            Workers.shared().run(frame, parts, frame.range);
        } finally {
            frame.range.task = null;
            Workers.exit();
        }
    }

    /**
     * dst[r][j] += src[r][j] (dst = dst + src, one rounding per element) for a rows x cols block of each,
     * with row steps srcStride and dstStride: a convolution's col2im adds its rows of a few pixels this way,
     * one call per kernel tap instead of one per row. (A 256-bit Vector API version of the rows measured no
     * faster on rows of 10 and left C2 falling back to the API's Java code in the training benchmark.)
     */
    public static void addBlock(
            double[] src, int so, int srcStride, double[] dst, int dOff, int dstStride, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            return;
        }
        for (int r = 0; r < rows; r++, so += srcStride, dOff += dstStride) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j] += src[so + j];
            }
        }
    }

    /** The float twin of {@link #addBlock(double[], int, int, double[], int, int, int, int)}. */
    public static void addBlock(
            float[] src, int so, int srcStride, float[] dst, int dOff, int dstStride, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            return;
        }
        for (int r = 0; r < rows; r++, so += srcStride, dOff += dstStride) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j] += src[so + j];
            }
        }
    }

    /** How many blocks of C a multiply of this much work is split into (1: the calling thread alone). */
    private int parts(long work, int extent) {
        return threads == 1 || work < PARALLEL_MIN_FLOPS ? 1 : Math.min(threads, extent / MIN_EXTENT_PER_TASK);
    }

    /**
     * Single-precision multiply on raw row-major arrays, C = op(A) op(B) with op transposing when asked:
     * the kernel under the {@link FloatMatrix} multiplies, open for callers with their own storage. A is stored from {@code a[aOff]} with row
     * stride {@code lda} as m x k ({@code transA}: k x m), B as k x n ({@code transB}: n x k), C as m x n
     * with row stride {@code ldc}, which must not overlap A or B. Same kernels, threads, determinism and
     * counting (2mkn) as the double multiplies; each element is one chain in float over p in increasing
     * order (fused on the vector kernel).
     *
     * @throws IllegalArgumentException for negative sizes, a stride shorter than a row, an operand that
     *     does not fit in its array, or C overlapping A or B
     */
    public void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m " + m + ", n " + n + ", k " + k);
        }
        long aEnd = end("sgemm", "A", transA ? k : m, transA ? m : k, a.length, aOff, lda);
        long bEnd = end("sgemm", "B", transB ? n : k, transB ? k : n, b.length, bOff, ldb);
        long cEnd = end("sgemm", "C", m, n, c.length, cOff, ldc);
        if ((c == a && cOff < aEnd && aOff < cEnd) || (c == b && cOff < bEnd && bOff < cEnd)) {
            throw new IllegalArgumentException("sgemm: the output must not share storage with an input");
        }
        long work = 2L * m * n * k;
        flops.add(work);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int parts = parts(work, extent);
        if (parts <= 1) {
            sgemm.multiply(transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        Workers.Frame frame = Workers.enter();
        try {
            MultiplyPart part = frame.multiply;
            part.floats(sgemm, transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, parts, byRows);
            Workers.shared().run(frame, parts, part);
        } finally {
            frame.multiply.clear();
            Workers.exit();
        }
    }

    /**
     * C (m x n at c[cOff], row step ldc) = A S, A being m x k at a[aOff] (row step lda) and row p of S the n
     * values from b[bOff + rowOffsets[p]]: a multiply whose right operand is rows of one array at any
     * offsets, such as a stride-1 convolution's patches read in its (padded) input, where the n output
     * columns run along the input's rows (those past a row's end are computed and left to the caller to
     * drop). Each element is the chain {@link #sgemm} computes over p in increasing order, with this
     * instance's kernel; on the calling thread only, counting no work (the caller counts what it stands for).
     *
     * @throws IllegalArgumentException for sizes < 1, n not a multiple of 16, or an operand outside its array
     */
    public void sgemmShiftedRows(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int[] rowOffsets,
            float[] c,
            int cOff,
            int ldc) {
        if (m < 1 || n < 1 || k < 1 || n % 16 != 0 || rowOffsets.length < k) {
            throw new IllegalArgumentException("sgemmShiftedRows: sizes m " + m + ", n " + n + " (a multiple of 16), k "
                    + k + " with " + rowOffsets.length + " row offsets");
        }
        end("sgemmShiftedRows", "A", m, k, a.length, aOff, lda);
        end("sgemmShiftedRows", "C", m, n, c.length, cOff, ldc);
        checkOffsets("sgemmShiftedRows", rowOffsets, k, bOff, 0, n, b.length);
        sgemm.shiftedRows(m, n, k, a, aOff, lda, b, bOff, rowOffsets, c, cOff, ldc);
    }

    /**
     * C (m x n at c[cOff], row step ldc) = G B, B being (gridRows gridCols) x n at b[bOff] with row step ldb
     * and G's element (i, p) a[aOff + rowOffsets[i] + py gridStride + px] for p = py gridCols + px: a multiply
     * whose left operand is gathered from one array, such as a stride-1 convolution's kernel gradient
     * (patches times dL/d(output)^T, output pixels on a gridRows x gridCols grid) with the patches read in
     * its padded input. ldb must be a multiple of 16 (B's rows are read in whole blocks of 16; values past
     * column n do not matter). Each element is the chain {@link #sgemm} computes over p in increasing order,
     * with this instance's kernel; on the calling thread only, counting no work.
     *
     * @throws IllegalArgumentException for sizes < 1, ldb not a multiple of 16 or below n, or an operand
     *     outside its array
     */
    public void sgemmGatheredRows(
            int m,
            int n,
            int gridRows,
            int gridCols,
            int gridStride,
            float[] a,
            int aOff,
            int[] rowOffsets,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        if (m < 1
                || n < 1
                || gridRows < 1
                || gridCols < 1
                || gridStride < gridCols
                || ldb % 16 != 0
                || ldb < n
                || rowOffsets.length < m) {
            throw new IllegalArgumentException("sgemmGatheredRows: sizes m " + m + ", n " + n + ", a " + gridRows
                    + " x " + gridCols + " grid with row stride " + gridStride + ", row stride of B " + ldb
                    + " (a multiple of 16), " + rowOffsets.length + " row offsets");
        }
        int k = Math.multiplyExact(gridRows, gridCols);
        end("sgemmGatheredRows", "B", k, ldb, b.length, bOff, ldb);
        end("sgemmGatheredRows", "C", m, n, c.length, cOff, ldc);
        checkOffsets("sgemmGatheredRows", rowOffsets, m, aOff, 0, (gridRows - 1) * gridStride + gridCols, a.length);
        sgemm.gatheredRows(m, n, gridRows, gridCols, gridStride, a, aOff, rowOffsets, b, bOff, ldb, c, cOff, ldc);
    }

    /**
     * d[dOff + j] = the sum, from +0 and in row order, of src[srcOff + r lds + j - shifts[r]] over r < rows,
     * for j < n: rows of src added along one another at shifts, such as a stride-1 convolution's patch
     * gradient added back into one plane of its padded input (col2im), each element's terms in row order. n
     * must be a multiple of 16. On the calling thread only, counting no work; the same bits on both kernels.
     *
     * @throws IllegalArgumentException for sizes < 1, n not a multiple of 16, or a read or write outside its
     *     array
     */
    public void sumShiftedRows(int rows, int n, float[] src, int srcOff, int lds, int[] shifts, float[] d, int dOff) {
        if (rows < 1 || n < 1 || n % 16 != 0 || shifts.length < rows) {
            throw new IllegalArgumentException("sumShiftedRows: " + rows + " rows (" + shifts.length + " shifts) of "
                    + n + " values (a multiple of 16)");
        }
        end("sumShiftedRows", "d", 1, n, d.length, dOff, n);
        for (int r = 0; r < rows; r++) {
            long from = (long) srcOff + (long) r * lds - shifts[r];
            if (from < 0 || from + n > src.length) {
                throw new IllegalArgumentException("sumShiftedRows: row " + r + " shifted by " + shifts[r] + " reads "
                        + n + " values from " + from + ", outside an array of length " + src.length);
            }
        }
        sgemm.sumShiftedRows(rows, n, src, srcOff, lds, shifts, d, dOff);
    }

    /** Checks that [base + offsets[r] + shift, ... + width) lies in an array of this length for every r < count. */
    private static void checkOffsets(String op, int[] offsets, int count, int base, int shift, int width, int length) {
        for (int r = 0; r < count; r++) {
            long from = (long) base + offsets[r] + shift;
            if (from < 0 || from + width > length) {
                throw new IllegalArgumentException(op + ": offset " + offsets[r] + " (entry " + r + ") reads " + width
                        + " values from " + from + ", outside an array of length " + length);
            }
        }
    }

    /**
     * Double-precision multiply on raw row-major arrays: {@link #sgemm} in double, the kernel under the
     * {@link Matrix} multiplies, for callers that multiply blocks of their own storage (a convolution's
     * per-sample patches). Same layout, checks, kernels, threads, determinism and counting.
     */
    public void dgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] c,
            int cOff,
            int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("dgemm: negative size m " + m + ", n " + n + ", k " + k);
        }
        long aEnd = end("dgemm", "A", transA ? k : m, transA ? m : k, a.length, aOff, lda);
        long bEnd = end("dgemm", "B", transB ? n : k, transB ? k : n, b.length, bOff, ldb);
        long cEnd = end("dgemm", "C", m, n, c.length, cOff, ldc);
        if ((c == a && cOff < aEnd && aOff < cEnd) || (c == b && cOff < bEnd && bOff < cEnd)) {
            throw new IllegalArgumentException("dgemm: the output must not share storage with an input");
        }
        long work = 2L * m * n * k;
        flops.add(work);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            }
            return;
        }
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int parts = parts(work, extent);
        if (parts <= 1) {
            gemm.multiply(transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        Workers.Frame frame = Workers.enter();
        try {
            MultiplyPart part = frame.multiply;
            part.doubles(gemm, transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, parts, byRows);
            Workers.shared().run(frame, parts, part);
        } finally {
            frame.multiply.clear();
            Workers.exit();
        }
    }

    /** out = a * b in single precision (see {@link #sgemm}). */
    public FloatMatrix mult(FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        return sgemm("mult", false, false, a, b, out);
    }

    /** out = a^T * b in single precision. */
    public FloatMatrix multTransA(FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        return sgemm("multTransA", true, false, a, b, out);
    }

    /** out = a * b^T in single precision. */
    public FloatMatrix multTransB(FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        return sgemm("multTransB", false, true, a, b, out);
    }

    private FloatMatrix sgemm(
            String name, boolean transA, boolean transB, FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        int m = transA ? a.cols() : a.rows();
        int ka = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (ka != kb) {
            throw new IllegalArgumentException(name + ": inner dimensions differ, a is " + a.shape() + ", b is "
                    + b.shape() + " (" + ka + " vs " + kb + ")");
        }
        FloatMatrix c = output(name, out, m, n);
        sgemm(
                transA,
                transB,
                m,
                n,
                ka,
                a.data(),
                a.offset(),
                Math.max(1, a.cols()),
                b.data(),
                b.offset(),
                Math.max(1, b.cols()),
                c.data(),
                c.offset(),
                Math.max(1, n));
        return c;
    }

    private static FloatMatrix output(String name, FloatMatrix out, int rows, int cols) {
        if (out == null) {
            return FloatMatrix.zeros(rows, cols);
        }
        if (out.rows() != rows || out.cols() != cols) {
            throw new IllegalArgumentException(
                    name + ": the output must be " + rows + "x" + cols + ", got " + out.shape());
        }
        return out;
    }

    /** out = a + 1 v in single precision: adds the 1 x cols row vector v to every row of a. */
    public FloatMatrix addRowVector(FloatMatrix a, FloatMatrix v, FloatMatrix out) {
        if (v.rows() != 1 || v.cols() != a.cols()) {
            throw new IllegalArgumentException(
                    "addRowVector: v must be 1x" + a.cols() + ", a is " + a.shape() + ", v is " + v.shape());
        }
        FloatMatrix o = output("addRowVector", out, a.rows(), a.cols());
        float[] ad = a.data(), vd = v.data(), od = o.data();
        int cols = a.cols();
        if (kernel == Kernel.VECTOR) {
            VectorRows.add(ad, a.offset(), vd, v.offset(), od, o.offset(), a.rows(), cols);
            flops.add(a.size());
            return o;
        }
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            int or = o.offset() + i * cols;
            for (int j = 0; j < cols; j++) {
                od[or + j] = ad[ar + j] + vd[v.offset() + j];
            }
        }
        flops.add(a.size());
        return o;
    }

    /** out = a .* b element-wise in single precision. */
    public FloatMatrix elementMult(FloatMatrix a, FloatMatrix b, FloatMatrix out) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("elementMult: shapes differ, a is " + a.shape() + ", b is " + b.shape());
        }
        FloatMatrix o = output("elementMult", out, a.rows(), a.cols());
        float[] ad = a.data(), bd = b.data(), od = o.data();
        for (int p = 0, n = a.size(); p < n; p++) {
            od[o.offset() + p] = ad[a.offset() + p] * bd[b.offset() + p];
        }
        flops.add(a.size());
        return o;
    }

    /** out (1 x cols) = the sum of each column of a, accumulated in single precision over the rows in order. */
    public FloatMatrix colSums(FloatMatrix a, FloatMatrix out) {
        FloatMatrix o = output("colSums", out, 1, a.cols());
        o.fill(0f);
        float[] ad = a.data(), od = o.data();
        int cols = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            for (int j = 0; j < cols; j++) {
                od[o.offset() + j] += ad[ar + j];
            }
        }
        flops.add(a.size());
        return o;
    }

    /** One past the last index of a rows x cols operand at off with row stride ld, after checking it fits. */
    private static long end(String op, String name, int rows, int cols, int length, int off, int ld) {
        if (off < 0 || ld < cols || ld < 1) {
            throw new IllegalArgumentException(
                    op + ": " + name + " at offset " + off + " with row stride " + ld + " cannot hold rows of " + cols);
        }
        long end = rows == 0 || cols == 0 ? off : (long) off + (long) (rows - 1) * ld + cols;
        if (end > length) {
            throw new IllegalArgumentException(op + ": " + name + " (" + rows + "x" + cols + " at offset " + off
                    + ", row stride " + ld + ") does not fit in an array of length " + length);
        }
        return end;
    }

    /** Start of thread block t of {@code tasks} over [0, extent): equal shares, rounded to the grain. */
    private static int blockStart(int t, int tasks, int extent) {
        if (t >= tasks) {
            return extent;
        }
        long share = (long) extent * t / tasks;
        return (int) Math.min(extent, (share + BLOCK_GRAIN / 2) / BLOCK_GRAIN * BLOCK_GRAIN);
    }

    private static boolean overlaps(Matrix x, Matrix y) {
        if (x.data() != y.data() || x.size() == 0 || y.size() == 0) {
            return false;
        }
        int xEnd = x.offset() + x.size();
        int yEnd = y.offset() + y.size();
        return x.offset() < yEnd && y.offset() < xEnd;
    }

    private static Matrix output(String name, Matrix out, int rows, int cols) {
        if (out == null) {
            return Matrix.zeros(rows, cols);
        }
        if (out.rows() != rows || out.cols() != cols) {
            throw new IllegalArgumentException(
                    name + ": the output must be " + rows + "x" + cols + ", got " + out.shape());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Element-wise operations (out may alias an input)

    /** out = a + b. */
    public Matrix add(Matrix a, Matrix b, Matrix out) {
        Matrix.requireSameShape("add", a, b);
        Matrix o = output("add", out, a.rows(), a.cols());
        double[] ad = a.data(), bd = b.data(), od = o.data();
        for (int p = 0, n = a.size(); p < n; p++) {
            od[o.offset() + p] = ad[a.offset() + p] + bd[b.offset() + p];
        }
        flops.add(a.size());
        return o;
    }

    /** out = a - b. */
    public Matrix subtract(Matrix a, Matrix b, Matrix out) {
        Matrix.requireSameShape("subtract", a, b);
        Matrix o = output("subtract", out, a.rows(), a.cols());
        double[] ad = a.data(), bd = b.data(), od = o.data();
        for (int p = 0, n = a.size(); p < n; p++) {
            od[o.offset() + p] = ad[a.offset() + p] - bd[b.offset() + p];
        }
        flops.add(a.size());
        return o;
    }

    /** out = a ⊙ b (element-wise product). */
    public Matrix elementMult(Matrix a, Matrix b, Matrix out) {
        Matrix.requireSameShape("elementMult", a, b);
        Matrix o = output("elementMult", out, a.rows(), a.cols());
        double[] ad = a.data(), bd = b.data(), od = o.data();
        for (int p = 0, n = a.size(); p < n; p++) {
            od[o.offset() + p] = ad[a.offset() + p] * bd[b.offset() + p];
        }
        flops.add(a.size());
        return o;
    }

    /** out = alpha * a. */
    public Matrix scale(double alpha, Matrix a, Matrix out) {
        Matrix o = output("scale", out, a.rows(), a.cols());
        double[] ad = a.data(), od = o.data();
        for (int p = 0, n = a.size(); p < n; p++) {
            od[o.offset() + p] = alpha * ad[a.offset() + p];
        }
        flops.add(a.size());
        return o;
    }

    /** out = a + alpha * b. */
    public Matrix addScaled(Matrix a, double alpha, Matrix b, Matrix out) {
        Matrix.requireSameShape("addScaled", a, b);
        Matrix o = output("addScaled", out, a.rows(), a.cols());
        double[] ad = a.data(), bd = b.data(), od = o.data();
        for (int p = 0, n = a.size(); p < n; p++) {
            od[o.offset() + p] = ad[a.offset() + p] + alpha * bd[b.offset() + p];
        }
        flops.add(2L * a.size());
        return o;
    }

    /** out = a + 1 v: adds the 1 x cols row vector v to every row of a. */
    public Matrix addRowVector(Matrix a, Matrix v, Matrix out) {
        if (v.rows() != 1 || v.cols() != a.cols()) {
            throw new IllegalArgumentException(
                    "addRowVector: v must be 1x" + a.cols() + ", a is " + a.shape() + ", v is " + v.shape());
        }
        Matrix o = output("addRowVector", out, a.rows(), a.cols());
        double[] ad = a.data(), vd = v.data(), od = o.data();
        int cols = a.cols();
        if (kernel == Kernel.VECTOR) {
            VectorRows.add(ad, a.offset(), vd, v.offset(), od, o.offset(), a.rows(), cols);
            flops.add(a.size());
            return o;
        }
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            int or = o.offset() + i * cols;
            for (int j = 0; j < cols; j++) {
                od[or + j] = ad[ar + j] + vd[v.offset() + j];
            }
        }
        flops.add(a.size());
        return o;
    }

    /** out = f(a) element-wise; counts one flop per element. */
    public Matrix map(Matrix a, DoubleUnaryOperator f, Matrix out) {
        Matrix o = output("map", out, a.rows(), a.cols());
        double[] ad = a.data(), od = o.data();
        for (int p = 0, n = a.size(); p < n; p++) {
            od[o.offset() + p] = f.applyAsDouble(ad[a.offset() + p]);
        }
        flops.add(a.size());
        return o;
    }

    // ---------------------------------------------------------------------------------------------
    // Reductions

    /** out (1 x cols) = the sum of each column of a. */
    public Matrix colSums(Matrix a, Matrix out) {
        Matrix o = output("colSums", out, 1, a.cols());
        o.fill(0.0);
        double[] ad = a.data(), od = o.data();
        int cols = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            for (int j = 0; j < cols; j++) {
                od[o.offset() + j] += ad[ar + j];
            }
        }
        flops.add(a.size());
        return o;
    }

    /** out (rows x 1) = the sum of each row of a. */
    public Matrix rowSums(Matrix a, Matrix out) {
        Matrix o = output("rowSums", out, a.rows(), 1);
        double[] ad = a.data(), od = o.data();
        int cols = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += ad[ar + j];
            }
            od[o.offset() + i] = s;
        }
        flops.add(a.size());
        return o;
    }

    /** The sum of all elements. */
    public double sum(Matrix a) {
        double[] ad = a.data();
        double s = 0;
        for (int p = a.offset(), end = a.offset() + a.size(); p < end; p++) {
            s += ad[p];
        }
        flops.add(a.size());
        return s;
    }

    /** The sum of squares of all elements (the squared Frobenius norm). */
    public double sumOfSquares(Matrix a) {
        double[] ad = a.data();
        double s = 0;
        for (int p = a.offset(), end = a.offset() + a.size(); p < end; p++) {
            s += ad[p] * ad[p];
        }
        flops.add(2L * a.size());
        return s;
    }

    /** For each row, the index of its largest element (the first one on ties; NaN never wins). */
    public int[] rowArgmax(Matrix a) {
        if (a.cols() == 0) {
            throw new IllegalArgumentException("rowArgmax: a " + a.shape() + " matrix has no columns");
        }
        int[] result = new int[a.rows()];
        double[] ad = a.data();
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * a.cols();
            int best = 0;
            double bestValue = ad[ar];
            for (int j = 1; j < a.cols(); j++) {
                double v = ad[ar + j];
                if (v > bestValue || (Double.isNaN(bestValue) && !Double.isNaN(v))) {
                    best = j;
                    bestValue = v;
                }
            }
            result[i] = best;
        }
        return result;
    }

    /**
     * out = row-wise softmax of a, computed stably: exp(a_ij - max_j a_ij) / sum_j exp(a_ij - max_j a_ij).
     */
    public Matrix softmaxRows(Matrix a, Matrix out) {
        Matrix o = output("softmaxRows", out, a.rows(), a.cols());
        double[] ad = a.data(), od = o.data();
        int cols = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            int or = o.offset() + i * cols;
            double max = rowMax(ad, ar, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(ad[ar + j] - max);
                od[or + j] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < cols; j++) {
                od[or + j] *= inv;
            }
        }
        flops.add(4L * a.size());
        return o;
    }

    /** out (rows x 1) = log sum_j exp(a_ij), computed stably by factoring out the row maximum. */
    public Matrix logSumExpRows(Matrix a, Matrix out) {
        Matrix o = output("logSumExpRows", out, a.rows(), 1);
        double[] ad = a.data(), od = o.data();
        int cols = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            double max = rowMax(ad, ar, cols);
            if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY || Double.isNaN(max)) {
                od[o.offset() + i] = max;
                continue;
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(ad[ar + j] - max);
            }
            od[o.offset() + i] = max + Math.log(sum);
        }
        flops.add(3L * a.size() + 2L * a.rows());
        return o;
    }

    /**
     * Row-wise log-sum-exp of single-precision values, stably: with m_i the row's maximum, exps_ij =
     * e^(a_ij - m_i) as floats (the numerators of a softmax) and logSumExp[i] = m_i + log(sum_j exps_ij),
     * the sum and the log in double. A row whose maximum is infinite or NaN gets that maximum and NaN
     * exponentials. Counts 3 flops per element and 2 per row, as {@link #logSumExpRows(Matrix, Matrix)}.
     *
     * <p>The exponentials are a single-precision polynomial within 1.3 ulp ({@link FloatExp}, eight times
     * as fast as Math.exp), the same on both kernels. (Not the Vector API's exp, faster still: its compiled
     * and interpreted forms round differently, so a result would depend on when the JIT compiled the loop,
     * seen as 1- and 2-thread runs that differed.)
     */
    public void logSumExpRows(FloatMatrix a, FloatMatrix exps, double[] logSumExp) {
        if (!a.sameShape(exps) || logSumExp.length < a.rows()) {
            throw new IllegalArgumentException("logSumExpRows: values are " + a.shape() + ", exponentials "
                    + exps.shape() + ", room for " + logSumExp.length + " row results");
        }
        float[] ad = a.data(), ed = exps.data();
        int cols = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            int ar = a.offset() + i * cols;
            int er = exps.offset() + i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, ad[ar + j]); // branch-free, and NaN wins
            }
            if (!Float.isFinite(m)) {
                logSumExp[i] = m;
                java.util.Arrays.fill(ed, er, er + cols, Float.NaN);
                continue;
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = FloatExp.nonPositive(ad[ar + j] - m);
                ed[er + j] = e;
                sum += e;
            }
            logSumExp[i] = m + Math.log(sum);
        }
        flops.add(3L * a.size() + 2L * a.rows());
    }

    private static double rowMax(double[] d, int start, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            double v = d[start + j];
            if (v > max || Double.isNaN(v)) {
                max = v;
                if (Double.isNaN(v)) {
                    return v;
                }
            }
        }
        return max;
    }

    /**
     * One parallel multiply's parts (blocks of rows or columns of C), reused per calling thread and nesting
     * depth ({@link Workers.Frame}) so that a parallel multiply allocates nothing: each part calls the
     * kernel as the one-thread path does, on its block.
     */
    static final class MultiplyPart implements java.util.function.IntConsumer {
        private GemmKernel gemm;
        private FloatGemmKernel sgemm;
        private boolean transA;
        private boolean transB;
        private Matrix ma;
        private Matrix mb;
        private Matrix mc;
        private double[] ad;
        private double[] bd;
        private double[] cd;
        private float[] af;
        private float[] bf;
        private float[] cf;
        private int k;
        private int aOff;
        private int lda;
        private int bOff;
        private int ldb;
        private int cOff;
        private int ldc;
        private int m;
        private int n;
        private int parts;
        private boolean byRows;
        /** 0: matrices, 1: double arrays, 2: float arrays. */
        private int kind;

        void matrices(
                GemmKernel gemm,
                boolean transA,
                boolean transB,
                Matrix a,
                Matrix b,
                Matrix c,
                int m,
                int n,
                int parts,
                boolean byRows) {
            this.kind = 0;
            this.gemm = gemm;
            this.transA = transA;
            this.transB = transB;
            this.ma = a;
            this.mb = b;
            this.mc = c;
            shape(m, n, parts, byRows);
        }

        void doubles(
                GemmKernel gemm,
                boolean transA,
                boolean transB,
                int k,
                double[] a,
                int aOff,
                int lda,
                double[] b,
                int bOff,
                int ldb,
                double[] c,
                int cOff,
                int ldc,
                int m,
                int n,
                int parts,
                boolean byRows) {
            this.kind = 1;
            this.gemm = gemm;
            this.ad = a;
            this.bd = b;
            this.cd = c;
            raw(transA, transB, k, aOff, lda, bOff, ldb, cOff, ldc);
            shape(m, n, parts, byRows);
        }

        void floats(
                FloatGemmKernel sgemm,
                boolean transA,
                boolean transB,
                int k,
                float[] a,
                int aOff,
                int lda,
                float[] b,
                int bOff,
                int ldb,
                float[] c,
                int cOff,
                int ldc,
                int m,
                int n,
                int parts,
                boolean byRows) {
            this.kind = 2;
            this.sgemm = sgemm;
            this.af = a;
            this.bf = b;
            this.cf = c;
            raw(transA, transB, k, aOff, lda, bOff, ldb, cOff, ldc);
            shape(m, n, parts, byRows);
        }

        private void raw(
                boolean transA, boolean transB, int k, int aOff, int lda, int bOff, int ldb, int cOff, int ldc) {
            this.transA = transA;
            this.transB = transB;
            this.k = k;
            this.aOff = aOff;
            this.lda = lda;
            this.bOff = bOff;
            this.ldb = ldb;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        private void shape(int m, int n, int parts, boolean byRows) {
            this.m = m;
            this.n = n;
            this.parts = parts;
            this.byRows = byRows;
        }

        /** Drops the references to the operands once the multiply is done. */
        void clear() {
            ma = mb = mc = null;
            ad = bd = cd = null;
            af = bf = cf = null;
            gemm = null;
            sgemm = null;
        }

        @Override
        public void accept(int t) {
            int extent = byRows ? m : n;
            int from = blockStart(t, parts, extent);
            int to = blockStart(t + 1, parts, extent);
            if (from >= to) {
                return;
            }
            int i0 = byRows ? from : 0;
            int i1 = byRows ? to : m;
            int j0 = byRows ? 0 : from;
            int j1 = byRows ? n : to;
            switch (kind) {
                case 0 -> gemm.multiply(transA, transB, ma, mb, mc, i0, i1, j0, j1);
                case 1 -> gemm.multiply(transA, transB, k, ad, aOff, lda, bd, bOff, ldb, cd, cOff, ldc, i0, i1, j0, j1);
                default -> sgemm.multiply(
                        transA, transB, k, af, aOff, lda, bf, bOff, ldb, cf, cOff, ldc, i0, i1, j0, j1);
            }
        }
    }

    /** {@link #forRanges}' parts, reused like {@link MultiplyPart}. */
    static final class RangePart implements java.util.function.IntConsumer {
        private RangeTask task;
        private int n;
        private int parts;

        void set(RangeTask task, int n, int parts) {
            this.task = task;
            this.n = n;
            this.parts = parts;
        }

        @Override
        public void accept(int t) {
            task.run((int) ((long) n * t / parts), (int) ((long) n * (t + 1) / parts));
        }
    }
}
