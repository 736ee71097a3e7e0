package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

class NetworkTest {
    private final MatrixOps ops = MatrixOps.withThreads(1);

    @Test
    void flatParameterVectorIsLiveAndLaidOutLayerByLayer() {
        Network net = Network.mlp(new int[] {3, 4, 2}, Activation.RELU, Activation.IDENTITY, null, 0);
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, net.parameterCount());
        double[] values = new double[net.parameterCount()];
        values[12] = 1.5; // first bias of the first dense layer
        values[16 + 1] = 2.0; // W2[0][1]
        net.setParameters(values);
        Dense first = (Dense) net.layers().get(0);
        assertEquals(1.5, first.bias().get(0, 0));
        Matrix out = net.forward(Pass.inference(ops), Matrix.zeros(1, 3));
        assertArrayEquals(new double[] {0, 3.0}, out.toArray(), 1e-15); // relu(1.5) * 2
        net.parameters()[16 + 1] = 4.0;
        assertEquals(6.0, net.forward(Pass.inference(ops), Matrix.zeros(1, 3)).get(0, 1), 1e-15);
    }

    @Test
    void rejectsAVectorOfTheWrongLength() {
        Network net = Network.mlp(new int[] {3, 2}, Activation.RELU, Activation.IDENTITY, null, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> net.setParameters(new double[5]));
        assertTrue(e.getMessage().contains("8") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void rejectsLayersWhoseShapesDoNotChain() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new Network(List.of(
                        new Dense(4, 3, Initializer.HE_UNIFORM, 1), new Dense(5, 2, Initializer.HE_UNIFORM, 1))));
        assertTrue(e.getMessage().contains("expects 5 inputs") && e.getMessage().contains("gives 3"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Network.mlp(new int[] {4, 0, 2}, Activation.RELU, Activation.IDENTITY, null, 0));
    }

    @Test
    void forwardRejectsABatchOfTheWrongWidth() {
        Network net = Network.mlp(new int[] {3, 2}, Activation.RELU, Activation.IDENTITY, null, 0);
        var e = assertThrows(
                IllegalArgumentException.class, () -> net.forward(Pass.inference(ops), Matrix.zeros(2, 4)));
        assertTrue(e.getMessage().contains("3 columns") && e.getMessage().contains("2x4"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Initializer.class)
    void initializersHaveTheVarianceOfTheirDefinition(Initializer init) {
        int fanIn = 300, fanOut = 200;
        double gain = Math.sqrt(2);
        Matrix w = Matrix.zeros(fanIn, fanOut);
        init.initialize(w, gain, new SplittableRandom(42));
        double expectedVariance =
                switch (init) {
                    case XAVIER_UNIFORM, XAVIER_NORMAL -> gain * gain * 2.0 / (fanIn + fanOut);
                    case HE_UNIFORM, HE_NORMAL -> gain * gain / fanIn;
                };
        double mean = ops.sum(w) / w.size();
        double variance = ops.sumOfSquares(w) / w.size() - mean * mean;
        // 60k draws: the sample variance is within 2% of the true one with overwhelming probability.
        assertEquals(expectedVariance, variance, 0.02 * expectedVariance, init.name());
        assertEquals(0, mean, 5 * Math.sqrt(expectedVariance / w.size()));
        if (init == Initializer.XAVIER_UNIFORM || init == Initializer.HE_UNIFORM) {
            double bound = Math.sqrt(3 * expectedVariance);
            for (double v : w.toArray()) {
                assertTrue(Math.abs(v) <= bound);
            }
        }
    }

    @Test
    void dropoutKeepsTheExpectedShareScaledUpAndIsTheIdentityAtInference() {
        Dropout dropout = new Dropout(0.3, 100);
        Matrix x = Matrix.zeros(200, 100).fill(1.0);
        Matrix trained = dropout.forward(Pass.training(ops, new SplittableRandom(7)), x);
        int kept = 0;
        for (double v : trained.toArray()) {
            if (v != 0) {
                kept++;
                assertEquals(1 / 0.7, v, 1e-15);
            }
        }
        // 20000 Bernoulli(0.7) draws: sd of the share is 0.0032.
        assertEquals(0.7, kept / 20000.0, 0.015);
        assertEquals(1.0, ops.sum(trained) / trained.size(), 0.02, "inverted dropout keeps the mean");
        assertTrue(dropout.forward(Pass.inference(ops), x).contentEquals(x));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, 3));
    }

    @Test
    void crossEntropyStaysFiniteForHugeLogitsAndMatchesItsDefinition() {
        Loss ce = new SoftmaxCrossEntropy();
        Matrix logits = Matrix.of(2, 3, 1000, 0, -1000, 1, 2, 3);
        Matrix y = Matrix.of(2, 1, 1, 2);
        Matrix grad = Matrix.zeros(2, 3);
        double loss = ce.valueAndGradient(ops, logits, y, grad);
        double row2 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        assertEquals((1000 + row2) / 2, loss, 1e-9);
        assertTrue(grad.allFinite());
        assertEquals(0.5, grad.get(0, 0), 1e-12); // softmax 1, onehot 0, over n = 2
        assertEquals(-0.5, grad.get(0, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ce.value(ops, logits, Matrix.of(2, 1, 0, 3)));
    }

    @Test
    void sigmoidIsStableAtTheExtremes() {
        Matrix z = Matrix.of(1, 4, -800, -30, 30, 800);
        Matrix a = Activation.SIGMOID.forward(ops, z, Matrix.zeros(1, 4));
        assertTrue(a.allFinite());
        assertEquals(0, a.get(0, 0));
        assertEquals(1, a.get(0, 3));
        assertEquals(1 / (1 + Math.exp(30)), a.get(0, 1), 1e-25);
        assertFalse(Double.isNaN(a.get(0, 2)));
    }

    @Test
    void gradientsCanBeWrittenStraightIntoTheCallersArray() {
        MatrixOps ops = MatrixOps.withThreads(1);
        Network own = Network.mlp(new int[] {3, 4, 2}, Activation.TANH, Activation.IDENTITY, null, 0);
        own.initialize(new SplittableRandom(2));
        Network bound = own.replicate();
        Matrix x = Matrix.zeros(5, 3).fillUniform(new SplittableRandom(3), -1, 1);
        Matrix g = Matrix.zeros(5, 2).fillUniform(new SplittableRandom(4), -1, 1);
        own.forward(Pass.inference(ops), x);
        own.backward(ops, g);

        double[] target = new double[own.parameterCount()];
        java.util.Arrays.fill(target, 99); // stale values must all be overwritten
        bound.writeGradientsInto(target);
        bound.forward(Pass.inference(ops), x);
        bound.backward(ops, g);
        assertArrayEquals(own.gradients(), target);
        assertTrue(bound.gradients() == target);
        bound.copyGradients(target); // a no-op onto itself
        assertArrayEquals(own.gradients(), target);
        double[] other = new double[own.parameterCount()];
        bound.copyGradients(other);
        assertArrayEquals(target, other);
        assertThrows(IllegalArgumentException.class, () -> bound.writeGradientsInto(new double[3]));
    }
}
