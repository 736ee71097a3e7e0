package org.learnbench.matrix;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The single-precision twin of {@link VectorGemm}: the same tiled (packed or in place) and direct paths, tiles and blocking
 * with {@link FloatVector} (16 floats per AVX-512 register, so a 6 x 64 tile of C), for a float32
 * training path. Loaded, like {@link VectorGemm}, only after {@link GemmKernels} has found the module.
 *
 * <p>Every element of C is {@code c = +0.0f}, then {@code c = fma(a_ip, b_pj, c)} for p = 0, 1, ..., k - 1
 * in increasing order, each step rounded once to float exactly as {@link Math#fma(float, float, float)}
 * does; so the bits do not depend on the thread count, the offsets or the tile an element falls in.
 */
final class VectorSgemm implements FloatGemmKernel {
    /** The widest vector the platform prefers: 16 floats with AVX-512, 8 with AVX2. */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static final int L = S.length();
    /** With 32 vector registers (AVX-512) the tile is 6 x 4 vectors (24 accumulators), else 4 x 3 (12). */
    private static final boolean WIDE = L >= 16;
    /** Rows of the register tile. */
    static final int MR = WIDE ? 6 : 4;
    /** Columns of the register tile: whole vectors. */
    static final int NR = (WIDE ? 4 : 3) * L;
    /** Depth of a block of the inner dimension (as {@link VectorGemm#KC}; half the bytes). */
    static final int KC = 512;
    /** Rows of a block of A. */
    static final int MC = 48;
    /** Columns of a panel of B. */
    static final int NC = 4096;
    /** Fewest columns of C for which the packed path runs: two tiles, as for doubles. */
    static final int PACKED_MIN_COLS = 2 * NR;
    /** Fewest rows of C, and fewest inner-dimension steps, for which the packed path runs. */
    static final int PACKED_MIN_ROWS_AND_DEPTH = 16;
    /** Above this depth, or this many elements of A, the packed path runs (when C is big enough). */
    static final int DIRECT_MAX_DEPTH = 128;

    static final int DIRECT_MAX_A_ELEMENTS = 64 * 1024;
    /**
     * As {@link #DIRECT_MAX_A_ELEMENTS} when A is transposed (the direct path would read it down its
     * columns): the same 64 KiB as {@link VectorGemm#DIRECT_MAX_A_ELEMENTS_TRANSPOSED}; past it the tiled
     * path, reading A in place, is the faster one (figures in modules/bench/README.md). Transposed B keeps
     * {@link #packsTransposed}, which is sooner.
     */
    static final int DIRECT_MAX_A_ELEMENTS_TRANSPOSED = 16 * 1024;

    /*
     * When the tiled path reads an operand in place instead of packing it: as in VectorGemm, when the
     * block has whole 64-column tiles (partial rows run the row kernels, which read only their own rows),
     * B's rows are contiguous (not transposed), and the block spans at most IN_PLACE_MAX_SPAN elements of
     * its array: the same 1 MiB as VectorGemm's cap, so twice the elements. Every batch-128 multiply of
     * the float32 MLP fits (the largest, B of 128 x 256 x 784, spans about 100K floats).
     */
    /** Most elements an operand block read in place may span in its array (1 MiB, the L2). */
    static final int IN_PLACE_MAX_SPAN = 256 * 1024;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * True when an m x n block of C over depth k goes the tiled path rather than the direct one
     * ({@code transposed}: A is).
     */
    static boolean packs(int m, int n, int k, boolean transposed) {
        return n >= PACKED_MIN_COLS
                && m >= PACKED_MIN_ROWS_AND_DEPTH
                && k >= PACKED_MIN_ROWS_AND_DEPTH
                && (k > DIRECT_MAX_DEPTH
                        || (long) m * k > (transposed ? DIRECT_MAX_A_ELEMENTS_TRANSPOSED : DIRECT_MAX_A_ELEMENTS));
    }

    /**
     * With op(B) transposed the direct path must first copy B's transpose, which packing does anyway (in
     * panels, with the copy of A beside it), so transposed B packs from the smallest packed size.
     */
    static boolean packsTransposed(int m, int n, int k) {
        return n >= PACKED_MIN_COLS && m >= PACKED_MIN_ROWS_AND_DEPTH && k >= PACKED_MIN_ROWS_AND_DEPTH;
    }

    /** True when this kernel beats the scalar one: whole vectors of at least 8 floats. */
    static boolean worthUsing() {
        return L >= 8;
    }

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
        int m = i1 - i0;
        int n = j1 - j0;
        // op(A)(i, p) = a[aOff + i * ars + p * acs]; op(B)(p, j) likewise with brs, bcs.
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        int brs = transB ? 1 : ldb;
        int bcs = transB ? ldb : 1;
        aOff += i0 * ars;
        bOff += j0 * bcs;
        int co = cOff + i0 * ldc + j0;
        if (packs(m, n, k, acs != 1) || (bcs != 1 && packsTransposed(m, n, k))) {
            packed(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, co, ldc, WORKSPACE.get());
            return;
        }
        if (n < L && m >= 4) {
            narrow(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, co, ldc, WORKSPACE.get());
            return;
        }
        float[] bd = b;
        if (bcs != 1) {
            // The direct path reads rows of op(B): copy the transposed block once, row-major.
            float[] bt = WORKSPACE.get().bt(k * n);
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[bOff + p * brs + j * bcs];
                }
            }
            bd = bt;
            bOff = 0;
            brs = n;
        }
        direct(m, n, k, a, aOff, ars, acs, bd, bOff, brs, c, co, ldc);
    }

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
        VectorShifted.shiftedRows(m, n, k, a, aOff, lda, b, bOff, rowOffsets, c, cOff, ldc);
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
        VectorShifted.gatheredRows(
                m, n, gridRows, gridCols, gridStride, a, aOff, rowOffsets, b, bOff, ldb, c, cOff, ldc);
    }

    @Override
    public void sumShiftedRows(int rows, int n, float[] src, int srcOff, int lds, int[] shifts, float[] d, int dOff) {
        VectorShifted.sumShiftedRows(rows, n, src, srcOff, lds, shifts, d, dOff);
    }

    // ---------------------------------------------------------------------------------------------
    // Packed path

    /**
     * C (m x n at c[cOff], row step ldc) = op(A) op(B), op(A)(i, p) at a[aOff + i ars + p acs] and
     * op(B)(p, j) at b[bOff + p brs + j bcs].
     */
    private static void packed(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int ldc,
            Workspace w) {
        // Equal blocks (rather than full blocks and a runt) keep every sweep long.
        int kcStep = ceilDiv(k, ceilDiv(k, KC));
        int mcStep = roundUp(ceilDiv(m, ceilDiv(m, MC)), MR);
        int ncStep = roundUp(ceilDiv(n, ceilDiv(n, NC)), NR);
        float[] ap = w.ap(mcStep * kcStep);
        float[] bp = w.bp(ncStep * kcStep);
        float[] ct = w.ct;
        for (int jc = 0; jc < n; jc += ncStep) {
            int nc = Math.min(ncStep, n - jc);
            // Whole tiles of columns: the micro-kernel can read the operands where they are (no edge tile
            // needs zero padding, and partial rows run the row kernels, which read only their rows).
            boolean fullColumns = WIDE && nc % NR == 0;
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                boolean inPlaceB = fullColumns && bcs == 1 && (long) (kc - 1) * brs + nc <= IN_PLACE_MAX_SPAN;
                boolean load = pc > 0;
                float[] bk;
                int bo0;
                int bs;
                if (inPlaceB) {
                    bk = b;
                    bo0 = bOff + pc * brs + jc;
                    bs = brs;
                } else {
                    packB(b, bOff + pc * brs + jc * bcs, brs, bcs, kc, nc, bp);
                    bk = bp;
                    bo0 = 0;
                    bs = NR;
                }
                for (int ic = 0; ic < m; ic += mcStep) {
                    int mc = Math.min(mcStep, m - ic);
                    float[] ak;
                    int ao0;
                    int rs;
                    int cs;
                    boolean inPlaceA =
                            fullColumns && (long) (mc - 1) * ars + (long) (kc - 1) * acs + 1 <= IN_PLACE_MAX_SPAN;
                    if (inPlaceA) {
                        ak = a;
                        ao0 = aOff + ic * ars + pc * acs;
                        rs = ars;
                        cs = acs;
                    } else {
                        packA(a, aOff + ic * ars + pc * acs, ars, acs, mc, kc, ap);
                        ak = ap;
                        ao0 = 0;
                        rs = 1;
                        cs = MR;
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bo = inPlaceB ? bo0 + jr : jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ao = inPlaceA ? ao0 + ir * rs : ir * kc;
                            int co = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                microKernel(kc, ak, ao, rs, cs, bk, bo, bs, c, co, ldc, load);
                            } else if (WIDE && nr == NR) {
                                rowKernels(mr, kc, ak, ao, rs, cs, bk, bo, bs, c, co, ldc, load);
                            } else {
                                edgeTile(kc, ap, ao, bp, bo, c, co, ldc, mr, nr, load, ct);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Fewer than MR rows of whole tile columns: two rows at a time, then one, reading only those rows of
     * A (so A needs no zero padding) and writing C directly.
     */
    private static void rowKernels(
            int mr,
            int kc,
            float[] a,
            int ao,
            int ars,
            int acs,
            float[] b,
            int bo,
            int bs,
            float[] c,
            int co,
            int ldc,
            boolean load) {
        int r = 0;
        for (; r + 2 <= mr; r += 2) {
            kernel2x4(kc, a, ao + r * ars, ars, acs, b, bo, bs, c, co + r * ldc, ldc, load);
        }
        if (r < mr) {
            kernel1x4(kc, a, ao + r * ars, acs, b, bo, bs, c, co + r * ldc, load);
        }
    }

    /** A partial tile: the same micro-kernel on a scratch tile, copied in and out. */
    private static void edgeTile(
            int kc,
            float[] ap,
            int ao,
            float[] bp,
            int bo,
            float[] c,
            int co,
            int ldc,
            int mr,
            int nr,
            boolean load,
            float[] ct) {
        if (load) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, co + r * ldc, ct, r * NR, nr);
            }
        }
        microKernel(kc, ap, ao, 1, MR, bp, bo, NR, ct, 0, NR, load);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(ct, r * NR, c, co + r * ldc, nr);
        }
    }

    /**
     * Packs the mc x kc block of op(A) at a[off] (row step rs, column step cs) into MR-row micro-panels:
     * panel ir holds, for each p, the MR values of column p; rows past mc are zero.
     */
    private static void packA(float[] a, int off, int rs, int cs, int mc, int kc, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            int src = off + ir * rs;
            if (cs == 1) {
                for (int r = 0; r < mr; r++) {
                    int s = src + r * rs;
                    int d = dst + r;
                    for (int p = 0; p < kc; p++) {
                        ap[d + p * MR] = a[s + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * cs;
                    int d = dst + p * MR;
                    for (int r = 0; r < mr; r++) {
                        ap[d + r] = a[s + r * rs];
                    }
                }
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR + r] = 0;
                }
            }
        }
    }

    /**
     * Packs the kc x nc panel of op(B) at b[off] (row step rs, column step cs) into NR-column
     * micro-panels: panel jr holds, for each p, the NR values of row p; columns past nc are zero.
     */
    private static void packB(float[] b, int off, int rs, int cs, int kc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            int src = off + jr * cs;
            if (cs == 1) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, src + p * rs, bp, dst + p * NR, nr);
                }
            } else {
                for (int q = 0; q < nr; q++) {
                    int s = src + q * cs;
                    int d = dst + q;
                    for (int p = 0; p < kc; p++) {
                        bp[d + p * NR] = b[s + p * rs];
                    }
                }
            }
            if (nr < NR) {
                for (int p = 0; p < kc; p++) {
                    java.util.Arrays.fill(bp, dst + p * NR + nr, dst + (p + 1) * NR, 0.0f);
                }
            }
        }
    }

    /**
     * C tile (MR x NR at c[co], row step ldc) = its previous value (when {@code load}) or zero, plus the
     * products of kc columns of A and kc rows of B, one fma per element and step in increasing p. A's
     * element (r, p) is at ap[ao + r ars + p acs] (a packed micro-panel: ars 1, acs MR); row p of B's NR
     * columns starts at bp[bo + p bs] (packed: bs NR).
     */
    private static void microKernel(
            int kc,
            float[] ap,
            int ao,
            int ars,
            int acs,
            float[] bp,
            int bo,
            int bs,
            float[] c,
            int co,
            int ldc,
            boolean load) {
        if (WIDE) {
            kernel6x4(kc, ap, ao, ars, acs, bp, bo, bs, c, co, ldc, load);
        } else {
            kernel4x3(kc, ap, ao, ars, acs, bp, bo, bs, c, co, ldc, load);
        }
    }

    // Generated register tiles: one fma per accumulator and step.

    /** The 6 x 4-vector micro-kernel; see {@link #microKernel}. */
    private static void kernel6x4(
            int kc,
            float[] ap,
            int ao,
            int ars,
            int acs,
            float[] bp,
            int bo,
            int bs,
            float[] c,
            int co,
            int ldc,
            boolean load) {
        FloatVector c00, c01, c02, c03;
        FloatVector c10, c11, c12, c13;
        FloatVector c20, c21, c22, c23;
        FloatVector c30, c31, c32, c33;
        FloatVector c40, c41, c42, c43;
        FloatVector c50, c51, c52, c53;
        if (load) {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L);
            c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c10 = FloatVector.fromArray(S, c, co + ldc);
            c11 = FloatVector.fromArray(S, c, co + ldc + L);
            c12 = FloatVector.fromArray(S, c, co + ldc + 2 * L);
            c13 = FloatVector.fromArray(S, c, co + ldc + 3 * L);
            c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c22 = FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L);
            c23 = FloatVector.fromArray(S, c, co + 2 * ldc + 3 * L);
            c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c32 = FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L);
            c33 = FloatVector.fromArray(S, c, co + 3 * ldc + 3 * L);
            c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, co + 4 * ldc + L);
            c42 = FloatVector.fromArray(S, c, co + 4 * ldc + 2 * L);
            c43 = FloatVector.fromArray(S, c, co + 4 * ldc + 3 * L);
            c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, co + 5 * ldc + L);
            c52 = FloatVector.fromArray(S, c, co + 5 * ldc + 2 * L);
            c53 = FloatVector.fromArray(S, c, co + 5 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = FloatVector.zero(S);
            c10 = c11 = c12 = c13 = FloatVector.zero(S);
            c20 = c21 = c22 = c23 = FloatVector.zero(S);
            c30 = c31 = c32 = c33 = FloatVector.zero(S);
            c40 = c41 = c42 = c43 = FloatVector.zero(S);
            c50 = c51 = c52 = c53 = FloatVector.zero(S);
        }
        int a1r = ars, a2r = 2 * ars, a3r = 3 * ars, a4r = 4 * ars, a5r = 5 * ars;
        for (int p = 0; p < kc; p++, ao += acs, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bo + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + a1r]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + a2r]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + a3r]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(S, ap[ao + a4r]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(S, ap[ao + a5r]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            c53 = a5.fma(b3, c53);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c12.intoArray(c, co + ldc + 2 * L);
        c13.intoArray(c, co + ldc + 3 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c23.intoArray(c, co + 2 * ldc + 3 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
        c33.intoArray(c, co + 3 * ldc + 3 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c42.intoArray(c, co + 4 * ldc + 2 * L);
        c43.intoArray(c, co + 4 * ldc + 3 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c52.intoArray(c, co + 5 * ldc + 2 * L);
        c53.intoArray(c, co + 5 * ldc + 3 * L);
    }

    /** The 4 x 3-vector micro-kernel; see {@link #microKernel}. */
    private static void kernel4x3(
            int kc,
            float[] ap,
            int ao,
            int ars,
            int acs,
            float[] bp,
            int bo,
            int bs,
            float[] c,
            int co,
            int ldc,
            boolean load) {
        FloatVector c00, c01, c02;
        FloatVector c10, c11, c12;
        FloatVector c20, c21, c22;
        FloatVector c30, c31, c32;
        if (load) {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L);
            c10 = FloatVector.fromArray(S, c, co + ldc);
            c11 = FloatVector.fromArray(S, c, co + ldc + L);
            c12 = FloatVector.fromArray(S, c, co + ldc + 2 * L);
            c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c22 = FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L);
            c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c32 = FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L);
        } else {
            c00 = c01 = c02 = FloatVector.zero(S);
            c10 = c11 = c12 = FloatVector.zero(S);
            c20 = c21 = c22 = FloatVector.zero(S);
            c30 = c31 = c32 = FloatVector.zero(S);
        }
        int a1r = ars, a2r = 2 * ars, a3r = 3 * ars;
        for (int p = 0; p < kc; p++, ao += acs, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + a1r]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + a2r]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + a3r]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c12.intoArray(c, co + ldc + 2 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
    }

    /** Two rows by 4 vectors (8 accumulators); see {@link #microKernel}. */
    private static void kernel2x4(
            int kc,
            float[] a,
            int ao,
            int ars,
            int acs,
            float[] b,
            int bo,
            int bs,
            float[] c,
            int co,
            int ldc,
            boolean load) {
        FloatVector c00, c01, c02, c03;
        FloatVector c10, c11, c12, c13;
        if (load) {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L);
            c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c10 = FloatVector.fromArray(S, c, co + ldc);
            c11 = FloatVector.fromArray(S, c, co + ldc + L);
            c12 = FloatVector.fromArray(S, c, co + ldc + 2 * L);
            c13 = FloatVector.fromArray(S, c, co + ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = FloatVector.zero(S);
            c10 = c11 = c12 = c13 = FloatVector.zero(S);
        }
        for (int p = 0; p < kc; p++, ao += acs, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + ars]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c12.intoArray(c, co + ldc + 2 * L);
        c13.intoArray(c, co + ldc + 3 * L);
    }

    /** One row by 4 vectors; see {@link #microKernel}. */
    private static void kernel1x4(
            int kc, float[] a, int ao, int acs, float[] b, int bo, int bs, float[] c, int co, boolean load) {
        FloatVector c00, c01, c02, c03;
        if (load) {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L);
            c03 = FloatVector.fromArray(S, c, co + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = FloatVector.zero(S);
        }
        for (int p = 0; p < kc; p++, ao += acs, bo += bs) {
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(FloatVector.fromArray(S, b, bo), c00);
            c01 = a0.fma(FloatVector.fromArray(S, b, bo + L), c01);
            c02 = a0.fma(FloatVector.fromArray(S, b, bo + 2 * L), c02);
            c03 = a0.fma(FloatVector.fromArray(S, b, bo + 3 * L), c03);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
    }

    // ---------------------------------------------------------------------------------------------
    // Direct path

    /**
     * C (m x n at c[cOff], row step ldc) = op(A) op(B) without copying: op(A)(i, p) at
     * a[aOff + i ars + p acs], op(B)(p, j) at b[bOff + p brs + j] (rows of op(B) contiguous). Columns go
     * in chunks of two vectors, then one; fewer than L columns go one at a time with scalar fma. (One
     * vector species only: mixing shapes pollutes the Vector API's type profiles and C2 then stops
     * intrinsifying, a tenfold slowdown on JDK 17.)
     */
    private static void direct(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            float[] c,
            int cOff,
            int ldc) {
        if (m < 4) {
            for (int i = 0; i < m; i++) {
                directRow(n, k, a, aOff + i * ars, acs, b, bOff, brs, c, cOff + i * ldc);
            }
            return;
        }
        if (n < L) {
            for (int j = 0; j < n; j++) {
                directColumns(SCALAR, m, k, a, aOff, ars, acs, b, bOff + j, brs, c, cOff + j, ldc);
            }
            return;
        }
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            directColumns(TWO_VECTORS, m, k, a, aOff, ars, acs, b, bOff + j, brs, c, cOff + j, ldc);
        }
        for (; j < n; j += L) {
            // The last chunk ends at column n, overlapping its neighbour when n is not a multiple of L:
            // the overlapped columns get the same chains again, so the same values.
            int from = Math.min(j, n - L);
            directColumns(ONE_VECTOR, m, k, a, aOff, ars, acs, b, bOff + from, brs, c, cOff + from, ldc);
        }
    }

    /**
     * Fewer columns than a vector (an output layer of 10 classes): op(B) is copied into a zero-padded k x L
     * block and four rows at a time run as full vectors. When C's rows are contiguous (ldc == n) a row's
     * vector is stored whole: its spill past column n lands in the following rows, which are stored after
     * it, so every group whose spill stays within this call's rows writes C directly; the last rows (and every row of a strided C) go through a
     * padded block whose first n columns are copied out. Every kept element is the same fma chain the
     * scalar column loop computes (the padding only adds columns), at vector speed. No row outside this
     * call's rows is ever written, so threads never meet.
     */
    private static void narrow(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int ldc,
            Workspace w) {
        float[] bp = w.bt(k * L);
        // One fill of the whole block, then the columns (a fill call per row of padding cost as much as the
        // multiply on a convolution's 784 x 6 kernel gradient, measured).
        java.util.Arrays.fill(bp, 0, k * L, 0f);
        for (int j = 0; j < n; j++) {
            int src = bOff + j * bcs;
            for (int p = 0; p < k; p++) {
                bp[p * L + j] = b[src + p * brs];
            }
        }
        int i = 0;
        if (ldc == n) {
            // A group's last row spills L - n elements: they must land in rows of this call stored later.
            // Eight rows at a time first (eight independent chains; see directColumns).
            for (; (long) (i + 7) * n + L <= (long) m * n; i += 8) {
                directOneTall(k, a, aOff + i * ars, ars, acs, bp, 0, L, c, cOff + i * ldc, ldc);
            }
            for (; (long) (i + 3) * n + L <= (long) m * n; i += 4) {
                int ci = cOff + i * ldc;
                int ai = aOff + i * ars;
                directOne(
                        k,
                        a,
                        ai,
                        ai + ars,
                        ai + 2 * ars,
                        ai + 3 * ars,
                        acs,
                        bp,
                        0,
                        L,
                        c,
                        ci,
                        ci + ldc,
                        ci + 2 * ldc,
                        ci + 3 * ldc);
            }
        }
        int rest = m - i;
        float[] cp = w.narrowC(rest * L);
        directColumns(ONE_VECTOR, rest, k, a, aOff + i * ars, ars, acs, bp, 0, L, cp, 0, L);
        for (int r = 0; r < rest; r++) {
            System.arraycopy(cp, r * L, c, cOff + (i + r) * ldc, n);
        }
    }

    /** One row of C (a vector times a matrix): no rows to share loads of B with, so wider chunks. */
    private static void directRow(
            int n, int k, float[] a, int ao, int acs, float[] b, int bo, int brs, float[] c, int co) {
        if (n < L) {
            for (int j = 0; j < n; j += 2) {
                int j1 = Math.min(j + 1, n - 1);
                rowScalar(k, a, ao, acs, b, bo + j, bo + j1, brs, c, co + j, co + j1);
            }
            return;
        }
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            rowFour(k, a, ao, acs, b, bo + j, brs, c, co + j);
        }
        for (; j < n; j += L) {
            int from = Math.min(j, n - L);
            rowOne(k, a, ao, acs, b, bo + from, brs, c, co + from);
        }
    }

    private static final int TWO_VECTORS = 0;
    private static final int ONE_VECTOR = 1;
    private static final int SCALAR = 2;

    /**
     * One chunk of columns of C, four rows at a time. Past the last row the row indices repeat it: the
     * repeated chains are the same chains, so they compute and store the same values.
     */
    private static void directColumns(
            int width,
            int m,
            int k,
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bo,
            int brs,
            float[] c,
            int co,
            int ldc) {
        int last = m - 1;
        int i = 0;
        if (width == ONE_VECTOR) {
            // Eight rows at a time where they fit: eight independent chains instead of four, so the fused
            // multiply-adds do not wait on each other's latency (a narrow C, such as a convolution's kernel
            // gradient with its few output channels, has nothing else to overlap them with).
            for (; i + 8 <= m; i += 8) {
                directOneTall(k, a, aOff + i * ars, ars, acs, b, bo, brs, c, co + i * ldc, ldc);
            }
        }
        for (; i < m; i += 4) {
            int i1 = Math.min(i + 1, last);
            int i2 = Math.min(i + 2, last);
            int i3 = Math.min(i + 3, last);
            int a0 = aOff + i * ars;
            int a1 = aOff + i1 * ars;
            int a2 = aOff + i2 * ars;
            int a3 = aOff + i3 * ars;
            int c0 = co + i * ldc;
            int c1 = co + i1 * ldc;
            int c2 = co + i2 * ldc;
            int c3 = co + i3 * ldc;
            switch (width) {
                case TWO_VECTORS -> directTwo(k, a, a0, a1, a2, a3, acs, b, bo, brs, c, c0, c1, c2, c3);
                case ONE_VECTOR -> directOne(k, a, a0, a1, a2, a3, acs, b, bo, brs, c, c0, c1, c2, c3);
                default -> directScalar(k, a, a0, a1, a2, a3, acs, b, bo, brs, c, c0, c1, c2, c3);
            }
        }
    }

    /** Four rows of C by two full vectors. */
    private static void directTwo(
            int k,
            float[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int acs,
            float[] b,
            int bo,
            int brs,
            float[] c,
            int c0,
            int c1,
            int c2,
            int c3) {
        FloatVector x00 = FloatVector.zero(S);
        FloatVector x01 = x00, x10 = x00, x11 = x00, x20 = x00, x21 = x00, x30 = x00, x31 = x00;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            FloatVector v0 = FloatVector.fromArray(S, b, bo);
            FloatVector v1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector s0 = FloatVector.broadcast(S, a[a0 + ap]);
            x00 = s0.fma(v0, x00);
            x01 = s0.fma(v1, x01);
            FloatVector s1 = FloatVector.broadcast(S, a[a1 + ap]);
            x10 = s1.fma(v0, x10);
            x11 = s1.fma(v1, x11);
            FloatVector s2 = FloatVector.broadcast(S, a[a2 + ap]);
            x20 = s2.fma(v0, x20);
            x21 = s2.fma(v1, x21);
            FloatVector s3 = FloatVector.broadcast(S, a[a3 + ap]);
            x30 = s3.fma(v0, x30);
            x31 = s3.fma(v1, x31);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
    }

    /** Eight rows of C (from row a0 of A, row c0 of C) by one full vector: as {@link #directOne}, twice as tall. */
    private static void directOneTall(
            int k, float[] a, int a0, int ars, int acs, float[] b, int bo, int brs, float[] c, int c0, int ldc) {
        FloatVector x0 = FloatVector.zero(S);
        FloatVector x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0;
        int r1 = a0 + ars;
        int r2 = r1 + ars;
        int r3 = r2 + ars;
        int r4 = r3 + ars;
        int r5 = r4 + ars;
        int r6 = r5 + ars;
        int r7 = r6 + ars;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            FloatVector v = FloatVector.fromArray(S, b, bo);
            x0 = FloatVector.broadcast(S, a[a0 + ap]).fma(v, x0);
            x1 = FloatVector.broadcast(S, a[r1 + ap]).fma(v, x1);
            x2 = FloatVector.broadcast(S, a[r2 + ap]).fma(v, x2);
            x3 = FloatVector.broadcast(S, a[r3 + ap]).fma(v, x3);
            x4 = FloatVector.broadcast(S, a[r4 + ap]).fma(v, x4);
            x5 = FloatVector.broadcast(S, a[r5 + ap]).fma(v, x5);
            x6 = FloatVector.broadcast(S, a[r6 + ap]).fma(v, x6);
            x7 = FloatVector.broadcast(S, a[r7 + ap]).fma(v, x7);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + ldc);
        x2.intoArray(c, c0 + 2 * ldc);
        x3.intoArray(c, c0 + 3 * ldc);
        x4.intoArray(c, c0 + 4 * ldc);
        x5.intoArray(c, c0 + 5 * ldc);
        x6.intoArray(c, c0 + 6 * ldc);
        x7.intoArray(c, c0 + 7 * ldc);
    }

    /** Four rows of C by one full vector. */
    private static void directOne(
            int k,
            float[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int acs,
            float[] b,
            int bo,
            int brs,
            float[] c,
            int c0,
            int c1,
            int c2,
            int c3) {
        FloatVector x00 = FloatVector.zero(S);
        FloatVector x10 = x00, x20 = x00, x30 = x00;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            FloatVector v0 = FloatVector.fromArray(S, b, bo);
            FloatVector s0 = FloatVector.broadcast(S, a[a0 + ap]);
            x00 = s0.fma(v0, x00);
            FloatVector s1 = FloatVector.broadcast(S, a[a1 + ap]);
            x10 = s1.fma(v0, x10);
            FloatVector s2 = FloatVector.broadcast(S, a[a2 + ap]);
            x20 = s2.fma(v0, x20);
            FloatVector s3 = FloatVector.broadcast(S, a[a3 + ap]);
            x30 = s3.fma(v0, x30);
        }
        x00.intoArray(c, c0);
        x10.intoArray(c, c1);
        x20.intoArray(c, c2);
        x30.intoArray(c, c3);
    }

    /** Four rows of C by one column, with scalar {@link Math#fma}. */
    private static void directScalar(
            int k,
            float[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int acs,
            float[] b,
            int bo,
            int brs,
            float[] c,
            int c0,
            int c1,
            int c2,
            int c3) {
        float x00 = 0, x10 = 0, x20 = 0, x30 = 0;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            float v0 = b[bo];
            x00 = Math.fma(a[a0 + ap], v0, x00);
            x10 = Math.fma(a[a1 + ap], v0, x10);
            x20 = Math.fma(a[a2 + ap], v0, x20);
            x30 = Math.fma(a[a3 + ap], v0, x30);
        }
        c[c0] = x00;
        c[c1] = x10;
        c[c2] = x20;
        c[c3] = x30;
    }

    /** One row of C by four full vectors. */
    private static void rowFour(int k, float[] a, int ao, int acs, float[] b, int bo, int brs, float[] c, int co) {
        FloatVector x0 = FloatVector.zero(S);
        FloatVector x1 = x0, x2 = x0, x3 = x0;
        for (int p = 0; p < k; p++, ao += acs, bo += brs) {
            FloatVector s = FloatVector.broadcast(S, a[ao]);
            x0 = s.fma(FloatVector.fromArray(S, b, bo), x0);
            x1 = s.fma(FloatVector.fromArray(S, b, bo + L), x1);
            x2 = s.fma(FloatVector.fromArray(S, b, bo + 2 * L), x2);
            x3 = s.fma(FloatVector.fromArray(S, b, bo + 3 * L), x3);
        }
        x0.intoArray(c, co);
        x1.intoArray(c, co + L);
        x2.intoArray(c, co + 2 * L);
        x3.intoArray(c, co + 3 * L);
    }

    /** One row of C by one full vector. */
    private static void rowOne(int k, float[] a, int ao, int acs, float[] b, int bo, int brs, float[] c, int co) {
        FloatVector x0 = FloatVector.zero(S);
        for (int p = 0; p < k; p++, ao += acs, bo += brs) {
            FloatVector s = FloatVector.broadcast(S, a[ao]);
            x0 = s.fma(FloatVector.fromArray(S, b, bo), x0);
        }
        x0.intoArray(c, co);
    }

    /** One row of C by two columns (equal when only one is left), with scalar {@link Math#fma}. */
    private static void rowScalar(
            int k, float[] a, int ao, int acs, float[] b, int b0, int b1, int brs, float[] c, int c0, int c1) {
        float x0 = 0;
        float x1 = 0;
        for (int p = 0; p < k; p++, ao += acs, b0 += brs, b1 += brs) {
            float s = a[ao];
            x0 = Math.fma(s, b[b0], x0);
            x1 = Math.fma(s, b[b1], x1);
        }
        c[c0] = x0;
        c[c1] = x1;
    }

    // ---------------------------------------------------------------------------------------------
    // Scratch space

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }

    /** One thread's packing buffers; they only grow. */
    private static final class Workspace {
        final float[] ct = new float[MR * NR];
        private float[] ap = new float[0];
        private float[] bp = new float[0];
        private float[] bt = new float[0];
        private float[] narrowC = new float[0];

        float[] narrowC(int size) {
            if (narrowC.length < size) {
                narrowC = new float[size];
            }
            return narrowC;
        }

        float[] ap(int size) {
            if (ap.length < size) {
                ap = new float[size];
            }
            return ap;
        }

        float[] bp(int size) {
            if (bp.length < size) {
                bp = new float[size];
            }
            return bp;
        }

        float[] bt(int size) {
            if (bt.length < size) {
                bt = new float[size];
            }
            return bt;
        }
    }
}
