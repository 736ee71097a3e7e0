package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.matrix.MatrixOps.Kernel;

/**
 * {@link MatrixOps#sgemmShiftedRows}, {@link MatrixOps#sgemmGatheredRows} and {@link
 * MatrixOps#sumShiftedRows}: the bits of {@link MatrixOps#sgemm} (or of a plain sum in row order) on the same
 * operands laid out explicitly, on each kernel, and their checks.
 */
class ShiftedMultiplyTest {
    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 9 == 0 ? 0f : (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    private static MatrixOps ops(Kernel kernel) {
        assumeTrue(kernel.available(), kernel + " kernel not available in this JVM");
        return MatrixOps.withThreads(1).withKernel(kernel);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void shiftedRowsGiveTheBitsOfSgemmOnTheRowsLaidOut(Kernel kernel) {
        MatrixOps ops = ops(kernel);
        int[][] shapes = {{6, 896, 25}, {16, 144, 150}, {150, 144, 16}, {1, 16, 1}, {7, 32, 3}, {13, 48, 40}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            float[] a = random(m * k + 3, m);
            float[] b = random(n + 5 * k + 40, n);
            int[] offsets = new int[k];
            float[] laidOut = new float[k * n];
            for (int p = 0; p < k; p++) {
                offsets[p] = (p * 5 + p % 3) % 41; // increasing and repeating, overlapping rows
                System.arraycopy(b, 2 + offsets[p], laidOut, p * n, n);
            }
            float[] expected = new float[m * (n + 1)];
            ops.sgemm(false, false, m, n, k, a, 3, k, laidOut, 0, n, expected, 1, n + 1);
            float[] actual = new float[m * (n + 1)];
            ops.sgemmShiftedRows(m, n, k, a, 3, k, b, 2, offsets, actual, 1, n + 1);
            assertArrayEquals(expected, actual, m + "x" + n + "x" + k);
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void gatheredRowsGiveTheBitsOfSgemmOnTheMatrixLaidOut(Kernel kernel) {
        MatrixOps ops = ops(kernel);
        // m, n, grid rows, grid columns, grid row stride
        int[][] shapes = {
            {25, 6, 28, 28, 32}, {150, 16, 10, 10, 14}, {9, 20, 3, 4, 7}, {1, 1, 1, 1, 1}, {17, 33, 2, 5, 5}
        };
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], gr = shape[2], gc = shape[3], gs = shape[4];
            int k = gr * gc;
            int ldb = (n + 15) / 16 * 16;
            int[] rows = new int[m];
            for (int i = 0; i < m; i++) {
                rows[i] = (i * 7) % 23;
            }
            float[] a = random(1 + 23 + (gr - 1) * gs + gc, k);
            float[] b = random(k * ldb, m);
            float[] g = new float[m * k];
            float[] bLaidOut = new float[k * n];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    g[i * k + p] = a[1 + rows[i] + (p / gc) * gs + p % gc];
                }
            }
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, p * ldb, bLaidOut, p * n, n);
            }
            float[] expected = new float[m * n];
            ops.sgemm(false, false, m, n, k, g, 0, k, bLaidOut, 0, n, expected, 0, n);
            float[] actual = new float[m * n];
            ops.sgemmGatheredRows(m, n, gr, gc, gs, a, 1, rows, b, 0, ldb, actual, 0, n);
            assertArrayEquals(expected, actual, m + "x" + n + " over " + gr + "x" + gc);
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void shiftedRowsAreSummedInRowOrderFromPositiveZero(Kernel kernel) {
        MatrixOps ops = ops(kernel);
        int rows = 25, n = 208, lds = 280;
        int[] shifts = new int[rows];
        for (int r = 0; r < rows; r++) {
            shifts[r] = (r / 5) * 14 + r % 5;
        }
        float[] src = random(rows * lds + 64, 3);
        src[64 + 10] = -0f; // a lone negative zero sums to +0, as from a zeroed array
        float[] expected = new float[n];
        for (int j = 0; j < n; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum += src[64 + r * lds + j - shifts[r]];
            }
            expected[j] = sum;
        }
        float[] actual = new float[n + 2];
        ops.sumShiftedRows(rows, n, src, 64, lds, shifts, actual, 2);
        float[] kept = new float[n];
        System.arraycopy(actual, 2, kept, 0, n);
        assertArrayEquals(expected, kept);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void operandsOutsideTheirArraysAreRefused(Kernel kernel) {
        MatrixOps ops = ops(kernel);
        float[] a = new float[100];
        float[] c = new float[100];
        assertThrows(
                IllegalArgumentException.class,
                () -> ops.sgemmShiftedRows(2, 16, 2, a, 0, 2, new float[40], 0, new int[] {0, 30}, c, 0, 16));
        assertThrows(
                IllegalArgumentException.class,
                () -> ops.sgemmShiftedRows(2, 10, 2, a, 0, 2, new float[40], 0, new int[] {0, 1}, c, 0, 16));
        assertThrows(
                IllegalArgumentException.class,
                () -> ops.sgemmGatheredRows(2, 4, 2, 2, 3, a, 0, new int[] {0, 96}, c, 0, 16, new float[8], 0, 4));
        assertThrows(
                IllegalArgumentException.class,
                () -> ops.sgemmGatheredRows(2, 4, 2, 2, 3, a, 0, new int[] {0, 1}, c, 0, 8, new float[8], 0, 4));
        assertThrows(IllegalArgumentException.class, () -> ops.sumShiftedRows(2, 16, a, 0, 20, new int[] {1, 0}, c, 0));
        assertThrows(
                IllegalArgumentException.class, () -> ops.sumShiftedRows(2, 16, a, 5, 20, new int[] {0, 1}, c, 90));
    }
}
