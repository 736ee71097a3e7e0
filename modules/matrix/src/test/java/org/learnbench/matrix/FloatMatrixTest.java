package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FloatMatrix} and the single-precision operations of {@link MatrixOps} that the float32 layers use. */
class FloatMatrixTest {
    private static FloatMatrix random(SplittableRandom rng, int rows, int cols) {
        return FloatMatrix.roundedFrom(Matrix.zeros(rows, cols).fillUniform(rng, -1, 1));
    }

    /** op(a) op(b) by the textbook loop in float, the chain the scalar kernel documents. */
    private static float[] reference(boolean ta, boolean tb, FloatMatrix a, FloatMatrix b) {
        int m = ta ? a.cols() : a.rows();
        int k = ta ? a.rows() : a.cols();
        int n = tb ? b.rows() : b.cols();
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void theThreeMultipliesMatchTheTextbookLoopAndGiveTheSameBitsOnAnyThreadCount() {
        SplittableRandom rng = new SplittableRandom(3);
        FloatMatrix x = random(rng, 130, 70); // a batch: 130 samples of 70 features
        FloatMatrix w = random(rng, 70, 90);
        FloatMatrix g = random(rng, 130, 90);
        MatrixOps one = MatrixOps.withThreads(1).withKernel(MatrixOps.Kernel.SCALAR);
        assertArrayEquals(reference(false, false, x, w), one.mult(x, w, null).data(), "x w");
        assertArrayEquals(
                reference(true, false, x, g), one.multTransA(x, g, null).data(), "x^T g");
        assertArrayEquals(
                reference(false, true, g, w), one.multTransB(g, w, null).data(), "g w^T");
        for (MatrixOps.Kernel kernel : MatrixOps.Kernel.values()) {
            if (!kernel.available()) {
                continue;
            }
            MatrixOps single = MatrixOps.withThreads(1).withKernel(kernel);
            MatrixOps two = MatrixOps.withThreads(2).withKernel(kernel);
            assertTrue(single.mult(x, w, null).contentEquals(two.mult(x, w, null)), kernel + " mult");
            assertTrue(single.multTransA(x, g, null).contentEquals(two.multTransA(x, g, null)), kernel + " transA");
            assertTrue(single.multTransB(g, w, null).contentEquals(two.multTransB(g, w, null)), kernel + " transB");
            float[] exact = reference(false, false, x, w);
            float[] got = single.mult(x, w, null).data();
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], got[i], 1e-4f, kernel + " close to the loop");
            }
        }
        assertEquals(2L * 130 * 70 * 90, countOf(x, w), "2mkn, as for doubles");
    }

    private static long countOf(FloatMatrix x, FloatMatrix w) {
        MatrixOps ops = MatrixOps.withThreads(1);
        ops.mult(x, w, null);
        return ops.flops();
    }

    @Test
    void viewsMultiplyLikeCopiesAndShapesAreChecked() {
        SplittableRandom rng = new SplittableRandom(5);
        FloatMatrix x = random(rng, 50, 20);
        FloatMatrix w = random(rng, 20, 30);
        MatrixOps ops = MatrixOps.withThreads(1);
        FloatMatrix whole = ops.mult(x, w, null);
        FloatMatrix part = ops.mult(x.rows(10, 25), w, FloatMatrix.zeros(15, 30));
        assertTrue(part.contentEquals(whole.rows(10, 25)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops.mult(w, w, null));
        assertTrue(e.getMessage().contains("inner dimensions differ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.mult(x, w, FloatMatrix.zeros(50, 29)));
    }

    @Test
    void elementWiseOperationsComputeInFloatAndCountLikeDoubles() {
        MatrixOps ops = MatrixOps.withThreads(1);
        FloatMatrix a = FloatMatrix.roundedFrom(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6));
        FloatMatrix v = FloatMatrix.roundedFrom(Matrix.of(1, 3, 0.1, 0.2, 0.3));
        FloatMatrix sum = ops.addRowVector(a, v, null);
        assertEquals(1f + 0.1f, sum.get(0, 0));
        assertEquals(6f + 0.3f, sum.get(1, 2));
        FloatMatrix prod = ops.elementMult(a, a, null);
        assertEquals(25f, prod.get(1, 1));
        FloatMatrix cols = ops.colSums(a, null);
        assertArrayEquals(new float[] {5, 7, 9}, cols.data());
        assertEquals(6 + 6 + 6, ops.flops());
        ops.addRowVector(a, v, a);
        assertEquals(4f + 0.1f, a.get(1, 0), "in place");
        // Rows longer than a vector, with a tail: the vector and scalar kernels give the same bits.
        SplittableRandom rng = new SplittableRandom(8);
        FloatMatrix wide = random(rng, 7, 37);
        FloatMatrix bias = random(rng, 1, 37);
        Matrix wideD = wide.toMatrix();
        Matrix biasD = bias.toMatrix();
        MatrixOps scalar = MatrixOps.withThreads(1).withKernel(MatrixOps.Kernel.SCALAR);
        MatrixOps preferred = MatrixOps.withThreads(1);
        assertTrue(scalar.addRowVector(wide, bias, null).contentEquals(preferred.addRowVector(wide, bias, null)));
        assertTrue(scalar.addRowVector(wideD, biasD, null).contentEquals(preferred.addRowVector(wideD, biasD, null)));
        assertEquals(
                wide.get(6, 36) + bias.get(0, 36),
                preferred.addRowVector(wide, bias, null).get(6, 36));
        assertThrows(IllegalArgumentException.class, () -> ops.addRowVector(a, a, null));
    }

    @Test
    void rowLogSumExpsAreCloseToDoubleOnBothKernelsAndPositionIndependent() {
        SplittableRandom rng = new SplittableRandom(12);
        Matrix d = Matrix.zeros(37, 10).fillUniform(rng, -30, 30);
        d.set(5, 3, Double.NEGATIVE_INFINITY); // one impossible class: its exponential is 0
        FloatMatrix f = FloatMatrix.roundedFrom(d);
        Matrix reference = MatrixOps.withThreads(1).logSumExpRows(f.toMatrix(), null);
        for (MatrixOps.Kernel kernel : MatrixOps.Kernel.values()) {
            if (!kernel.available()) {
                continue;
            }
            MatrixOps ops = MatrixOps.withThreads(1).withKernel(kernel);
            FloatMatrix exps = FloatMatrix.zeros(37, 10);
            double[] lse = new double[37];
            ops.logSumExpRows(f, exps, lse);
            assertEquals(3L * 370 + 2 * 37, ops.flops());
            for (int i = 0; i < 37; i++) {
                assertEquals(
                        reference.get(i, 0), lse[i], 1e-6 * Math.abs(reference.get(i, 0)) + 1e-6, kernel + " row " + i);
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < 10; j++) {
                    max = Math.max(max, f.get(i, j));
                }
                for (int j = 0; j < 10; j++) {
                    assertEquals(Math.exp(f.get(i, j) - max), exps.get(i, j), 1e-6, kernel + " e at " + i + "," + j);
                }
            }
            assertEquals(0f, exps.get(5, 3));
            // A row's exponentials do not depend on where the row sits (the tail of the block included).
            FloatMatrix last = FloatMatrix.zeros(1, 10);
            ops.logSumExpRows(f.rows(36, 37), last, new double[1]);
            assertTrue(last.contentEquals(exps.rows(36, 37)), kernel + ": the last row alone");
            FloatMatrix bad = FloatMatrix.roundedFrom(Matrix.of(2, 2, 1, Double.NaN, Double.POSITIVE_INFINITY, 0));
            double[] out = new double[2];
            ops.logSumExpRows(bad, FloatMatrix.zeros(2, 2), out);
            assertTrue(Double.isNaN(out[0]) && out[1] == Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void theFloatExponentialIsWithinOneAndAThirdUlpOfTheExactValue() {
        SplittableRandom rng = new SplittableRandom(13);
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++) {
            float x = (float) (i % 2 == 0 ? -rng.nextDouble() * 20 : -rng.nextDouble() * 86);
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FloatExp.nonPositive(x) - exact) / Math.ulp((float) exact));
        }
        assertTrue(worst <= 1.35, "largest error " + worst + " ulp");
        assertEquals(1f, FloatExp.nonPositive(0f));
        assertEquals(1f, FloatExp.nonPositive(-0f));
        assertEquals(0f, FloatExp.nonPositive(-90f));
        assertEquals(0f, FloatExp.nonPositive(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FloatExp.nonPositive(Float.NaN)));
    }

    @Test
    void conversionsRoundToNearestAndWidenExactly() {
        Matrix d = Matrix.of(1, 4, 0.1, 1.0 / 3, 1e-50, 3.4e39);
        FloatMatrix f = FloatMatrix.roundedFrom(d);
        assertEquals(0.1f, f.get(0, 0));
        assertEquals((float) (1.0 / 3), f.get(0, 1));
        assertEquals(0f, f.get(0, 2), "underflows to zero");
        assertEquals(Float.POSITIVE_INFINITY, f.get(0, 3), "overflows to infinity");
        Matrix back = f.toMatrix();
        assertEquals((double) 0.1f, back.get(0, 0));
        FloatMatrix gathered = f.gatherRows(new int[] {0, 0}, 0, 2, FloatMatrix.zeros(2, 4));
        assertTrue(gathered.rows(1, 2).contentEquals(f));
        assertThrows(IllegalArgumentException.class, () -> f.roundFrom(Matrix.zeros(2, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> f.get(1, 0));
    }
}
