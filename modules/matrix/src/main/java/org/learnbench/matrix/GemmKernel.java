package org.learnbench.matrix;

/**
 * A multiply kernel: fills a rectangle of C = op(A) op(B), where op transposes when asked. Implementations
 * are stateless (scratch space is per thread), so one instance serves every thread.
 *
 * <p>Each kernel fixes the order of the operations for every element of C, whatever rectangle it is asked
 * for: that is what makes a multiply split across threads give the same bits as one thread.
 */
interface GemmKernel {
    /**
     * Overwrites rows [i0, i1) x columns [j0, j1) of {@code c} with the same rectangle of op(a) op(b),
     * leaving the rest of {@code c} untouched. Shapes have been checked, the inner dimension is at least
     * 1 and {@code c} shares no storage with {@code a} or {@code b}.
     */
    default void multiply(
            boolean transA, boolean transB, Matrix a, Matrix b, Matrix c, int i0, int i1, int j0, int j1) {
        multiply(
                transA,
                transB,
                transA ? a.rows() : a.cols(),
                a.data(),
                a.offset(),
                Math.max(1, a.cols()),
                b.data(),
                b.offset(),
                Math.max(1, b.cols()),
                c.data(),
                c.offset(),
                Math.max(1, c.cols()),
                i0,
                i1,
                j0,
                j1);
    }

    /**
     * The same on raw row-major arrays, as {@link FloatGemmKernel#multiply}: A from {@code a[aOff]} with
     * row stride {@code lda} (m x k, or k x m when {@code transA}), B likewise (k x n, or n x k), C (m x n)
     * from {@code c[cOff]} with row stride {@code ldc}; k >= 1.
     */
    void multiply(
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
            int i0,
            int i1,
            int j0,
            int j1);
}
