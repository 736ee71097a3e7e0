package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.matrix.MatrixOps.Kernel;

/** {@link MatrixOps#sgemm}: accuracy, each kernel's documented chain, thread counts, strides and checks. */
class SingleMultiplyTest {
    private static final int[][] SHAPES = {
        {1, 1, 1},
        // A convolution's per-sample multiplies (LeNet's, m x k x n): kernel gradients with a few output
        // channels (eight rows at a time, then four), patch gradients, and a 6-filter forward pass.
        {150, 100, 16},
        {25, 784, 6},
        {150, 16, 100},
        {6, 25, 784},
        {1, 7, 1},
        {7, 1, 1},
        {1, 300, 1},
        {1, 64, 300},
        {300, 64, 1},
        {3, 5, 2},
        {31, 4, 57},
        {64, 64, 64},
        {65, 257, 3},
        {130, 300, 270},
        {5, 513, 260},
        {128, 64, 10},
        {129, 33, 3},
        {9, 20, 15},
        {257, 129, 20},
        {20, 129, 257},
        {73, 769, 129},
        {16, 129, 128},
        {200, 200, 127},
        {97, 600, 140},
        {16, 16, 16},
        {15, 17, 33},
        // Whole 64-column tiles, read in place: rows past the last 6-row tile (2, 4 and 1 left over), two
        // depth blocks (k > 512), transposed operands just past the direct path's limit, and the row
        // kernels on packed panels (160 columns: two whole tiles and a padded one).
        {128, 200, 128},
        {40, 600, 128},
        {97, 129, 128},
        {130, 128, 192},
        {97, 129, 160}
    };

    /** A stored rows x cols operand with row stride cols + pad, at an offset, in a larger array. */
    private record Stored(float[] data, int off, int ld, int rows, int cols) {
        static Stored random(SplittableRandom rng, int rows, int cols, int off, int pad) {
            int ld = cols + pad;
            float[] data = new float[off + rows * ld + 3];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (rng.nextDouble() * 2 - 1);
            }
            return new Stored(data, off, ld, rows, cols);
        }

