package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/** A batch large enough to be split over threads gives the one-thread bits, forward and backward. */
class ActivationLayerTest {
    @Test
    void splitBatchesGiveTheOneThreadBits() {
        int rows = 70;
        int size = 2_000; // 140,000 values: split on two threads
        assertTrue((long) rows * size >= 2L * ActivationLayer.PARALLEL_MIN_ELEMENTS);
        SplittableRandom rng = new SplittableRandom(3);
        Matrix z = Matrix.zeros(rows, size).fillUniform(rng, -3, 3);
        Matrix g = Matrix.zeros(rows, size).fillUniform(rng, -1, 1);
        FloatMatrix zF = FloatMatrix.roundedFrom(z);
        FloatMatrix gF = FloatMatrix.roundedFrom(g);
        for (Activation activation : Activation.values()) {
            ActivationLayer one = new ActivationLayer(activation, size);
            ActivationLayer two = new ActivationLayer(activation, size);
            MatrixOps ops1 = MatrixOps.withThreads(1);
            MatrixOps ops2 = MatrixOps.withThreads(2);
            for (int repeat = 0; repeat < 3; repeat++) {
                assertArrayEquals(
                        one.forward(Pass.inference(ops1), z).toArray(),
                        two.forward(Pass.inference(ops2), z).toArray(),
                        activation + " forward");
                assertArrayEquals(
                        one.backward(ops1, g).toArray(), two.backward(ops2, g).toArray(), activation + " backward");
                assertTrue(
                        one.forward(Pass.inference(ops1), zF).contentEquals(two.forward(Pass.inference(ops2), zF)),
                        activation + " float forward");
                assertTrue(
                        one.backward(ops1, gF).contentEquals(two.backward(ops2, gF)), activation + " float backward");
            }
            assertTrue(ops1.flops() == ops2.flops(), activation + " counts the same work");
        }
    }
}
