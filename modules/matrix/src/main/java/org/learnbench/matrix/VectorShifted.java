package org.learnbench.matrix;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API's products of a stride-1 convolution ({@link FloatGemmKernel#shiftedRows} and {@link
 * FloatGemmKernel#gatheredRows}), for {@link VectorSgemm}: register tiles as its direct path has them, with
 * one operand's rows or elements read at offsets from a table instead of at a fixed stride. Every element is
 * {@code c = +0.0f}, then {@code c = fma(a_ip, b_pj, c)} for p in increasing order, as in {@link VectorSgemm}.
 * Rows past the last one repeat it (the same chains, so the same values stored twice).
 */
final class VectorShifted {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[8 * L]);

    private VectorShifted() {}

    static void shiftedRows(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int[] off,
            float[] c,
            int cOff,
            int ldc) {
        int last = m - 1;
        for (int i = 0; i < m; i += 6) {
            int a0 = aOff + i * lda;
            int a1 = aOff + Math.min(i + 1, last) * lda;
            int a2 = aOff + Math.min(i + 2, last) * lda;
            int a3 = aOff + Math.min(i + 3, last) * lda;
            int a4 = aOff + Math.min(i + 4, last) * lda;
            int a5 = aOff + Math.min(i + 5, last) * lda;
            int c0 = cOff + i * ldc;
            int c1 = cOff + Math.min(i + 1, last) * ldc;
            int c2 = cOff + Math.min(i + 2, last) * ldc;
            int c3 = cOff + Math.min(i + 3, last) * ldc;
            int c4 = cOff + Math.min(i + 4, last) * ldc;
            int c5 = cOff + Math.min(i + 5, last) * ldc;
            int j = 0;
            for (; j + 3 * L <= n; j += 3 * L) {
                shifted6x3(
                        k, a, a0, a1, a2, a3, a4, a5, b, bOff + j, off, c, c0 + j, c1 + j, c2 + j, c3 + j, c4 + j,
                        c5 + j);
            }
            for (; j < n; j += L) {
                shifted6x1(
                        k, a, a0, a1, a2, a3, a4, a5, b, bOff + j, off, c, c0 + j, c1 + j, c2 + j, c3 + j, c4 + j,
                        c5 + j);
            }
        }
    }

    /** Six rows of C by three vectors; row p of the right operand starts at b[bo + off[p]]. */
    private static void shifted6x3(
            int k,
            float[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int a4,
            int a5,
            float[] b,
            int bo,
            int[] off,
            float[] c,
            int c0,
            int c1,
            int c2,
            int c3,
            int c4,
            int c5) {
        FloatVector x00 = FloatVector.zero(S);
        FloatVector x01 = x00, x02 = x00, x10 = x00, x11 = x00, x12 = x00, x20 = x00, x21 = x00, x22 = x00;
        FloatVector x30 = x00, x31 = x00, x32 = x00, x40 = x00, x41 = x00, x42 = x00, x50 = x00, x51 = x00;
        FloatVector x52 = x00;
        for (int p = 0; p < k; p++) {
            int bp = bo + off[p];
            FloatVector v0 = FloatVector.fromArray(S, b, bp);
            FloatVector v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector v2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector s = FloatVector.broadcast(S, a[a0 + p]);
            x00 = s.fma(v0, x00);
            x01 = s.fma(v1, x01);
            x02 = s.fma(v2, x02);
            s = FloatVector.broadcast(S, a[a1 + p]);
            x10 = s.fma(v0, x10);
            x11 = s.fma(v1, x11);
            x12 = s.fma(v2, x12);
            s = FloatVector.broadcast(S, a[a2 + p]);
            x20 = s.fma(v0, x20);
            x21 = s.fma(v1, x21);
            x22 = s.fma(v2, x22);
            s = FloatVector.broadcast(S, a[a3 + p]);
            x30 = s.fma(v0, x30);
            x31 = s.fma(v1, x31);
            x32 = s.fma(v2, x32);
            s = FloatVector.broadcast(S, a[a4 + p]);
            x40 = s.fma(v0, x40);
            x41 = s.fma(v1, x41);
            x42 = s.fma(v2, x42);
            s = FloatVector.broadcast(S, a[a5 + p]);
            x50 = s.fma(v0, x50);
            x51 = s.fma(v1, x51);
            x52 = s.fma(v2, x52);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
        x40.intoArray(c, c4);
        x41.intoArray(c, c4 + L);
        x42.intoArray(c, c4 + 2 * L);
        x50.intoArray(c, c5);
        x51.intoArray(c, c5 + L);
        x52.intoArray(c, c5 + 2 * L);
    }

    /** Six rows of C by one vector; as {@link #shifted6x3}. */
    private static void shifted6x1(
            int k,
            float[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int a4,
            int a5,
            float[] b,
            int bo,
            int[] off,
            float[] c,
            int c0,
            int c1,
            int c2,
            int c3,
            int c4,
            int c5) {
        FloatVector x0 = FloatVector.zero(S);
        FloatVector x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.fromArray(S, b, bo + off[p]);
            x0 = FloatVector.broadcast(S, a[a0 + p]).fma(v, x0);
            x1 = FloatVector.broadcast(S, a[a1 + p]).fma(v, x1);
            x2 = FloatVector.broadcast(S, a[a2 + p]).fma(v, x2);
            x3 = FloatVector.broadcast(S, a[a3 + p]).fma(v, x3);
            x4 = FloatVector.broadcast(S, a[a4 + p]).fma(v, x4);
            x5 = FloatVector.broadcast(S, a[a5 + p]).fma(v, x5);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c1);
        x2.intoArray(c, c2);
        x3.intoArray(c, c3);
        x4.intoArray(c, c4);
        x5.intoArray(c, c5);
    }

    static void gatheredRows(
            int m,
            int n,
            int gridRows,
            int gridCols,
            int gridStride,
            float[] a,
            int aOff,
            int[] rowOff,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        int last = m - 1;
        float[] tile = TILE.get();
        for (int i = 0; i < m; i += 8) {
            for (int j = 0; j < n; j += L) {
                // Columns past n (at most ldb, a whole number of vectors) are computed and dropped.
                boolean whole = j + L <= n;
                int ci = whole ? cOff + i * ldc + j : 0;
                int cs = whole ? ldc : L;
                float[] cc = whole ? c : tile;
                gathered8(
                        gridRows,
                        gridCols,
                        gridStride,
                        a,
                        aOff + rowOff[i],
                        aOff + rowOff[Math.min(i + 1, last)],
                        aOff + rowOff[Math.min(i + 2, last)],
                        aOff + rowOff[Math.min(i + 3, last)],
                        aOff + rowOff[Math.min(i + 4, last)],
                        aOff + rowOff[Math.min(i + 5, last)],
                        aOff + rowOff[Math.min(i + 6, last)],
                        aOff + rowOff[Math.min(i + 7, last)],
                        b,
                        bOff + j,
                        ldb,
                        cc,
                        ci,
                        whole ? Math.min(1, last - i) * cs : cs,
                        whole ? Math.min(2, last - i) * cs : 2 * cs,
                        whole ? Math.min(3, last - i) * cs : 3 * cs,
                        whole ? Math.min(4, last - i) * cs : 4 * cs,
                        whole ? Math.min(5, last - i) * cs : 5 * cs,
                        whole ? Math.min(6, last - i) * cs : 6 * cs,
                        whole ? Math.min(7, last - i) * cs : 7 * cs);
                if (!whole) {
                    for (int r = 0; r < 8 && i + r < m; r++) {
                        System.arraycopy(tile, r * L, c, cOff + (i + r) * ldc + j, n - j);
                    }
                }
            }
        }
    }

    /**
     * Eight rows of C by one vector: row r's element (py, px) of the left operand is a[ar + py gridStride +
     * px], row p of the right one starts at b[bo + p ldb]; row r of C is stored at c[c0 + dr] (d0 = 0). One
     * loop over the grid (with a loop per grid row, C2 kept the accumulators in memory: eight times slower).
     */
    private static void gathered8(
            int gridRows,
            int gridCols,
            int gridStride,
            float[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int a4,
            int a5,
            int a6,
            int a7,
            float[] b,
            int bo,
            int ldb,
            float[] c,
            int c0,
            int d1,
            int d2,
            int d3,
            int d4,
            int d5,
            int d6,
            int d7) {
        FloatVector x0 = FloatVector.zero(S);
        FloatVector x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0;
        int k = gridRows * gridCols;
        int skip = gridStride - gridCols;
        for (int p = 0, q = 0, px = 0; p < k; p++, bo += ldb) {
            FloatVector v = FloatVector.fromArray(S, b, bo);
            x0 = FloatVector.broadcast(S, a[a0 + q]).fma(v, x0);
            x1 = FloatVector.broadcast(S, a[a1 + q]).fma(v, x1);
            x2 = FloatVector.broadcast(S, a[a2 + q]).fma(v, x2);
            x3 = FloatVector.broadcast(S, a[a3 + q]).fma(v, x3);
            x4 = FloatVector.broadcast(S, a[a4 + q]).fma(v, x4);
            x5 = FloatVector.broadcast(S, a[a5 + q]).fma(v, x5);
            x6 = FloatVector.broadcast(S, a[a6 + q]).fma(v, x6);
            x7 = FloatVector.broadcast(S, a[a7 + q]).fma(v, x7);
            q++;
            if (++px == gridCols) {
                px = 0;
                q += skip;
            }
        }
        x7.intoArray(c, c0 + d7);
        x6.intoArray(c, c0 + d6);
        x5.intoArray(c, c0 + d5);
        x4.intoArray(c, c0 + d4);
        x3.intoArray(c, c0 + d3);
        x2.intoArray(c, c0 + d2);
        x1.intoArray(c, c0 + d1);
        x0.intoArray(c, c0);
    }

    static void sumShiftedRows(int rows, int n, float[] src, int srcOff, int lds, int[] shifts, float[] d, int dOff) {
        int j = 0;
        // Four vectors of d at a time: four independent chains of additions.
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector x0 = FloatVector.zero(S);
            FloatVector x1 = x0, x2 = x0, x3 = x0;
            for (int r = 0, row = srcOff + j; r < rows; r++, row += lds) {
                int at = row - shifts[r];
                x0 = x0.add(FloatVector.fromArray(S, src, at));
                x1 = x1.add(FloatVector.fromArray(S, src, at + L));
                x2 = x2.add(FloatVector.fromArray(S, src, at + 2 * L));
                x3 = x3.add(FloatVector.fromArray(S, src, at + 3 * L));
            }
            x0.intoArray(d, dOff + j);
            x1.intoArray(d, dOff + j + L);
            x2.intoArray(d, dOff + j + 2 * L);
            x3.intoArray(d, dOff + j + 3 * L);
        }
        for (; j < n; j += L) {
            FloatVector x = FloatVector.zero(S);
            for (int r = 0, row = srcOff + j; r < rows; r++, row += lds) {
                x = x.add(FloatVector.fromArray(S, src, row - shifts[r]));
            }
            x.intoArray(d, dOff + j);
        }
    }
}
