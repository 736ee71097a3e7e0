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

    /**
     * C (m x n at c[cOff], row step ldc) = A S over the inner dimension k >= 1, where A is m x k at
     * a[aOff] (row step lda) and row p of S is the n values from b[bOff + rowOffsets[p]]: a product whose
     * right operand is rows of one array at arbitrary offsets (a stride-1 convolution's patches, read in
     * the input). n is a multiple of 16. Each element is one chain over p in increasing order, as {@link
     * #multiply} computes it. Bounds have been checked.
     */
    void shiftedRows(
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
            int ldc);

    /**
     * C (m x n at c[cOff], row step ldc) with C(i, j) the chain over p, in increasing order as {@link
     * #multiply} computes it, of a[aOff + rowOffsets[i] + gridOffset(p)] times b[bOff + p ldb + j], where p =
     * py gridCols + px runs over a gridRows x gridCols grid and gridOffset(p) = py gridStride + px: a product
     * whose left operand is gathered from one array (a convolution's patches, read in its padded input).
     * ldb is a multiple of 16 and at least n; B's rows are read in whole blocks of 16 values (the values
     * past column n do not matter). Bounds have been checked.
     */
    void gatheredRows(
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
            int ldc);

    /**
     * d[dOff + j] = the sum, from +0 and in row order, of src[srcOff + r lds + j - shifts[r]] over r < rows,
     * for j < n: rows added along one another at shifts (a stride-1 convolution's col2im over one input
     * plane). n is a multiple of 16. Bounds have been checked.
     */
    void sumShiftedRows(int rows, int n, float[] src, int srcOff, int lds, int[] shifts, float[] d, int dOff);
}
