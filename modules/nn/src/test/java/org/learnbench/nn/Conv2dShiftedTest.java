package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.MatrixOps;

/**
 * The stride-1 float path of {@link Conv2d} (patches read in the padded input, never laid out) gives the
 * bits of its im2col path: outputs, kernel and bias gradients and dL/d(input), on both multiply kernels and
 * on one and two threads.
 */
class Conv2dShiftedTest {
    static Stream<Arguments> shapes() {
        return Stream.of(
                // channels, height, width, filters, kh, kw, padding
                Arguments.of(1, 28, 28, 6, 5, 5, 2), // LeNet's first layer
                Arguments.of(6, 14, 14, 16, 5, 5, 0), // and its second
                Arguments.of(2, 7, 9, 3, 3, 3, 1),
                Arguments.of(3, 5, 6, 20, 2, 3, 0),
                Arguments.of(1, 4, 4, 1, 1, 1, 0),
                Arguments.of(2, 6, 5, 17, 3, 2, 2));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void theShiftedPathGivesTheBitsOfIm2col(int c, int h, int w, int o, int kh, int kw, int pad) {
        for (MatrixOps.Kernel kernel : MatrixOps.Kernel.values()) {
            if (!kernel.available()) {
                continue;
            }
            for (int threads = 1; threads <= 2; threads++) {
                MatrixOps ops = MatrixOps.withThreads(threads).withKernel(kernel);
                float[][] shifted = run(ops, true, c, h, w, o, kh, kw, pad);
                float[][] im2col = run(ops, false, c, h, w, o, kh, kw, pad);
                for (int i = 0; i < shifted.length; i++) {
                    assertArrayEquals(im2col[i], shifted[i], kernel + ", " + threads + " threads, array " + i);
                }
            }
        }
    }

    /** Output, parameter gradients and dL/d(input) of a forward and a backward pass on random data. */
    private static float[][] run(MatrixOps ops, boolean shifted, int c, int h, int w, int o, int kh, int kw, int pad) {
        Conv2d conv = new Conv2d(c, h, w, o, kh, kw, 1, pad, Initializer.HE_UNIFORM, 1);
        conv.setShifted(shifted);
        SplittableRandom random = new SplittableRandom(11);
        float[] params = new float[conv.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) random.nextDouble(-1, 1);
        }
        float[] grads = new float[params.length];
        conv.bind(params, grads, 0);
        int n = 9;
        FloatMatrix x = FloatMatrix.zeros(n, conv.inputSize());
        for (int i = 0; i < x.data().length; i++) {
            // Some exact zeros and negative zeros among the inputs.
            x.data()[i] = i % 7 == 0 ? (i % 2 == 0 ? 0f : -0f) : (float) random.nextDouble(-1, 1);
        }
        FloatMatrix g = FloatMatrix.zeros(n, conv.outputSize());
        for (int i = 0; i < g.data().length; i++) {
            g.data()[i] = i % 5 == 0 ? -0f : (float) random.nextDouble(-1, 1);
        }
        float[] out = conv.forward(Pass.inference(ops), x).data().clone();
        float[] gx = conv.backward(ops, g).data().clone();
        return new float[][] {out, grads.clone(), gx};
    }
}
