package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class MatrixOpsTest {
    private static Matrix random(RandomGenerator rng, int rows, int cols) {
        return Matrix.zeros(rows, cols).fillUniform(rng, -1, 1);
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        MatrixOps ops = MatrixOps.withThreads(1);
        var e = assertThrows(
                IllegalArgumentException.class, () -> ops.mult(Matrix.zeros(3, 4), Matrix.zeros(5, 2), null));
        assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("5x2"), e.getMessage());
        var e2 = assertThrows(
                IllegalArgumentException.class, () -> ops.add(Matrix.zeros(3, 4), Matrix.zeros(4, 3), null));
        assertTrue(e2.getMessage().contains("3x4") && e2.getMessage().contains("4x3"), e2.getMessage());
        var e3 = assertThrows(
                IllegalArgumentException.class,
                () -> ops.mult(Matrix.zeros(3, 4), Matrix.zeros(4, 2), Matrix.zeros(2, 3)));
        assertTrue(e3.getMessage().contains("3x2") && e3.getMessage().contains("2x3"), e3.getMessage());
    }

    @Test
    void multiplyRejectsAnOutputSharingAnInputsStorage() {
        Matrix a = Matrix.zeros(3, 3);
        assertThrows(
                IllegalArgumentException.class, () -> MatrixOps.withThreads(1).mult(a, a.copy(), a));
    }

    @Test
    void countsFlopsOfMultiplyAndElementWiseWork() {
        MatrixOps ops = MatrixOps.withThreads(1);
        ops.mult(Matrix.zeros(3, 4), Matrix.zeros(4, 5), null);
        assertEquals(2L * 3 * 4 * 5, ops.flops());
        ops.add(Matrix.zeros(3, 4), Matrix.zeros(3, 4), null);
        assertEquals(120 + 12, ops.flops());
    }

    @Test
    void elementWiseOperationsMatchTheirDefinitions() {
        RandomGenerator rng = new SplittableRandom(8);
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix a = random(rng, 4, 3);
        Matrix b = random(rng, 4, 3);
        Matrix v = random(rng, 1, 3);
        Matrix sum = ops.add(a, b, null);
        Matrix diff = ops.subtract(a, b, null);
        Matrix prod = ops.elementMult(a, b, null);
        Matrix scaled = ops.scale(2.5, a, null);
        Matrix axpy = ops.addScaled(a, -0.5, b, null);
        Matrix shifted = ops.addRowVector(a, v, null);
        Matrix squared = ops.map(a, x -> x * x, null);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(a.get(i, j) + b.get(i, j), sum.get(i, j));
                assertEquals(a.get(i, j) - b.get(i, j), diff.get(i, j));
                assertEquals(a.get(i, j) * b.get(i, j), prod.get(i, j));
                assertEquals(2.5 * a.get(i, j), scaled.get(i, j));
                assertEquals(a.get(i, j) - 0.5 * b.get(i, j), axpy.get(i, j));
                assertEquals(a.get(i, j) + v.get(0, j), shifted.get(i, j));
                assertEquals(a.get(i, j) * a.get(i, j), squared.get(i, j));
            }
        }
        Matrix inPlace = a.copy();
        ops.scale(3, inPlace, inPlace);
        assertEquals(3 * a.get(2, 1), inPlace.get(2, 1));
    }

    @Test
    void reductionsAndArgmax() {
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix a = Matrix.of(2, 3, 1, 5, 2, -1, -3, -2);
        assertArrayEquals(new double[] {0, 2, 0}, ops.colSums(a, null).toArray());
        assertArrayEquals(new double[] {8, -6}, ops.rowSums(a, null).toArray());
        assertArrayEquals(new int[] {1, 0}, ops.rowArgmax(a));
        assertEquals(2, ops.sum(a));
        assertEquals(1 + 25 + 4 + 1 + 9 + 4, ops.sumOfSquares(a));
        assertArrayEquals(new int[] {0}, ops.rowArgmax(Matrix.of(1, 3, 7, 7, 7)), "first index wins ties");
    }

    @Test
    void softmaxAndLogSumExpStayFiniteForHugeLogits() {
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix z = Matrix.of(2, 3, 1000, 1001, 1002, -1000, -1000, -1000);
        Matrix p = ops.softmaxRows(z, null);
        assertTrue(p.allFinite());
        double e1 = Math.exp(-1), e2 = Math.exp(-2);
        assertEquals(1 / (1 + e1 + e2), p.get(0, 2), 1e-15);
        assertEquals(1.0 / 3, p.get(1, 1), 1e-15);
        Matrix lse = ops.logSumExpRows(z, null);
        assertEquals(1002 + Math.log(1 + e1 + e2), lse.get(0, 0), 1e-12);
        assertEquals(-1000 + Math.log(3), lse.get(1, 0), 1e-12);
        assertEquals(1.0, ops.rowSums(p, null).get(0, 0), 1e-15);
    }

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        double[] flat = new double[10];
        Matrix w = Matrix.wrap(flat, 2, 2, 3);
        w.set(1, 2, 9);
        assertEquals(9, flat[2 + 5]);
        Matrix copy = w.copy();
        copy.set(0, 0, 4);
        assertEquals(0, flat[2]);
        Matrix rows = Matrix.of(3, 2, 1, 2, 3, 4, 5, 6).rows(1, 3);
        assertArrayEquals(new double[] {3, 4, 5, 6}, rows.toArray());
        assertThrows(IllegalArgumentException.class, () -> Matrix.wrap(flat, 5, 2, 3));
    }

    @Test
    void gatherRowsCopiesTheNamedRowsInOrder() {
        Matrix a = Matrix.of(3, 2, 1, 2, 3, 4, 5, 6);
        Matrix out = a.gatherRows(new int[] {9, 2, 0, 1}, 1, 3, Matrix.zeros(2, 2));
        assertArrayEquals(new double[] {5, 6, 1, 2}, out.toArray());
    }

    @Test
    void seededFillsAreReproducibleAndHaveTheRequestedMoments() {
        Matrix u1 = Matrix.zeros(200, 100).fillUniform(new SplittableRandom(1), -2, 4);
        Matrix u2 = Matrix.zeros(200, 100).fillUniform(new SplittableRandom(1), -2, 4);
        assertTrue(u1.contentEquals(u2));
        MatrixOps ops = MatrixOps.withThreads(1);
        assertEquals(1.0, ops.sum(u1) / u1.size(), 0.05); // mean of U(-2,4) is 1, sd of the mean ~0.017
        Matrix g = Matrix.zeros(200, 100).fillGaussian(new SplittableRandom(2), 3, 0.5);
        double mean = ops.sum(g) / g.size();
        double var = ops.sumOfSquares(g) / g.size() - mean * mean;
        assertEquals(3, mean, 0.02); // sd of the mean is 0.0035
        assertEquals(0.25, var, 0.01);
    }

    @Test
    void forRangesCoversEveryIndexOnceInAtMostOneRangePerThread() {
        for (int threads : new int[] {1, 2, 3}) {
            MatrixOps ops = MatrixOps.withThreads(threads);
            for (int n : new int[] {0, 1, 7, 8, 64, 129}) {
                int[] hits = new int[n];
                java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                ops.forRanges(n, 4, (from, to) -> {
                    calls.incrementAndGet();
                    assertTrue(from < to && to - from >= Math.min(n, 4), "range " + from + ".." + to + " of " + n);
                    for (int i = from; i < to; i++) {
                        synchronized (hits) {
                            hits[i]++;
                        }
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits[i], "index " + i + " of " + n + " on " + threads + " threads");
                }
                int expected = n == 0 ? 0 : Math.max(1, Math.min(threads, n / 4));
                assertEquals(expected, calls.get(), n + " indices on " + threads + " threads");
            }
        }
    }

    @Test
    void dgemmOnStridedBlocksGivesTheBitsOfTheMatrixMultiply() {
        // A 5 x 7 block of A inside a 9-column array, B^T 6 x 7 inside an 8-column array, C 5 x 6 inside 10 columns.
        RandomGenerator rng = new SplittableRandom(12);
        Matrix a = random(rng, 5, 7);
        Matrix bt = random(rng, 6, 7);
        double[] ad = new double[3 + 5 * 9];
        double[] bd = new double[1 + 6 * 8];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(a.data(), i * 7, ad, 3 + i * 9, 7);
        }
        for (int j = 0; j < 6; j++) {
            System.arraycopy(bt.data(), j * 7, bd, 1 + j * 8, 7);
        }
        double[] cd = new double[2 + 5 * 10];
        java.util.Arrays.fill(cd, 42);
        MatrixOps ops = MatrixOps.withThreads(1);
        ops.dgemm(false, true, 5, 6, 7, ad, 3, 9, bd, 1, 8, cd, 2, 10);
        Matrix expected = ops.multTransB(a, bt, null);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(expected.get(i, j), cd[2 + i * 10 + j], "element " + i + "," + j);
            }
            for (int j = 6; j < 10 && 2 + i * 10 + j < cd.length; j++) {
                assertEquals(42, cd[2 + i * 10 + j], "outside the block");
            }
        }
        assertEquals(2 * 2L * 5 * 6 * 7, ops.flops());
        var e = assertThrows(
                IllegalArgumentException.class, () -> ops.dgemm(false, false, 5, 6, 7, ad, 3, 6, bd, 0, 6, cd, 0, 6));
        assertTrue(e.getMessage().startsWith("dgemm: A"), e.getMessage());
    }

    /** addBlock adds each element once, as the plain loop does (same bits), for row lengths around a vector. */
    @Test
    void addBlockAddsEveryElementOfTheBlock() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int cols : new int[] {0, 1, 3, 4, 7, 8, 10, 17, 28}) {
            int rows = 5;
            double[] src = new double[rows * 30 + 3];
            double[] dst = new double[rows * 31 + 5];
            for (int i = 0; i < src.length; i++) {
                src[i] = rng.nextDouble(-1, 1);
            }
            for (int i = 0; i < dst.length; i++) {
                dst[i] = rng.nextDouble(-1, 1);
            }
            double[] expected = dst.clone();
            float[] srcF = new float[src.length];
            float[] dstF = new float[dst.length];
            float[] expectedF = new float[dst.length];
            for (int i = 0; i < src.length; i++) {
                srcF[i] = (float) src[i];
            }
            for (int i = 0; i < dst.length; i++) {
                dstF[i] = (float) dst[i];
                expectedF[i] = dstF[i];
            }
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    expected[2 + r * 31 + j] += src[3 + r * 30 + j];
                    expectedF[2 + r * 31 + j] += srcF[3 + r * 30 + j];
                }
            }
            MatrixOps.addBlock(src, 3, 30, dst, 2, 31, rows, cols);
            MatrixOps.addBlock(srcF, 3, 30, dstF, 2, 31, rows, cols);
            assertArrayEquals(expected, dst, "cols " + cols);
            assertArrayEquals(expectedF, dstF, "cols " + cols);
        }
    }
}
