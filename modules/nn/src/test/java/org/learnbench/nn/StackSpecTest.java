package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

class StackSpecTest {
    /** LeNet-5 as issue 17 describes it: conv 6@5x5 pad 2, pool, conv 16@5x5, pool, dense 120-84, output 10. */
    static final StackSpec LENET = new StackSpec(List.of(
            new LayerSpec.Conv(6, 5, 1, 2),
            new LayerSpec.Act(Activation.RELU),
            new LayerSpec.MaxPool(2),
            new LayerSpec.Conv(16, 5, 1, 0),
            new LayerSpec.Act(Activation.RELU),
            new LayerSpec.MaxPool(2),
            new LayerSpec.Flatten(),
            new LayerSpec.Dense(120),
            new LayerSpec.Act(Activation.RELU),
            new LayerSpec.Dense(84),
            new LayerSpec.Act(Activation.RELU)));

    private static final Shape MNIST = Shape.image(1, 28, 28);

    private static String message(StackSpec spec, Shape input) {
        return assertThrows(IllegalArgumentException.class, () -> spec.build(input, 10, Activation.SOFTMAX))
                .getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }

    @Test
    void infersLenetShapesFromTheInputShape() {
        List<Shape> shapes = LENET.shapes(MNIST);
        assertEquals(
                List.of(
                        "1x28x28",
                        "6x28x28",
                        "6x28x28",
                        "6x14x14",
                        "16x10x10",
                        "16x10x10",
                        "16x5x5",
                        "400",
                        "120",
                        "120",
                        "84",
                        "84"),
                shapes.stream().map(Shape::toString).toList());
        Network net = LENET.build(MNIST, 10, Activation.IDENTITY);
        assertEquals(784, net.inputSize());
        assertEquals(10, net.outputSize());
        int expected = (6 * 25 + 6) + (16 * 6 * 25 + 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
        assertEquals(expected, net.parameterCount(), "torch's LeNet-5 has 61706 parameters");
        assertEquals(61706, expected);
        assertEquals(
                "1x28x28: conv 6@5x5 pad 2 -> 6x28x28, relu, maxpool 2 -> 6x14x14, conv 16@5x5 -> 16x10x10, relu,"
                        + " maxpool 2 -> 16x5x5, flatten -> 400, dense 120, relu, dense 84, relu, dense 10",
                LENET.describe(MNIST, 10));
        assertTrue(LENET.withPrecision(Precision.FLOAT32).describe(MNIST, 10).endsWith(" float32"));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void anMlpSpecAsAStackBuildsTheSameNetwork(Precision precision) {
        for (MlpSpec mlp : List.of(
                new MlpSpec(List.of(7, 5), Activation.TANH, null, 0.2, precision),
                new MlpSpec(List.of(6), Activation.RELU, Initializer.XAVIER_NORMAL, 0, precision),
                new MlpSpec(List.of(), Activation.SIGMOID, null, 0, precision))) {
            Network expected = mlp.build(4, 3, Activation.SOFTMAX);
            Network actual = StackSpec.of(mlp).build(Shape.vector(4), 3, Activation.SOFTMAX);
            assertEquals(expected.describe(), actual.describe());
            assertEquals(expected.precision(), actual.precision());
            expected.initialize(new SplittableRandom(3));
            actual.initialize(new SplittableRandom(3));
            assertArrayEquals(expected.parameters(), actual.parameters(), "same initialisers, gains and draws");
            Matrix x = Matrix.zeros(2, 4).fillUniform(new SplittableRandom(4), -1, 1);
            MatrixOps ops = MatrixOps.withThreads(1);
            assertArrayEquals(
                    expected.forward(Pass.inference(ops), x).toArray(),
                    actual.forward(Pass.inference(ops), x).toArray());
        }
    }

    @Test
    void convWeightsAreInitialisedWithTorchsFansOfAConvolution() {
        // fan_in = 8 * 5 * 5 = 200 and fan_out = 40 * 5 * 5 = 1000, as torch.nn.init computes them for a
        // Conv2d(8, 40, 5) weight; a 40 x 200 matrix's own rows and columns would give 40 and 200 instead.
        MatrixOps ops = MatrixOps.withThreads(1);
        for (Initializer init : Initializer.values()) {
            Conv2d conv = new Conv2d(8, 9, 9, 40, 5, 5, 1, 0, init, Math.sqrt(2));
            double[] p = new double[conv.parameterCount()];
            conv.bind(p, new double[p.length], 0);
            conv.initialize(new SplittableRandom(11));
            Matrix w = conv.weights();
            double expected =
                    switch (init) {
                        case XAVIER_UNIFORM, XAVIER_NORMAL -> 2 * 2.0 / (200 + 1000);
                        case HE_UNIFORM, HE_NORMAL -> 2.0 / 200;
                    };
            double mean = ops.sum(w) / w.size();
            double variance = ops.sumOfSquares(w) / w.size() - mean * mean;
            // 8000 draws: the sample variance is within 5% of the true one with overwhelming probability.
            assertEquals(expected, variance, 0.05 * expected, init.name());
            assertEquals(0, ops.sumOfSquares(conv.bias()), "zero biases");
        }
    }

    @Test
    void refusesAKernelLargerThanItsPaddedInput() {
        StackSpec spec = new StackSpec(
                List.of(new LayerSpec.Conv(4, 3, 1, 0), new LayerSpec.Conv(0, 4, 9, 5, 1, 1), new LayerSpec.Flatten()));
        assertMentions(
                message(spec, Shape.image(1, 8, 8)),
                "layer 1 (conv 4@9x5 pad 1):",
                "9x5 kernel is larger than its input 4x6x6 padded to 8x8");
    }

    @Test
    void refusesAPoolingWindowThatDoesNotFit() {
        StackSpec spec = new StackSpec(
                List.of(new LayerSpec.Conv(4, 3, 1, 0), new LayerSpec.Act(Activation.RELU), new LayerSpec.MaxPool(5)));
        assertMentions(
                message(spec, Shape.image(1, 6, 6)),
                "layer 2 (maxpool 5)",
                "5x5 window is larger than its input 4x4x4");
    }

    @Test
    void refusesPoolingWindowsThatDoNotTileTheirInput() {
        StackSpec max = new StackSpec(List.of(new LayerSpec.MaxPool(2), new LayerSpec.Flatten()));
        assertMentions(
                message(max, Shape.image(3, 7, 8)),
                "layer 0 (maxpool 2)",
                "do not tile its input 3x7x8",
                "last 1 row(s) and 0 column(s)");
        StackSpec avg = new StackSpec(List.of(new LayerSpec.AvgPool(3, 2), new LayerSpec.Flatten()));
        assertMentions(message(avg, Shape.image(1, 9, 10)), "layer 0 (avgpool 3 stride 2)", "0 row(s) and 1 column(s)");
        // 9x9 with windows of 3 at stride 2 leaves nothing out (torch gives 4x4 too): accepted.
        assertEquals("1x4x4", avg.shapes(Shape.image(1, 9, 9)).get(1).toString());
    }

    @Test
    void refusesAConvolutionWhoseDeclaredChannelsDifferFromItsInput() {
        StackSpec spec = new StackSpec(List.of(
                new LayerSpec.Conv(0, 6, 5, 5, 1, 2),
                new LayerSpec.Conv(3, 16, 5, 5, 1, 0),
                new LayerSpec.GlobalAvgPool()));
        assertMentions(message(spec, MNIST), "layer 1 (conv 16@5x5)", "expects 3 input channels", "6x28x28 has 6");
        assertMentions(
                message(new StackSpec(List.of(new LayerSpec.Conv(3, 8, 3, 3, 1, 1))), MNIST),
                "layer 0 (conv 8@3x3 pad 1)",
                "expects 3 input channels, but its input 1x28x28 has 1");
    }

    @Test
    void refusesADenseLayerAfterAnImageWithoutFlatten() {
        StackSpec spec = new StackSpec(
                List.of(new LayerSpec.Conv(6, 5, 1, 2), new LayerSpec.MaxPool(2), new LayerSpec.Dense(120)));
        assertMentions(
                message(spec, MNIST),
                "layer 2 (dense 120)",
                "needs a flat input, got the image 6x14x14",
                "put a flatten");
        StackSpec noFlatten = new StackSpec(List.of(new LayerSpec.Conv(6, 5, 1, 2), new LayerSpec.MaxPool(2)));
        assertMentions(message(noFlatten, MNIST), "the output layer (dense 10)", "image 6x14x14", "end the stack");
        assertEquals("6x14x14", noFlatten.outputShape(MNIST).toString(), "the hidden stack alone is fine");
    }

    @Test
    void refusesConvAndPoolingOnAFlatInput() {
        assertMentions(
                message(new StackSpec(List.of(new LayerSpec.Conv(6, 3, 1, 1))), Shape.vector(64)),
                "layer 0 (conv 6@3x3 pad 1)",
                "needs an image input",
                "flat vector of 64");
        StackSpec flattened =
                new StackSpec(List.of(new LayerSpec.Flatten(), new LayerSpec.AvgPool(2), new LayerSpec.Flatten()));
        assertMentions(
                message(flattened, MNIST),
                "layer 1 (avgpool 2)",
                "flat vector of 784",
                "the input was flattened before it");
        assertMentions(
                message(new StackSpec(List.of(new LayerSpec.GlobalAvgPool())), Shape.vector(10)),
                "layer 0 (global avgpool)");
    }

    @Test
    void layerSpecsRefuseImpossibleSettingsWithTheValues() {
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Conv(0, 3, 1, 0))
                        .getMessage(),
                "filters 0");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Conv(4, 3, 0, 1))
                        .getMessage(),
                "stride 0");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Conv(4, 3, 1, -1))
                        .getMessage(),
                "padding -1");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new LayerSpec.MaxPool(0))
                        .getMessage(),
                "kernel 0");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new LayerSpec.AvgPool(2, 0))
                        .getMessage(),
                "stride 0");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Dense(0))
                        .getMessage(),
                "got 0");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Dropout(1.0))
                        .getMessage(),
                "1.0");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> Shape.image(0, 28, 28))
                        .getMessage(),
                "0x28x28");
        assertThrows(NullPointerException.class, () -> new LayerSpec.Act(null));
        assertThrows(IllegalArgumentException.class, () -> LENET.build(MNIST, 0, Activation.SOFTMAX));
    }

    @Test
    void theLayersThemselvesRefuseWindowsThatDoNotFit() {
        assertMentions(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Conv2d(1, 4, 4, 2, 7, 3, 1, 1, Initializer.HE_UNIFORM, 1))
                        .getMessage(),
                "7x3 kernel does not fit a 4x4 input padded by 1 to 6x6");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 3, 5, 4, 1))
                        .getMessage(),
                "4x4 window does not fit a 3x5 input");
        assertMentions(
                assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 3, 5, 2, 0))
                        .getMessage(),
                "stride 0");
    }

    @Test
    void activationsAndDropoutKeepTheShapeAndGlobalPoolingFlattens() {
        StackSpec spec = new StackSpec(List.of(
                new LayerSpec.Conv(5, 3, 2, 1),
                new LayerSpec.Act(Activation.TANH),
                new LayerSpec.Dropout(0.5),
                new LayerSpec.GlobalAvgPool(),
                new LayerSpec.Dense(7)));
        assertEquals(
                List.of("3x9x9", "5x5x5", "5x5x5", "5x5x5", "5", "7"),
                spec.shapes(Shape.image(3, 9, 9)).stream().map(Shape::toString).toList());
        Network net = spec.build(Shape.image(3, 9, 9), 2, Activation.IDENTITY);
        assertEquals(
                "conv 3x9x9->5x5x5 3x3 stride 2 pad 1, tanh, dropout 0.5, global avgpool 5x5x5->5, dense 5->7,"
                        + " dense 7->2",
                net.describe());
    }
}
