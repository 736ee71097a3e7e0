package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.matrix.MatrixOps.Kernel;

/**
 * The multiplies of both kernels against references: a compensated dot product (accuracy, within the
 * textbook bound for k-term sums), the chain each kernel documents (exact bits), thread counts and views.
 */
class MultiplyTest {
    /**
     * Sizes around the register tiles (6 x 32 and 4 x 12), the vector width, the switches between the
     * direct and packed paths (16, 64 columns, depth 128) and the blocks (KC 512, MC 48).
     */
    private static final int[] DIMS = {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 49, 63, 64, 65, 97, 129, 257, 300, 513};

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
        {1, 1, 9},
        {1, 300, 1},
        {1, 64, 300},
        {300, 64, 1},
        {1, 13, 17},
        {13, 1, 17},
        {13, 17, 1},
        {3, 5, 2},
        {31, 4, 57},
        {64, 64, 64},
        {65, 257, 3},
        {130, 300, 270},
        {5, 513, 260},
        {300, 2, 300},
        {128, 64, 10},
        {128, 10, 64},
        {257, 129, 20},
        {20, 129, 257},
        {73, 769, 65},
        {64, 129, 64},
        {16, 16, 64},
        {200, 200, 63},
        {16, 129, 4100},
        {97, 1100, 70},
        {145, 385, 33},
        {17, 17, 4100},
        {16, 16, 16},
        {15, 16, 16},
        {16, 15, 16},
        {16, 16, 15},
        // Whole 32-column tiles, read in place: rows past the last 6-row tile (2, 4 and 1 left over), two
        // depth blocks (k > 512), and transposed operands just past the direct path's limit.
        {128, 200, 64},
        {40, 600, 96},
        {97, 129, 32},
        {100, 128, 64}
    };

    private static Matrix random(RandomGenerator rng, int rows, int cols) {
        return Matrix.zeros(rows, cols).fillUniform(rng, -1, 1);
    }

    private static double opA(Matrix a, boolean transA, int i, int p) {
        return transA ? a.get(p, i) : a.get(i, p);
    }

    private static double opB(Matrix b, boolean transB, int p, int j) {
        return transB ? b.get(j, p) : b.get(p, j);
    }

    /** The chain a kernel documents: from +0.0, one step per p in increasing order. */
    private static Matrix chain(Kernel kernel, Matrix a, boolean transA, Matrix b, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int n = transB ? b.rows() : b.cols();
        Matrix c = Matrix.zeros(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    double x = opA(a, transA, i, p);
                    double y = opB(b, transB, p, j);
                    s = kernel == Kernel.VECTOR ? Math.fma(x, y, s) : s + x * y;
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    /**
     * Asserts every element is within k * 2^-52 * sum |a_ip b_pj| (twice the unit roundoff per term, the
     * classic bound for a recursive sum of k products) of a compensated dot product (Ogita, Rump and Oishi's
     * Dot2, accurate as if computed in twice the working precision).
     */
    private static void assertAccurate(Matrix c, Matrix a, boolean transA, Matrix b, boolean transB, String what) {
        int k = transA ? a.rows() : a.cols();
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.cols(); j++) {
                double s = 0;
                double err = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = opA(a, transA, i, p);
                    double y = opB(b, transB, p, j);
                    double prod = x * y;
                    double prodErr = Math.fma(x, y, -prod);
                    double t = s + prod;
                    double z = t - s;
                    err += ((s - (t - z)) + (prod - z)) + prodErr;
                    s = t;
                    magnitude += Math.abs(prod);
                }
                double exact = s + err;
                double bound = k * 0x1p-52 * magnitude;
                double got = c.get(i, j);
                if (!(Math.abs(got - exact) <= bound)) {
                    fail(what + ": element (" + i + ", " + j + ") is " + got + ", expected " + exact + " within "
                            + bound);
                }
            }
        }
    }

    private static MatrixOps ops(Kernel kernel, int threads) {
        assumeTrue(kernel.available(), kernel + " kernel unavailable in this JVM");
        return MatrixOps.withThreads(threads).withKernel(kernel);
    }

    private static Matrix multiply(MatrixOps ops, int variant, Matrix a, Matrix b, Matrix out) {
        return switch (variant) {
            case 0 -> ops.mult(a, b, out);
            case 1 -> ops.multTransA(a, b, out);
            default -> ops.multTransB(a, b, out);
        };
    }

    private static final String[] VARIANTS = {"mult", "multTransA", "multTransB"};

    /** All shapes of the table plus random triples of {@link #DIMS}, each with its operands for a variant. */
    private static List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>(List.of(SHAPES));
        SplittableRandom rng = new SplittableRandom(42);
        while (shapes.size() < SHAPES.length + 30) {
            int m = DIMS[rng.nextInt(DIMS.length)];
            int k = DIMS[rng.nextInt(DIMS.length)];
            int n = DIMS[rng.nextInt(DIMS.length)];
            if ((long) m * k * n <= 1_500_000) {
                shapes.add(new int[] {m, k, n});
            }
        }
        return shapes;
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void everyVariantIsAccurateAndFollowsItsDocumentedChainOnManyShapes(Kernel kernel) {
        RandomGenerator rng = new SplittableRandom(11);
        MatrixOps ops = ops(kernel, 2);
        for (int[] s : shapes()) {
            int m = s[0], k = s[1], n = s[2];
            for (int variant = 0; variant < 3; variant++) {
                boolean transA = variant == 1;
                boolean transB = variant == 2;
                Matrix a = transA ? random(rng, k, m) : random(rng, m, k);
                Matrix b = transB ? random(rng, n, k) : random(rng, k, n);
                Matrix c = multiply(ops, variant, a, b, null);
                String what = kernel + " " + VARIANTS[variant] + " " + m + "x" + k + " * " + k + "x" + n;
                assertAccurate(c, a, transA, b, transB, what);
                assertTrue(chain(kernel, a, transA, b, transB).contentEquals(c), what + ": not the documented chain");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void resultsAreBitIdenticalForOneToSevenThreads(Kernel kernel) {
        RandomGenerator rng = new SplittableRandom(5);
        // Tall (threads split rows), wide (they split columns), narrow and depth beyond one block.
        int[][] shapes = {{301, 517, 263}, {40, 300, 700}, {700, 70, 20}, {97, 800, 96}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            for (int variant = 0; variant < 3; variant++) {
                Matrix a = variant == 1 ? random(rng, k, m) : random(rng, m, k);
                Matrix b = variant == 2 ? random(rng, n, k) : random(rng, k, n);
                Matrix one = multiply(ops(kernel, 1), variant, a, b, null);
                for (int threads : new int[] {2, 3, 4, 7}) {
                    Matrix many = multiply(ops(kernel, threads), variant, a, b, null);
                    assertTrue(
                            one.contentEquals(many),
                            kernel + " " + VARIANTS[variant] + " " + m + "x" + k + "x" + n + " on " + threads
                                    + " threads");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void viewsAtOddOffsetsGiveTheSameBitsAsCompactCopies(Kernel kernel) {
        RandomGenerator rng = new SplittableRandom(3);
        MatrixOps ops = ops(kernel, 2);
        for (int[] s : new int[][] {{5, 6, 4}, {70, 90, 50}, {200, 129, 300}}) {
            int m = s[0], k = s[1], n = s[2];
            for (int variant = 0; variant < 3; variant++) {
                Matrix a = variant == 1 ? random(rng, k, m) : random(rng, m, k);
                Matrix b = variant == 2 ? random(rng, n, k) : random(rng, k, n);
                // The same values, 3 and 5 elements into larger arrays, and as a row range of a matrix.
                Matrix aView = Matrix.wrap(new double[a.size() + 7], 3, a.rows(), a.cols())
                        .copyFrom(a);
                Matrix bBig = random(rng, b.rows() + 4, b.cols());
                Matrix bView = bBig.rows(2, 2 + b.rows()).copyFrom(b);
                double[] outStorage = new double[m * n + 9];
                java.util.Arrays.fill(outStorage, 42);
                Matrix out = Matrix.wrap(outStorage, 5, m, n);
                Matrix expected = multiply(ops, variant, a, b, null);
                multiply(ops, variant, aView, bView, out);
                String what = kernel + " " + VARIANTS[variant] + " " + m + "x" + k + "x" + n;
                assertTrue(expected.contentEquals(out), what);
                for (int p : new int[] {0, 1, 2, 3, 4, 5 + m * n, outStorage.length - 1}) {
                    assertEquals(42, outStorage[p], what + ": wrote outside the output view at " + p);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void narrowOutputsNeverWriteOutsideTheirBlockEvenWithContiguousRows(Kernel kernel) {
        // As the single-precision test: outputs narrower than a vector (8 doubles with AVX-512) store whole
        // vectors into contiguous rows (ldc == n) and rely on later rows overwriting the spill; nothing before
        // or after C may change, on 1 or 2 threads, and every element is the Matrix multiply's.
        SplittableRandom rng = new SplittableRandom(19);
        for (int n : new int[] {3, 6, 7}) {
            for (int ldcPad : new int[] {0, 5}) {
                int m = 3001;
                int k = 40;
                int ldc = n + ldcPad;
                Matrix a = Matrix.zeros(m, k).fillUniform(rng, -1, 1);
                Matrix b = Matrix.zeros(k, n).fillUniform(rng, -1, 1);
                Matrix expected = ops(kernel, 1).mult(a, b, null);
                for (int threads : new int[] {1, 2}) {
                    int cOff = 11;
                    double[] c = new double[cOff + (m - 1) * ldc + n + 37];
                    java.util.Arrays.fill(c, 42);
                    ops(kernel, threads).dgemm(false, false, m, n, k, a.data(), 0, k, b.data(), 0, n, c, cOff, ldc);
                    for (int p = 0; p < c.length; p++) {
                        int i = (p - cOff) / ldc;
                        int j = (p - cOff) % ldc;
                        boolean inside = p >= cOff && i < m && j < n;
                        assertEquals(
                                inside ? expected.get(i, j) : 42,
                                c[p],
                                kernel + " n " + n + " ldc " + ldc + " threads " + threads + " at " + p);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void anEmptyInnerDimensionGivesZerosAndEmptyShapesWork(Kernel kernel) {
        MatrixOps ops = ops(kernel, 2);
        Matrix out = Matrix.zeros(3, 4).fill(7);
        ops.mult(Matrix.zeros(3, 0), Matrix.zeros(0, 4), out);
        assertArrayEquals(new double[12], out.toArray());
        assertEquals(0, ops.mult(Matrix.zeros(0, 5), Matrix.zeros(5, 4), null).size());
        assertEquals(
                0, ops.multTransB(Matrix.zeros(3, 5), Matrix.zeros(0, 5), null).size());
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void repeatedMultipliesOfOneShapeKeepTheirBits(Kernel kernel) {
        // Scratch buffers are reused between calls: stale contents must never leak into a result.
        RandomGenerator rng = new SplittableRandom(9);
        MatrixOps ops = ops(kernel, 1);
        Matrix a = random(rng, 100, 70);
        Matrix b = random(rng, 70, 45);
        Matrix first = ops.mult(a, b, null);
        ops.mult(random(rng, 300, 400), random(rng, 400, 200), null);
        ops.multTransB(random(rng, 13, 17), random(rng, 19, 17), null);
        assertTrue(first.contentEquals(ops.mult(a, b, null)));
    }

    @Test
    void theTestJvmHasTheVectorModuleAndPrefersTheVectorKernel() {
        // Surefire passes --add-modules jdk.incubator.vector; without it the vector tests above would skip.
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertEquals(Kernel.VECTOR.available() ? Kernel.VECTOR : Kernel.SCALAR, Kernel.preferred());
        assertEquals(Kernel.preferred(), MatrixOps.create().kernel());
    }

    @Test
    void kernelChoiceIsKeptByDerivedInstancesAndSharesTheCounter() {
        MatrixOps scalar = MatrixOps.withThreads(2).withKernel(Kernel.SCALAR);
        MatrixOps worker = scalar.sharingCounter(1);
        assertEquals(Kernel.SCALAR, worker.kernel());
        worker.mult(Matrix.zeros(2, 3), Matrix.zeros(3, 4), null);
        assertEquals(2 * 2 * 3 * 4, scalar.flops());
        assertEquals(2, scalar.threads());
        assertTrue(Kernel.SCALAR.available());
        if (!Kernel.VECTOR.available()) {
            assertThrows(IllegalStateException.class, () -> scalar.withKernel(Kernel.VECTOR));
        }
    }
}
