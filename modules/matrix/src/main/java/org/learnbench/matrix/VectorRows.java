package org.learnbench.matrix;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-vector additions (a layer's bias) on the Java Vector API: each row of a few dozen columns in whole
 * vectors and a scalar tail. The JIT's own vectoriser skips rows this short, which left the bias pass as
 * slow as half the layer's multiply. The same single rounded addition per element as the scalar loop, so
 * the same bits, compiled or interpreted. (Not the Vector API's exp for the losses: its compiled and
 * interpreted forms round differently, so results would depend on JIT timing.) Loaded, like the vector
 * multiplies, only after {@link GemmKernels} has found the module.
 */
final class VectorRows {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorRows() {}

    /** o[i][j] = a[i][j] + v[j] for rows x cols row-major blocks at the given offsets. */
    static void add(double[] a, int ao, double[] v, int vo, double[] o, int oo, int rows, int cols) {
        int whole = D.loopBound(cols);
        for (int i = 0; i < rows; i++, ao += cols, oo += cols) {
            int j = 0;
            for (; j < whole; j += D.length()) {
                DoubleVector.fromArray(D, a, ao + j)
                        .add(DoubleVector.fromArray(D, v, vo + j))
                        .intoArray(o, oo + j);
            }
            for (; j < cols; j++) {
                o[oo + j] = a[ao + j] + v[vo + j];
            }
        }
    }

    /** The float twin of {@link #add(double[], int, double[], int, double[], int, int, int)}. */
    static void add(float[] a, int ao, float[] v, int vo, float[] o, int oo, int rows, int cols) {
        int whole = F.loopBound(cols);
        for (int i = 0; i < rows; i++, ao += cols, oo += cols) {
            int j = 0;
            for (; j < whole; j += F.length()) {
                FloatVector.fromArray(F, a, ao + j)
                        .add(FloatVector.fromArray(F, v, vo + j))
                        .intoArray(o, oo + j);
            }
            for (; j < cols; j++) {
                o[oo + j] = a[ao + j] + v[vo + j];
            }
        }
    }

    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    /**
     * dst[r][j] += src[r][j] for a rows x cols block of each (row steps srcStride and dstStride); returns
     * after the whole 256-bit vectors of each row, leaving the rest of the row to the caller: the number of
     * leading columns done in every row. Rows this short (a convolution's 10 to 28 pixels) fill 256-bit
     * vectors better than 512-bit ones.
     */
    static int addBlock(
            double[] src, int so, int srcStride, double[] dst, int dOff, int dstStride, int rows, int cols) {
        int whole = D4.loopBound(cols);
        for (int r = 0; r < rows; r++, so += srcStride, dOff += dstStride) {
            for (int j = 0; j < whole; j += D4.length()) {
                DoubleVector.fromArray(D4, dst, dOff + j)
                        .add(DoubleVector.fromArray(D4, src, so + j))
                        .intoArray(dst, dOff + j);
            }
        }
        return whole;
    }

    /** The float twin of {@link #addBlock(double[], int, int, double[], int, int, int, int)}. */
    static int addBlock(float[] src, int so, int srcStride, float[] dst, int dOff, int dstStride, int rows, int cols) {
        int whole = F8.loopBound(cols);
        for (int r = 0; r < rows; r++, so += srcStride, dOff += dstStride) {
            for (int j = 0; j < whole; j += F8.length()) {
                FloatVector.fromArray(F8, dst, dOff + j)
                        .add(FloatVector.fromArray(F8, src, so + j))
                        .intoArray(dst, dOff + j);
            }
        }
        return whole;
    }
}
