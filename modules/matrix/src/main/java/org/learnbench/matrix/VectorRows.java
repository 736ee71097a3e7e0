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
}
