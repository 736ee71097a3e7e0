package org.learnbench.matrix;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multiply kernel on the Java Vector API ({@code jdk.incubator.vector}): register-tiled and
 * cache-blocked, packing operands where reading them in place would be slower. Only {@link GemmKernels} refers to this class, and only after checking that the module is
 * in the boot layer, so a JVM started without {@code --add-modules jdk.incubator.vector} never loads it.
 *
 * <p>Every element of C is computed by the same chain, whichever path below computes it: {@code c = +0.0},
 * then {@code c = fma(a_ip, b_pj, c)} for p = 0, 1, ..., k - 1 in increasing order, rounded once per step
 * exactly as {@link Math#fma} does. The two paths, the tile an element falls in, the block sizes, the
 * vector width and the thread that computes it change which lane or register holds the chain, never its
 * steps; so the result is the same bits for any thread count, any view offset and any split of C.
 *
 * <ul>
 *   <li>The tiled path (large operands) follows the GotoBLAS/BLIS scheme: a kc x nc panel of op(B) is
 *       copied into contiguous NR-column micro-panels (sized for the L3 cache), an mc x kc block of op(A)
 *       into MR-row micro-panels (L2), and a micro-kernel keeps an MR x NR tile of C in vector registers
 *       while it sweeps kc, broadcasting one element of A against NR/L vectors of B per step. Partial
 *       tiles run the same micro-kernel on zero-padded panels through a scratch tile, or, when only rows
 *       are missing, kernels of two rows and one. A block of whole tile columns whose operands span
 *       little memory skips the copies: the micro-kernel reads op(A) and (when its rows are contiguous)
 *       op(B) where they are, with their own strides ({@link #IN_PLACE_MAX_SPAN}). A tile's chains are
 *       stored to C between kc blocks and loaded back, which does not round.
 *   <li>The direct path (small operands, where copying costs more than it saves) reads A in place and
 *       B by rows, four rows of C at a time (one for fewer than four rows), two or one vectors of
 *       columns at a time, and scalar {@link Math#fma} when C is narrower than a vector.
 * </ul>
 *
 * <p>Scratch buffers are per thread ({@link ThreadLocal}), grow to the largest block seen and are then
 * reused, so repeated multiplies allocate nothing.
 */
final class VectorGemm implements GemmKernel {
    /** The widest vector the platform prefers: 8 doubles with AVX-512, 4 with AVX2. */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private static final int L = S.length();
    /** With 32 vector registers (AVX-512) the tile is 6 x 4 vectors (24 accumulators), else 4 x 3 (12). */
    private static final boolean WIDE = L >= 8;
    /** Rows of the register tile. */
    static final int MR = WIDE ? 6 : 4;
    /** Columns of the register tile: whole vectors. */
    static final int NR = (WIDE ? 4 : 3) * L;
    /**
     * Depth of a block of the inner dimension. Longer sweeps amortise loading and storing the C tile; an
     * MR x KC micro-panel of A (24 KiB) stays in L1 and a KC x NR micro-panel of B (128 KiB) in L2.
     * Measured on Zen 5: 512 beats 256 and 384 by 2-4% at n = 1024, and ties them at n = 256.
     */
    static final int KC = 512;
    /** Rows of a block of A: MC x KC (192 KiB) stays in the 1 MiB L2 while the B panel streams past. */
    static final int MC = 48;
    /** Columns of a panel of B: KC x NC (16 MiB at most) is meant for the shared L3. */
    static final int NC = 4096;

    /*
     * When the tiled path pays: the direct path keeps up with it while a column chunk of B (k x 16) stays
     * in L1 and A in L2, and wins outright when C is narrow, where tiles are half empty. It falls behind
     * when k is long or A is large, and sooner when an operand is transposed: the direct path then reads A
     * down its columns or copies B transposed first. The thresholds below were set from the measurements
     * in modules/bench/README.md.
     */
    /** Fewest columns of C for which the tiled path runs. */
    static final int PACKED_MIN_COLS = 64;
    /** Fewest rows of C, and fewest inner-dimension steps, for which the tiled path runs. */
    static final int PACKED_MIN_ROWS_AND_DEPTH = 16;
    /** Above this depth, or this many elements of A, the tiled path runs (when C is big enough). */
    static final int DIRECT_MAX_DEPTH = 128;

    static final int DIRECT_MAX_A_ELEMENTS = 32 * 1024;
    /** As {@link #DIRECT_MAX_A_ELEMENTS} when A or B is transposed. */
    static final int DIRECT_MAX_A_ELEMENTS_TRANSPOSED = 8 * 1024;

    /*
     * When the tiled path reads an operand in place instead of packing it: when the block has whole tiles
     * of columns (no tile needs zero padding; partial rows run the row kernels, which read only their own
     * rows), B's rows are contiguous (not transposed), and the block spans at most IN_PLACE_MAX_SPAN
     * elements of its array, so that its rows neither thrash the L2 by mapping to few sets (a large
     * power-of-two row stride) nor miss the TLB. Batch-128 training multiplies, where a packed element is
     * used by only 128 / MR tiles, gain most, since packing there is a noticeable share of the multiply.
     */
    /** Most elements an operand block read in place may span in its array (1 MiB, the L2). */
    static final int IN_PLACE_MAX_SPAN = 128 * 1024;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * True when an m x n block of C over depth k goes the tiled path rather than the direct one
     * ({@code transposed}: A or B is).
     */
    static boolean packs(int m, int n, int k, boolean transposed) {
        return n >= PACKED_MIN_COLS
                && m >= PACKED_MIN_ROWS_AND_DEPTH
                && k >= PACKED_MIN_ROWS_AND_DEPTH
                && (k > DIRECT_MAX_DEPTH
                        || (long) m * k > (transposed ? DIRECT_MAX_A_ELEMENTS_TRANSPOSED : DIRECT_MAX_A_ELEMENTS));
    }

    /** True when this kernel beats the scalar one: whole vectors of at least 4 doubles. */
    static boolean worthUsing() {
        return L >= 4;
    }

    @Override
    public void multiply(
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
        if (packs(m, n, k, transA || transB)) {
            packed(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, co, ldc, WORKSPACE.get());
            return;
        }
        if (n < L && m >= 4) {
            narrow(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, co, ldc, WORKSPACE.get());
            return;
        }
        double[] bd = b;
        if (bcs != 1) {
            // The direct path reads rows of op(B): copy the transposed block once, row-major.
            double[] bt = WORKSPACE.get().bt(k * n);
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
            double[] a,
            int aOff,
            int ars,
            int acs,
            double[] b,
            int bOff,
            int brs,
            int bcs,
            double[] c,
            int cOff,
            int ldc,
            Workspace w) {
        // Equal blocks (rather than full blocks and a runt) keep every sweep long.
        int kcStep = ceilDiv(k, ceilDiv(k, KC));
        int mcStep = roundUp(ceilDiv(m, ceilDiv(m, MC)), MR);
        int ncStep = roundUp(ceilDiv(n, ceilDiv(n, NC)), NR);
        double[] ap = w.ap(mcStep * kcStep);
        double[] bp = w.bp(ncStep * kcStep);
        double[] ct = w.ct;
        for (int jc = 0; jc < n; jc += ncStep) {
            int nc = Math.min(ncStep, n - jc);
            // Whole tiles of columns: the micro-kernel can read the operands where they are (no edge tile
            // needs zero padding, and partial rows run the row kernels, which read only their rows).
            boolean fullColumns = WIDE && nc % NR == 0;
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                boolean inPlaceB = fullColumns && bcs == 1 && (long) (kc - 1) * brs + nc <= IN_PLACE_MAX_SPAN;
                boolean load = pc > 0;
                double[] bk;
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
                    double[] ak;
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
                        int bo = bk == bp ? bo0 + jr * kc : bo0 + jr;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ao = ak == ap ? ao0 + ir * kc : ao0 + ir * rs;
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
            double[] a,
            int ao,
            int ars,
            int acs,
            double[] b,
            int bo,
            int bs,
            double[] c,
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
            double[] ap,
            int ao,
            double[] bp,
            int bo,
            double[] c,
            int co,
            int ldc,
            int mr,
            int nr,
            boolean load,
            double[] ct) {
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
    private static void packA(double[] a, int off, int rs, int cs, int mc, int kc, double[] ap) {
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
    private static void packB(double[] b, int off, int rs, int cs, int kc, int nc, double[] bp) {
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
                    java.util.Arrays.fill(bp, dst + p * NR + nr, dst + (p + 1) * NR, 0.0);
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
            double[] ap,
            int ao,
            int ars,
            int acs,
            double[] bp,
            int bo,
            int bs,
            double[] c,
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
            double[] ap,
            int ao,
            int ars,
            int acs,
            double[] bp,
            int bo,
            int bs,
            double[] c,
            int co,
            int ldc,
            boolean load) {
        DoubleVector c00, c01, c02, c03;
        DoubleVector c10, c11, c12, c13;
        DoubleVector c20, c21, c22, c23;
        DoubleVector c30, c31, c32, c33;
        DoubleVector c40, c41, c42, c43;
        DoubleVector c50, c51, c52, c53;
        if (load) {
            c00 = DoubleVector.fromArray(S, c, co);
            c01 = DoubleVector.fromArray(S, c, co + L);
            c02 = DoubleVector.fromArray(S, c, co + 2 * L);
            c03 = DoubleVector.fromArray(S, c, co + 3 * L);
            c10 = DoubleVector.fromArray(S, c, co + ldc);
            c11 = DoubleVector.fromArray(S, c, co + ldc + L);
            c12 = DoubleVector.fromArray(S, c, co + ldc + 2 * L);
            c13 = DoubleVector.fromArray(S, c, co + ldc + 3 * L);
            c20 = DoubleVector.fromArray(S, c, co + 2 * ldc);
            c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
            c22 = DoubleVector.fromArray(S, c, co + 2 * ldc + 2 * L);
            c23 = DoubleVector.fromArray(S, c, co + 2 * ldc + 3 * L);
            c30 = DoubleVector.fromArray(S, c, co + 3 * ldc);
            c31 = DoubleVector.fromArray(S, c, co + 3 * ldc + L);
            c32 = DoubleVector.fromArray(S, c, co + 3 * ldc + 2 * L);
            c33 = DoubleVector.fromArray(S, c, co + 3 * ldc + 3 * L);
            c40 = DoubleVector.fromArray(S, c, co + 4 * ldc);
            c41 = DoubleVector.fromArray(S, c, co + 4 * ldc + L);
            c42 = DoubleVector.fromArray(S, c, co + 4 * ldc + 2 * L);
            c43 = DoubleVector.fromArray(S, c, co + 4 * ldc + 3 * L);
            c50 = DoubleVector.fromArray(S, c, co + 5 * ldc);
            c51 = DoubleVector.fromArray(S, c, co + 5 * ldc + L);
            c52 = DoubleVector.fromArray(S, c, co + 5 * ldc + 2 * L);
            c53 = DoubleVector.fromArray(S, c, co + 5 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = DoubleVector.zero(S);
            c10 = c11 = c12 = c13 = DoubleVector.zero(S);
            c20 = c21 = c22 = c23 = DoubleVector.zero(S);
            c30 = c31 = c32 = c33 = DoubleVector.zero(S);
            c40 = c41 = c42 = c43 = DoubleVector.zero(S);
            c50 = c51 = c52 = c53 = DoubleVector.zero(S);
        }
        int a1r = ars, a2r = 2 * ars, a3r = 3 * ars, a4r = 4 * ars, a5r = 5 * ars;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * acs;
            int bi = bo + p * bs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, bp, bi + 3 * L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + a1r]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + a2r]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + a3r]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
            DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + a4r]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            c43 = a4.fma(b3, c43);
            DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + a5r]);
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
            double[] ap,
            int ao,
            int ars,
            int acs,
            double[] bp,
            int bo,
            int bs,
            double[] c,
            int co,
            int ldc,
            boolean load) {
        DoubleVector c00, c01, c02;
        DoubleVector c10, c11, c12;
        DoubleVector c20, c21, c22;
        DoubleVector c30, c31, c32;
        if (load) {
            c00 = DoubleVector.fromArray(S, c, co);
            c01 = DoubleVector.fromArray(S, c, co + L);
            c02 = DoubleVector.fromArray(S, c, co + 2 * L);
            c10 = DoubleVector.fromArray(S, c, co + ldc);
            c11 = DoubleVector.fromArray(S, c, co + ldc + L);
            c12 = DoubleVector.fromArray(S, c, co + ldc + 2 * L);
            c20 = DoubleVector.fromArray(S, c, co + 2 * ldc);
            c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
            c22 = DoubleVector.fromArray(S, c, co + 2 * ldc + 2 * L);
            c30 = DoubleVector.fromArray(S, c, co + 3 * ldc);
            c31 = DoubleVector.fromArray(S, c, co + 3 * ldc + L);
            c32 = DoubleVector.fromArray(S, c, co + 3 * ldc + 2 * L);
        } else {
            c00 = c01 = c02 = DoubleVector.zero(S);
            c10 = c11 = c12 = DoubleVector.zero(S);
            c20 = c21 = c22 = DoubleVector.zero(S);
            c30 = c31 = c32 = DoubleVector.zero(S);
        }
        int a1r = ars, a2r = 2 * ars, a3r = 3 * ars;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * acs;
            int bi = bo + p * bs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + a1r]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + a2r]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + a3r]);
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
            double[] a,
            int ao,
            int ars,
            int acs,
            double[] b,
            int bo,
            int bs,
            double[] c,
            int co,
            int ldc,
            boolean load) {
        DoubleVector c00, c01, c02, c03;
        DoubleVector c10, c11, c12, c13;
        if (load) {
            c00 = DoubleVector.fromArray(S, c, co);
            c01 = DoubleVector.fromArray(S, c, co + L);
            c02 = DoubleVector.fromArray(S, c, co + 2 * L);
            c03 = DoubleVector.fromArray(S, c, co + 3 * L);
            c10 = DoubleVector.fromArray(S, c, co + ldc);
            c11 = DoubleVector.fromArray(S, c, co + ldc + L);
            c12 = DoubleVector.fromArray(S, c, co + ldc + 2 * L);
            c13 = DoubleVector.fromArray(S, c, co + ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = DoubleVector.zero(S);
            c10 = c11 = c12 = c13 = DoubleVector.zero(S);
        }
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * acs;
            int bi = bo + p * bs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bi + 3 * L);
            DoubleVector a0 = DoubleVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            DoubleVector a1 = DoubleVector.broadcast(S, a[ai + ars]);
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
            int kc, double[] a, int ao, int acs, double[] b, int bo, int bs, double[] c, int co, boolean load) {
        DoubleVector c00, c01, c02, c03;
        if (load) {
            c00 = DoubleVector.fromArray(S, c, co);
            c01 = DoubleVector.fromArray(S, c, co + L);
            c02 = DoubleVector.fromArray(S, c, co + 2 * L);
            c03 = DoubleVector.fromArray(S, c, co + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = DoubleVector.zero(S);
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * bs;
            DoubleVector a0 = DoubleVector.broadcast(S, a[ao + p * acs]);
            c00 = a0.fma(DoubleVector.fromArray(S, b, bi), c00);
            c01 = a0.fma(DoubleVector.fromArray(S, b, bi + L), c01);
            c02 = a0.fma(DoubleVector.fromArray(S, b, bi + 2 * L), c02);
            c03 = a0.fma(DoubleVector.fromArray(S, b, bi + 3 * L), c03);
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
            double[] a,
            int aOff,
            int ars,
            int acs,
            double[] b,
            int bOff,
            int brs,
            double[] c,
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
     * Fewer columns than a vector (an output layer of 10 classes; a convolution's 6-filter kernel gradient): op(B) is copied into a zero-padded k x L
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
            double[] a,
            int aOff,
            int ars,
            int acs,
            double[] b,
            int bOff,
            int brs,
            int bcs,
            double[] c,
            int cOff,
            int ldc,
            Workspace w) {
        double[] bp = w.bt(k * L);
        // One fill of the whole block, then the columns (a fill call per row of padding cost as much as the
        // multiply on a convolution's 784 x 6 kernel gradient, measured).
        java.util.Arrays.fill(bp, 0, k * L, 0.0);
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
        double[] cp = w.narrowC(rest * L);
        directColumns(ONE_VECTOR, rest, k, a, aOff + i * ars, ars, acs, bp, 0, L, cp, 0, L);
        for (int r = 0; r < rest; r++) {
            System.arraycopy(cp, r * L, c, cOff + (i + r) * ldc, n);
        }
    }

    /** One row of C (a vector times a matrix): no rows to share loads of B with, so wider chunks. */
    private static void directRow(
            int n, int k, double[] a, int ao, int acs, double[] b, int bo, int brs, double[] c, int co) {
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
            double[] a,
            int aOff,
            int ars,
            int acs,
            double[] b,
            int bo,
            int brs,
            double[] c,
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
            double[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int acs,
            double[] b,
            int bo,
            int brs,
            double[] c,
            int c0,
            int c1,
            int c2,
            int c3) {
        DoubleVector x00 = DoubleVector.zero(S);
        DoubleVector x01 = x00, x10 = x00, x11 = x00, x20 = x00, x21 = x00, x30 = x00, x31 = x00;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            DoubleVector v0 = DoubleVector.fromArray(S, b, bo);
            DoubleVector v1 = DoubleVector.fromArray(S, b, bo + L);
            DoubleVector s0 = DoubleVector.broadcast(S, a[a0 + ap]);
            x00 = s0.fma(v0, x00);
            x01 = s0.fma(v1, x01);
            DoubleVector s1 = DoubleVector.broadcast(S, a[a1 + ap]);
            x10 = s1.fma(v0, x10);
            x11 = s1.fma(v1, x11);
            DoubleVector s2 = DoubleVector.broadcast(S, a[a2 + ap]);
            x20 = s2.fma(v0, x20);
            x21 = s2.fma(v1, x21);
            DoubleVector s3 = DoubleVector.broadcast(S, a[a3 + ap]);
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
            int k, double[] a, int a0, int ars, int acs, double[] b, int bo, int brs, double[] c, int c0, int ldc) {
        DoubleVector x0 = DoubleVector.zero(S);
        DoubleVector x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0;
        int r1 = a0 + ars;
        int r2 = r1 + ars;
        int r3 = r2 + ars;
        int r4 = r3 + ars;
        int r5 = r4 + ars;
        int r6 = r5 + ars;
        int r7 = r6 + ars;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            DoubleVector v = DoubleVector.fromArray(S, b, bo);
            x0 = DoubleVector.broadcast(S, a[a0 + ap]).fma(v, x0);
            x1 = DoubleVector.broadcast(S, a[r1 + ap]).fma(v, x1);
            x2 = DoubleVector.broadcast(S, a[r2 + ap]).fma(v, x2);
            x3 = DoubleVector.broadcast(S, a[r3 + ap]).fma(v, x3);
            x4 = DoubleVector.broadcast(S, a[r4 + ap]).fma(v, x4);
            x5 = DoubleVector.broadcast(S, a[r5 + ap]).fma(v, x5);
            x6 = DoubleVector.broadcast(S, a[r6 + ap]).fma(v, x6);
            x7 = DoubleVector.broadcast(S, a[r7 + ap]).fma(v, x7);
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
            double[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int acs,
            double[] b,
            int bo,
            int brs,
            double[] c,
            int c0,
            int c1,
            int c2,
            int c3) {
        DoubleVector x00 = DoubleVector.zero(S);
        DoubleVector x10 = x00, x20 = x00, x30 = x00;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            DoubleVector v0 = DoubleVector.fromArray(S, b, bo);
            DoubleVector s0 = DoubleVector.broadcast(S, a[a0 + ap]);
            x00 = s0.fma(v0, x00);
            DoubleVector s1 = DoubleVector.broadcast(S, a[a1 + ap]);
            x10 = s1.fma(v0, x10);
            DoubleVector s2 = DoubleVector.broadcast(S, a[a2 + ap]);
            x20 = s2.fma(v0, x20);
            DoubleVector s3 = DoubleVector.broadcast(S, a[a3 + ap]);
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
            double[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            int acs,
            double[] b,
            int bo,
            int brs,
            double[] c,
            int c0,
            int c1,
            int c2,
            int c3) {
        double x00 = 0, x10 = 0, x20 = 0, x30 = 0;
        for (int p = 0, ap = 0; p < k; p++, ap += acs, bo += brs) {
            double v0 = b[bo];
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
    private static void rowFour(int k, double[] a, int ao, int acs, double[] b, int bo, int brs, double[] c, int co) {
        DoubleVector x0 = DoubleVector.zero(S);
        DoubleVector x1 = x0, x2 = x0, x3 = x0;
        for (int p = 0; p < k; p++, ao += acs, bo += brs) {
            DoubleVector s = DoubleVector.broadcast(S, a[ao]);
            x0 = s.fma(DoubleVector.fromArray(S, b, bo), x0);
            x1 = s.fma(DoubleVector.fromArray(S, b, bo + L), x1);
            x2 = s.fma(DoubleVector.fromArray(S, b, bo + 2 * L), x2);
            x3 = s.fma(DoubleVector.fromArray(S, b, bo + 3 * L), x3);
        }
        x0.intoArray(c, co);
        x1.intoArray(c, co + L);
        x2.intoArray(c, co + 2 * L);
        x3.intoArray(c, co + 3 * L);
    }

    /** One row of C by one full vector. */
    private static void rowOne(int k, double[] a, int ao, int acs, double[] b, int bo, int brs, double[] c, int co) {
        DoubleVector x0 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++, ao += acs, bo += brs) {
            DoubleVector s = DoubleVector.broadcast(S, a[ao]);
            x0 = s.fma(DoubleVector.fromArray(S, b, bo), x0);
        }
        x0.intoArray(c, co);
    }

    /** One row of C by two columns (equal when only one is left), with scalar {@link Math#fma}. */
    private static void rowScalar(
            int k, double[] a, int ao, int acs, double[] b, int b0, int b1, int brs, double[] c, int c0, int c1) {
        double x0 = 0;
        double x1 = 0;
        for (int p = 0; p < k; p++, ao += acs, b0 += brs, b1 += brs) {
            double s = a[ao];
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
        final double[] ct = new double[MR * NR];
        private double[] ap = new double[0];
        private double[] bp = new double[0];
        private double[] bt = new double[0];
        private double[] narrowC = new double[0];

        double[] narrowC(int size) {
            if (narrowC.length < size) {
                narrowC = new double[size];
            }
            return narrowC;
        }

        double[] ap(int size) {
            if (ap.length < size) {
                ap = new double[size];
            }
            return ap;
        }

        double[] bp(int size) {
            if (bp.length < size) {
                bp = new double[size];
            }
            return bp;
        }

        double[] bt(int size) {
            if (bt.length < size) {
                bt = new double[size];
            }
            return bt;
        }
    }
}
