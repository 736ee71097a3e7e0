package org.learnbench.matrix;

/**
 * A single-precision multiply kernel on raw row-major arrays: fills a rectangle of C = op(A) op(B). As
 * {@link GemmKernel}: stateless, and each fixes the order of the operations for every element of C.
 */
interface FloatGemmKernel {
    /**
     * Overwrites rows [i0, i1) x columns [j0, j1) of C with the same rectangle of op(A) op(B), over the
     * inner dimension k >= 1. A is stored row-major from {@code a[aOff]} with row stride {@code lda} (as
     * m x k, or k x m when {@code transA}); B likewise (k x n, or n x k when {@code transB}); C (m x n) from
     * {@code c[cOff]} with row stride {@code ldc}. Bounds and overlaps have been checked.
     */
    void multiply(
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
            int j1);
}