        float get(int i, int j) {
            return data[off + i * ld + j];
        }
    }

    private static float opA(Stored a, boolean transA, int i, int p) {
        return transA ? a.get(p, i) : a.get(i, p);
    }

    private static float opB(Stored b, boolean transB, int p, int j) {
        return transB ? b.get(j, p) : b.get(p, j);
    }

    private static MatrixOps ops(Kernel kernel, int threads) {
        assumeTrue(kernel.available(), kernel + " kernel unavailable in this JVM");
        return MatrixOps.withThreads(threads).withKernel(kernel);
    }

    private static float[] multiply(
            MatrixOps ops, boolean transA, boolean transB, int m, int n, int k, Stored a, Stored b) {
        float[] c = new float[m * n];
        ops.sgemm(transA, transB, m, n, k, a.data, a.off, a.ld, b.data, b.off, b.ld, c, 0, n);
        return c;
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void everyVariantIsAccurateAndFollowsItsDocumentedChain(Kernel kernel) {
        SplittableRandom rng = new SplittableRandom(21);
        MatrixOps ops = ops(kernel, 2);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            for (int variant = 0; variant < 4; variant++) {
                boolean transA = (variant & 1) != 0;
                boolean transB = (variant & 2) != 0;
                Stored a = transA ? Stored.random(rng, k, m, 5, 3) : Stored.random(rng, m, k, 5, 3);
                Stored b = transB ? Stored.random(rng, n, k, 2, 1) : Stored.random(rng, k, n, 2, 1);
                float[] c = multiply(ops, transA, transB, m, n, k, a, b);
                String what = kernel + " transA " + transA + " transB " + transB + " " + m + "x" + k + "x" + n;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float chain = 0f;
                        double exact = 0;
                        double magnitude = 0;
                        for (int p = 0; p < k; p++) {
                            float x = opA(a, transA, i, p);
                            float y = opB(b, transB, p, j);
                            chain = kernel == Kernel.VECTOR ? Math.fma(x, y, chain) : chain + x * y;
                            exact += (double) x * y; // products of floats are exact in double
                            magnitude += Math.abs((double) x * y);
                        }
                        float got = c[i * n + j];
                        if (Float.floatToIntBits(got) != Float.floatToIntBits(chain)) {
                            fail(what + ": (" + i + ", " + j + ") is " + got + ", the documented chain gives " + chain);
                        }
                        // k * 2^-23 * sum |a b| (float's unit roundoff is 2^-24), plus the double sum's own error.
                        assertTrue(Math.abs(got - exact) <= k * 0x1p-23 * magnitude + 1e-12 * magnitude, what);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void resultsAreBitIdenticalForOneToSevenThreads(Kernel kernel) {
        SplittableRandom rng = new SplittableRandom(6);
        // {3001, 40, 9}: outputs narrower than a vector, split by rows (each thread stores only its rows).
        int[][] shapes = {{301, 517, 263}, {40, 300, 700}, {700, 70, 20}, {97, 800, 150}, {3001, 40, 9}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            for (int variant = 0; variant < 4; variant++) {
                boolean transA = (variant & 1) != 0;
                boolean transB = (variant & 2) != 0;
                Stored a = transA ? Stored.random(rng, k, m, 0, 0) : Stored.random(rng, m, k, 0, 0);
                Stored b = transB ? Stored.random(rng, n, k, 0, 0) : Stored.random(rng, k, n, 0, 0);
                float[] one = multiply(ops(kernel, 1), transA, transB, m, n, k, a, b);
                for (int threads : new int[] {2, 3, 4, 7}) {
                    assertArrayEquals(
                            one,
                            multiply(ops(kernel, threads), transA, transB, m, n, k, a, b),
                            kernel + " " + m + "x" + k + "x" + n + " variant " + variant + " on " + threads);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void writesOnlyItsOutputRowsAndCountsFlops(Kernel kernel) {
        SplittableRandom rng = new SplittableRandom(2);
        MatrixOps ops = ops(kernel, 2);
        Stored a = Stored.random(rng, 70, 90, 0, 0);
        Stored b = Stored.random(rng, 90, 130, 0, 0);
        float[] expected = multiply(ops, false, false, 70, 130, 90, a, b);
        int ldc = 140;
        float[] c = new float[7 + 69 * ldc + 130 + 4];
        Arrays.fill(c, 42f);
        ops.sgemm(false, false, 70, 130, 90, a.data, 0, 90, b.data, 0, 130, c, 7, ldc);
        for (int i = 0; i < 70; i++) {
            for (int j = 0; j < ldc && 7 + i * ldc + j < c.length; j++) {
                float got = c[7 + i * ldc + j];
                assertEquals(j < 130 ? expected[i * 130 + j] : 42f, got, "(" + i + ", " + j + ")");
            }
        }
        assertEquals(42f, c[0]);
        assertEquals(2 * (2L * 70 * 130 * 90), ops.flops());
        float[] zeros = new float[] {5, 5, 5, 5};
        ops.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, zeros, 0, 2);
        assertArrayEquals(new float[4], zeros);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void narrowOutputsNeverWriteOutsideTheirBlockEvenWithContiguousRows(Kernel kernel) {
        // Outputs narrower than a vector store whole vectors into contiguous rows (ldc == n) and rely on
        // later rows overwriting the spill: nothing before or after C may change, on 1 or 2 threads.
        SplittableRandom rng = new SplittableRandom(17);
        for (int n : new int[] {3, 9, 10}) {
            for (int ldcPad : new int[] {0, 5}) {
                int m = 3001;
                int k = 40;
                int ldc = n + ldcPad;
                Stored a = Stored.random(rng, m, k, 0, 0);
                Stored b = Stored.random(rng, k, n, 0, 0);
                float[] expected = multiply(ops(kernel, 1), false, false, m, n, k, a, b);
                for (int threads : new int[] {1, 2}) {
                    int cOff = 11;
                    float[] c = new float[cOff + (m - 1) * ldc + n + 37];
                    Arrays.fill(c, 42f);
                    ops(kernel, threads).sgemm(false, false, m, n, k, a.data, 0, k, b.data, 0, n, c, cOff, ldc);
                    for (int p = 0; p < c.length; p++) {
                        int i = (p - cOff) / ldc;
                        int j = (p - cOff) % ldc;
                        boolean inside = p >= cOff && i < m && j < n;
                        assertEquals(
                                inside ? expected[i * n + j] : 42f,
                                c[p],
                                kernel + " n " + n + " ldc " + ldc + " threads " + threads + " at " + p);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void rejectsOperandsThatDoNotFitAndOverlappingOutputs(Kernel kernel) {
        MatrixOps ops = ops(kernel, 1);
        float[] x = new float[12];
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> ops.sgemm(false, false, 3, 4, 5, x, 0, 5, new float[20], 0, 4, new float[12], 0, 4));
        assertTrue(e.getMessage().contains("A") && e.getMessage().contains("12"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ops.sgemm(false, false, 2, 2, 2, new float[4], 0, 1, new float[4], 0, 2, new float[4], 0, 2));
        float[] shared = new float[20];
        assertThrows(
                IllegalArgumentException.class,
                () -> ops.sgemm(false, false, 2, 2, 2, shared, 0, 2, new float[4], 0, 2, shared, 2, 2));
        ops.sgemm(false, false, 2, 2, 2, shared, 0, 2, new float[4], 0, 2, shared, 4, 2); // disjoint: fine
    }
}
