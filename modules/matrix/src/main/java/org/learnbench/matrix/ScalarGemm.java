package org.learnbench.matrix;

/**
 * The portable multiply kernel: plain Java, cache-blocked, auto-vectorised by the JIT where it can. It
 * runs where the Vector API is absent (no {@code --add-modules jdk.incubator.vector}) or not worth using.
 *
 * <p>Every element of C is {@code c = +0.0}, then {@code c = c + a_ip * b_pj} for p = 0, 1, ..., k - 1 in
 * increasing order, each product and each sum rounded: exactly the textbook i-k-j loop, bit for bit. The
 * blocking changes only which values sit in cache, never the order of the additions.
 */
final class ScalarGemm implements GemmKernel {
    /** Depth of a block of the inner dimension: keeps a block of B in the L2 cache. */
    private static final int KC = 256;
    /** Width of a block of output columns: one row segment of C stays in L1 while k sweeps. */
    private static final int NC = 256;

    /** Per-thread buffer for a packed block of a transposed B; it only grows. */
    private static final ThreadLocal<double[][]> PACKED = ThreadLocal.withInitial(() -> new double[][] {new double[0]});

    @Override
    public void multiply(
            boolean transA,
            boolean transB,
            int k,
            double[] ad,
            int aOff,
            int lda,
            double[] bd,
            int bOff,
            int ldb,
            double[] cd,
            int cOff,
            int ldc,
            int i0,
            int i1,
            int j0,
            int j1) {
        for (int i = i0; i < i1; i++) {
            java.util.Arrays.fill(cd, cOff + i * ldc + j0, cOff + i * ldc + j1, 0.0);
        }
        // Row stride and column stride of op(a) within ad.
        int aRowStep = transA ? 1 : lda;
        int aColStep = transA ? lda : 1;
        double[] packed = null;
        if (transB) {
            double[][] holder = PACKED.get();
            int size = Math.min(k, KC) * Math.min(j1 - j0, NC);
            if (holder[0].length < size) {
                holder[0] = new double[size];
            }
            packed = holder[0];
        }
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                double[] bb;
                int bbOff;
                int bbStride;
                if (transB) {
                    // op(b)[p][j] = b[j][p]: pack the block row-major so the inner loop is contiguous.
                    for (int j = 0; j < nc; j++) {
                        int src = bOff + (jc + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            packed[p * nc + j] = bd[src + p];
                        }
                    }
                    bb = packed;
                    bbOff = 0;
                    bbStride = nc;
                } else {
                    bb = bd;
                    bbOff = bOff + pc * ldb + jc;
                    bbStride = ldb;
                }
                for (int i = i0; i < i1; i++) {
                    int ci = cOff + i * ldc + jc;
                    int ai = aOff + i * aRowStep + pc * aColStep;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) {
                        double a0 = ad[ai + p * aColStep];
                        double a1 = ad[ai + (p + 1) * aColStep];
                        double a2 = ad[ai + (p + 2) * aColStep];
                        double a3 = ad[ai + (p + 3) * aColStep];
                        int b0 = bbOff + p * bbStride;
                        int b1 = b0 + bbStride;
                        int b2 = b1 + bbStride;
                        int b3 = b2 + bbStride;
                        for (int j = 0; j < nc; j++) {
                            cd[ci + j] =
                                    cd[ci + j] + a0 * bb[b0 + j] + a1 * bb[b1 + j] + a2 * bb[b2 + j] + a3 * bb[b3 + j];
                        }
                    }
                    for (; p < kc; p++) {
                        double a0 = ad[ai + p * aColStep];
                        int b0 = bbOff + p * bbStride;
                        for (int j = 0; j < nc; j++) {
                            cd[ci + j] = cd[ci + j] + a0 * bb[b0 + j];
                        }
                    }
                }
            }
        }
    }
}
