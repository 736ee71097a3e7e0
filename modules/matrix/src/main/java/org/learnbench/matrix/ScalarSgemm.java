package org.learnbench.matrix;

import java.util.Arrays;

/**
 * The portable single-precision kernel, the twin of {@link ScalarGemm}: every element of C is {@code c =
 * +0.0f}, then {@code c = c + a_ip * b_pj} in float for p = 0, 1, ..., k - 1 in increasing order (the
 * textbook i-k-j loop), blocked for the caches.
 */
final class ScalarSgemm implements FloatGemmKernel {
    /** Depth of a block of the inner dimension. */
    private static final int KC = 256;
    /** Width of a block of output columns. */
    private static final int NC = 256;

    /** Per-thread buffer for a packed block of a transposed B; it only grows. */
    private static final ThreadLocal<float[][]> PACKED = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    @Override
    public void multiply(
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
            int i0,
            int i1,
            int j0,
            int j1) {
        for (int i = i0; i < i1; i++) {
            Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
        }
        int aRowStep = transA ? 1 : lda;
        int aColStep = transA ? lda : 1;
        float[] packed = null;
        if (transB) {
            float[][] holder = PACKED.get();
            int size = Math.min(k, KC) * Math.min(j1 - j0, NC);
            if (holder[0].length < size) {
                holder[0] = new float[size];
            }
            packed = holder[0];
        }
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bb;
                int bbOff;
                int bbStride;
                if (transB) {
                    // op(b)[p][j] = b[j][p]: pack the block row-major so the inner loop is contiguous.
                    for (int j = 0; j < nc; j++) {
                        int src = bOff + (jc + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            packed[p * nc + j] = b[src + p];
                        }
                    }
                    bb = packed;
                    bbOff = 0;
                    bbStride = nc;
                } else {
                    bb = b;
                    bbOff = bOff + pc * ldb + jc;
                    bbStride = ldb;
                }
                for (int i = i0; i < i1; i++) {
                    int ci = cOff + i * ldc + jc;
                    int ai = aOff + i * aRowStep + pc * aColStep;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) {
                        // Four products per pass over the row of C, added left to right: the same chain.
                        float a0 = a[ai + p * aColStep];
                        float a1 = a[ai + (p + 1) * aColStep];
                        float a2 = a[ai + (p + 2) * aColStep];
                        float a3 = a[ai + (p + 3) * aColStep];
                        int b0 = bbOff + p * bbStride;
                        int b1 = b0 + bbStride;
                        int b2 = b1 + bbStride;
                        int b3 = b2 + bbStride;
                        for (int j = 0; j < nc; j++) {
                            c[ci + j] =
                                    c[ci + j] + a0 * bb[b0 + j] + a1 * bb[b1 + j] + a2 * bb[b2 + j] + a3 * bb[b3 + j];
                        }
                    }
                    for (; p < kc; p++) {
                        float a0 = a[ai + p * aColStep];
                        int b0 = bbOff + p * bbStride;
                        for (int j = 0; j < nc; j++) {
                            c[ci + j] = c[ci + j] + a0 * bb[b0 + j];
                        }
                    }
                }
            }
        }
    }

    // The products of a stride-1 convolution (see FloatGemmKernel): the same chains, c = c + a * b in
    // float, as multiply computes them.

    @Override
    public void shiftedRows(
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
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float s = a[aOff + i * lda + p];
                int bp = bOff + rowOffsets[p];
                for (int j = 0; j < n; j++) {
                    c[ci + j] = c[ci + j] + s * b[bp + j];
                }
            }
        }
    }

    @Override
    public void gatheredRows(
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
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            Arrays.fill(c, ci, ci + n, 0f);
            int ai = aOff + rowOffsets[i];
            for (int py = 0, p = 0; py < gridRows; py++) {
                for (int px = 0; px < gridCols; px++, p++) {
                    float s = a[ai + py * gridStride + px];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = c[ci + j] + s * b[bp + j];
                    }
                }
            }
        }
    }

    @Override
    public void sumShiftedRows(int rows, int n, float[] src, int srcOff, int lds, int[] shifts, float[] d, int dOff) {
        for (int j = 0; j < n; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum = sum + src[srcOff + r * lds + j - shifts[r]];
            }
            d[dOff + j] = sum;
        }
    }
}
