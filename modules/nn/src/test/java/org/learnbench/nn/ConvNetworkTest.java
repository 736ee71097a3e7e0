package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/** Whole convolutional networks: thread-count independence, allocation, chunked inference and FLOP counts. */
class ConvNetworkTest {
    /** A small LeNet-like stack on 1x28x28 inputs, with both pooling kinds and dropout. */
    private static final StackSpec SMALL = new StackSpec(List.of(
            new LayerSpec.Conv(8, 5, 1, 2),
            new LayerSpec.Act(Activation.RELU),
            new LayerSpec.MaxPool(2),
            new LayerSpec.Conv(16, 5, 1, 0),
            new LayerSpec.Act(Activation.TANH),
            new LayerSpec.AvgPool(2),
            new LayerSpec.Flatten(),
            new LayerSpec.Dense(32),
            new LayerSpec.Act(Activation.RELU),
            new LayerSpec.Dropout(0.25)));

    private static final Shape IMAGE = Shape.image(1, 28, 28);

    private static Matrix images(int n, long seed) {
        Matrix x = Matrix.zeros(n, 784).fillUniform(new SplittableRandom(seed), 0, 1);
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) d[i];
        }
        return x;
    }

    private static Matrix labels(int n) {
        Matrix y = Matrix.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            y.set(i, 0, (i * 3) % 10);
        }
        return y;
    }

    /** Output, then gradients, of one training step (forward with dropout, cross-entropy, backward). */
    private static double[][] step(Precision precision, int threads) {
        Network net = SMALL.withPrecision(precision).build(IMAGE, 10, Activation.IDENTITY);
        net.initialize(new SplittableRandom(5));
        MatrixOps ops = MatrixOps.withThreads(threads);
        int n = 16;
        Matrix x = images(n, 6);
        Matrix y = labels(n);
        Loss loss = new SoftmaxCrossEntropy();
        Pass pass = Pass.training(ops, new SplittableRandom(7));
        if (precision == Precision.FLOAT32) {
            FloatMatrix out = net.forward(pass, FloatMatrix.roundedFrom(x));
            FloatMatrix g = FloatMatrix.zeros(n, 10);
            loss.valueAndGradient(ops, out, FloatMatrix.roundedFrom(y), g);
            net.backward(ops, g);
            return new double[][] {out.toMatrix().toArray(), net.gradients().clone()};
        }
        Matrix out = net.forward(pass, x).copy();
        Matrix g = Matrix.zeros(n, 10);
        loss.valueAndGradient(ops, out, y, g);
        net.backward(ops, g);
        return new double[][] {out.toArray(), net.gradients().clone()};
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aTrainingStepGivesTheSameBitsOnOneAndTwoThreads(Precision precision) {
        // Batch 16 makes every multiply of the first conv (8 x 25 x 12544) and the second's kernel gradient
        // (16 x 1600 x 200) large enough for MatrixOps to split it between two threads.
        double[][] one = step(precision, 1);
        double[][] two = step(precision, 2);
        assertArrayEquals(one[0], two[0], "outputs");
        assertArrayEquals(one[1], two[1], "gradients");
        assertTrue(java.util.Arrays.stream(one[1]).anyMatch(v -> v != 0), "a real gradient");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aTrainingStepOfAConvNetworkAllocatesNothing(Precision precision) {
        // As the supervised problem's allocation test: count the bytes a warmed-up step allocates on this thread.
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        StackSpec spec = new StackSpec(
                List.of(
                        new LayerSpec.Conv(4, 3, 1, 1),
                        new LayerSpec.Act(Activation.RELU),
                        new LayerSpec.MaxPool(2),
                        new LayerSpec.Conv(6, 3, 2, 1),
                        new LayerSpec.AvgPool(2),
                        new LayerSpec.Act(Activation.TANH),
                        new LayerSpec.Conv(8, 1, 1, 0),
                        new LayerSpec.GlobalAvgPool(),
                        new LayerSpec.Dropout(0.1)),
                null,
                precision);
        Network net = spec.build(Shape.image(2, 16, 16), 5, Activation.IDENTITY);
        net.initialize(new SplittableRandom(1));
        MatrixOps ops = MatrixOps.withThreads(1);
        Pass pass = Pass.training(ops, new SplittableRandom(2));
        Loss loss = new SoftmaxCrossEntropy();
        int n = 8;
        Matrix x = Matrix.zeros(n, 512).fillUniform(new SplittableRandom(3), -1, 1);
        Matrix y = labels(n);
        for (int i = 0; i < n; i++) {
            y.set(i, 0, i % 5);
        }
        FloatMatrix xF = FloatMatrix.roundedFrom(x);
        FloatMatrix yF = FloatMatrix.roundedFrom(y);
        Matrix g = Matrix.zeros(n, 5);
        FloatMatrix gF = FloatMatrix.zeros(n, 5);
        Runnable trainingStep = precision == Precision.FLOAT32
                ? () -> {
                    loss.valueAndGradient(ops, net.forward(pass, xF), yF, gF);
                    net.backward(ops, gF);
                }
                : () -> {
                    loss.valueAndGradient(ops, net.forward(pass, x), y, g);
                    net.backward(ops, g);
                };
        for (int i = 0; i < 10_000; i++) {
            trainingStep.run();
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        int steps = 500;
        for (int i = 0; i < steps; i++) {
            trainingStep.run();
        }
        double perStep = (threads.getThreadAllocatedBytes(id) - before) / (double) steps;
        assertTrue(perStep < 128, "a training step allocated " + perStep + " bytes");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aChunkedPassGivesTheBitsOfAWholeBatch(Precision precision) {
        Network net = SMALL.withPrecision(precision).build(IMAGE, 10, Activation.IDENTITY);
        net.initialize(new SplittableRandom(8));
        Network chunked = net.replicate();
        Conv2d first = (Conv2d) chunked.layers().get(0);
        first.setChunkElements(25 * 784 * 3); // three samples per chunk, the last one shorter
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix x = images(10, 9);
        double[] whole = net.forward(Pass.inference(ops), x).toArray();
        double[] parts = chunked.forward(Pass.inference(ops), x).toArray();
        assertArrayEquals(whole, parts);
        // A training step too: the same outputs and the same gradients, since the samples' kernel gradients
        // are added in sample order whatever the chunks (the gradient check covers the chunked backward too).
        Matrix y = labels(10);
        Loss loss = new SoftmaxCrossEntropy();
        double[][] gradients = new double[2][];
        double[][] outputs = new double[2][];
        Network[] nets = {net, chunked};
        for (int k = 0; k < 2; k++) {
            Matrix out = nets[k].forward(Pass.training(ops, new SplittableRandom(4)), x);
            outputs[k] = out.toArray();
            Matrix g = Matrix.zeros(10, 10);
            loss.valueAndGradient(ops, out, y, g);
            nets[k].backward(ops, g);
            gradients[k] = nets[k].gradients().clone();
        }
        assertArrayEquals(outputs[0], outputs[1]);
        assertArrayEquals(gradients[0], gradients[1]);
    }

    @Test
    void aConvolutionCountsTheFlopsOfItsMultipliesAndLoops() {
        // 2 x 6 x 6 input, 3 filters of 3x3, stride 1, pad 1: K = 18, P = 36, N = 4.
        Conv2d conv = new Conv2d(2, 6, 6, 3, 3, 3, 1, 1, Initializer.HE_UNIFORM, 1);
        double[] p = new double[conv.parameterCount()];
        conv.bind(p, new double[p.length], 0);
        conv.initialize(new SplittableRandom(1));
        MatrixOps ops = MatrixOps.withThreads(1);
        int n = 4;
        long multiply = 2L * 3 * 18 * (n * 36);
        conv.forward(Pass.inference(ops), Matrix.zeros(n, 72));
        assertEquals(multiply + n * 3 * 36, ops.flops(), "the kernel product and the bias");
        long before = ops.flops();
        conv.backward(ops, Matrix.zeros(n, 108));
        // Inside-the-input patch entries per sample: per axis, offsets 0 and 2 reach 5 of 6 outputs, 1 all 6.
        long inside = 2L * (5 + 6 + 5) * (5 + 6 + 5);
        // The samples' kernel and bias gradients (18 x 3 and 3 each) are computed apart and then added.
        assertEquals(
                2 * multiply + n * 3 * 36 + n * inside + n * (18 + 1) * 3,
                ops.flops() - before,
                "dW, dcols, db, col2im and the sum of the samples' dW");
    }
}
