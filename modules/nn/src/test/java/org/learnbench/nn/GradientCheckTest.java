package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Five-point central-difference gradient checks in double precision for every layer, activation and loss, alone and
 * combined in networks. The five-point stencil (-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)) / 12h has
 * error O(h^4), which lets h be large enough that round-off does not swamp small gradients. Relative error |analytic - numeric| / max(|analytic|, |numeric|, FLOOR); the
 * floor keeps gradients that are zero up to round-off (dead ReLUs) from dividing by nothing.
 */
class GradientCheckTest {
    private static final double H = 1e-4;
    private static final double FLOOR = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private final MatrixOps ops = MatrixOps.withThreads(1);

    private static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /** d f / d v at v = at by the five-point stencil; restores v = at afterwards. */
    private static double derivative(
            java.util.function.DoubleConsumer set, double at, java.util.function.DoubleSupplier f) {
        set.accept(at + 2 * H);
        double p2 = f.getAsDouble();
        set.accept(at + H);
        double p1 = f.getAsDouble();
        set.accept(at - H);
        double m1 = f.getAsDouble();
        set.accept(at - 2 * H);
        double m2 = f.getAsDouble();
        set.accept(at);
        // Differences first: a function that does not depend on v (an input no pooling window picks) gives
        // exactly 0, where -p2 + 8p1 - 8m1 + m2 would leave a rounding error of f over 12h.
        return ((m2 - p2) + 8 * (p1 - m1)) / (12 * H);
    }

    /** Loss used for single layers: L = sum(output ⊙ R) for a fixed random R, so dL/d(output) = R. */
    private double projected(Matrix output, Matrix r) {
        return MatrixOps.withThreads(1).sum(MatrixOps.withThreads(1).elementMult(output, r, null));
    }

    private void checkLayer(Supplier<Layer> factory, boolean training) {
        checkLayer(factory, training, false);
    }

    /**
     * @param spaced inputs a shuffle of evenly spaced values, at least 1e-3 apart: max pooling's derivative
     *     jumps where two inputs of a window swap places, which random inputs closer than the stencil's 2h
     *     would straddle
     */
    private void checkLayer(Supplier<Layer> factory, boolean training, boolean spaced) {
        RandomGenerator rng = new SplittableRandom(17);
        Layer layer = factory.get();
        double[] params = new double[layer.parameterCount()];
        double[] grads = new double[layer.parameterCount()];
        layer.bind(params, grads, 0);
        layer.initialize(rng);
        // Keep ReLU inputs away from the kink so central differences are valid.
        Matrix x = ops.map(
                Matrix.zeros(5, layer.inputSize()).fillUniform(rng, -1, 1),
                v -> Math.abs(v) < 0.05 ? v + 0.1 : v,
                null);
        if (spaced) {
            double[] d = x.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = -1 + 2.0 * i / d.length;
            }
            for (int i = d.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                double t = d[i];
                d[i] = d[j];
                d[j] = t;
            }
        }
        Matrix r = Matrix.zeros(5, layer.outputSize()).fillUniform(rng, -1, 1);
        long maskSeed = 99;
        Supplier<Pass> pass = () -> training ? Pass.training(ops, new SplittableRandom(maskSeed)) : Pass.inference(ops);

        Matrix out = layer.forward(pass.get(), x);
        Matrix gradInput = layer.backward(ops, r).copy();
        double[] analyticParams = grads.clone();
        double worst = 0;
        String worstAt = "";
        for (int p = 0; p < params.length; p++) {
            int index = p;
            double numeric =
                    derivative(v -> params[index] = v, params[p], () -> projected(layer.forward(pass.get(), x), r));
            double error = relativeError(analyticParams[p], numeric);
            if (error > worst) {
                worst = error;
                worstAt = "parameter " + p + ": analytic " + analyticParams[p] + ", numeric " + numeric;
            }
        }
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                int row = i, col = j;
                Matrix input = x;
                double numeric = derivative(
                        v -> input.set(row, col, v), x.get(i, j), () -> projected(layer.forward(pass.get(), input), r));
                double error = relativeError(gradInput.get(i, j), numeric);
                if (error > worst) {
                    worst = error;
                    worstAt = "dL/d(input " + i + ", " + j + "): analytic " + gradInput.get(i, j) + ", numeric "
                            + numeric;
                }
            }
        }
        assertTrue(out.allFinite());
        assertTrue(worst < TOLERANCE, layer.describe() + ": max relative error " + worst + " at " + worstAt);
    }

    @ParameterizedTest
    @EnumSource(Initializer.class)
    void denseLayerGradientsMatchCentralDifferences(Initializer init) {
        checkLayer(() -> new Dense(4, 3, init, 1.0), false);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationGradientsMatchCentralDifferences(Activation activation) {
        checkLayer(() -> new ActivationLayer(activation, 4), false);
    }

    @org.junit.jupiter.api.Test
    void dropoutGradientsMatchCentralDifferencesForAFixedMask() {
        checkLayer(() -> new Dropout(0.4, 6), true);
        checkLayer(() -> new Dropout(0.4, 6), false);
    }

    static Stream<Arguments> networks() {
        List<Activation> hidden = List.of(Activation.values());
        Stream.Builder<Arguments> all = Stream.builder();
        for (Activation h : hidden) {
            all.add(Arguments.of(h, Activation.IDENTITY, "cross_entropy"));
            for (Activation out : List.of(
                    Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.SOFTMAX)) {
                all.add(Arguments.of(h, out, "mse"));
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "hidden {0}, output {1}, loss {2}")
    @MethodSource("networks")
    void networkGradientsMatchCentralDifferencesForEveryActivationAndLoss(
            Activation hidden, Activation output, String lossName) {
        RandomGenerator rng = new SplittableRandom(23);
        Network net = Network.mlp(new int[] {4, 6, 5, 3}, hidden, output, null, 0.25);
        net.initialize(rng);
        int n = 7;
        Matrix x = Matrix.zeros(n, 4).fillUniform(rng, -1, 1);
        Loss loss;
        Matrix y;
        if (lossName.equals("mse")) {
            loss = new MeanSquaredError();
            y = Matrix.zeros(n, 3).fillUniform(rng, 0, 1);
        } else {
            loss = new SoftmaxCrossEntropy();
            y = Matrix.zeros(n, 1);
            for (int i = 0; i < n; i++) {
                y.set(i, 0, i % 3);
            }
        }
        Supplier<Pass> pass = () -> Pass.training(ops, new SplittableRandom(5));
        Matrix out = net.forward(pass.get(), x);
        Matrix gradOut = Matrix.zeros(out.rows(), out.cols());
        loss.valueAndGradient(ops, out, y, gradOut);
        net.backward(ops, gradOut);
        double[] analytic = net.gradients().clone();
        double[] params = net.parameters();
        double worst = 0;
        for (int p = 0; p < params.length; p++) {
            int index = p;
            double numeric =
                    derivative(v -> params[index] = v, params[p], () -> loss.value(ops, net.forward(pass.get(), x), y));
            worst = Math.max(worst, relativeError(analytic[p], numeric));
        }
        assertTrue(worst < TOLERANCE, net.describe() + " with " + lossName + ": max relative error " + worst);
    }

    @ParameterizedTest(name = "public checker, hidden {0}")
    @EnumSource(Activation.class)
    void thePublicCheckerPassesCorrectNetworks(Activation hidden) {
        RandomGenerator rng = new SplittableRandom(31);
        Network net = Network.mlp(new int[] {3, 5, 4}, hidden, Activation.IDENTITY, null, 0);
        net.initialize(rng);
        Matrix x = Matrix.zeros(6, 3).fillUniform(rng, -1, 1);
        Matrix y = Matrix.zeros(6, 4).fillUniform(rng, -1, 1);
        double[] before = net.parameters().clone();
        GradientCheck.Result r = GradientCheck.check(net, new MeanSquaredError(), x, y);
        assertTrue(r.passes(TOLERANCE), r.toString());
        assertTrue(java.util.Arrays.equals(before, net.parameters()), "parameters restored bit for bit");
        assertTrue(r.analytic().length == net.parameterCount());
    }

    @org.junit.jupiter.api.Test
    void thePublicCheckerCatchesAWrongGradient() {
        RandomGenerator rng = new SplittableRandom(37);
        Dense dense = new Dense(3, 2, Initializer.XAVIER_UNIFORM, 1);
        // A layer whose backward doubles the weight gradient: the kind of bug the check exists for.
        Layer wrong = new Layer() {
            @Override
            public int inputSize() {
                return 3;
            }

            @Override
            public int outputSize() {
                return 2;
            }

            @Override
            public int parameterCount() {
                return dense.parameterCount();
            }

            @Override
            public void bind(double[] parameters, double[] gradients, int offset) {
                dense.bind(parameters, gradients, offset);
            }

            @Override
            public void initialize(RandomGenerator random) {
                dense.initialize(random);
            }

            @Override
            public Matrix forward(Pass pass, Matrix input) {
                return dense.forward(pass, input);
            }

            @Override
            public Matrix backward(MatrixOps ops, Matrix gradOutput) {
                Matrix g = dense.backward(ops, gradOutput);
                ops.scale(2, dense.weightGradients(), dense.weightGradients());
                return g;
            }

            @Override
            public org.learnbench.matrix.FloatMatrix forward(Pass pass, org.learnbench.matrix.FloatMatrix input) {
                return dense.forward(pass, input);
            }

            @Override
            public org.learnbench.matrix.FloatMatrix backward(
                    MatrixOps ops, org.learnbench.matrix.FloatMatrix gradOutput) {
                return dense.backward(ops, gradOutput);
            }

            @Override
            public Layer freshCopy() {
                return this;
            }

            @Override
            public String describe() {
                return "wrong dense";
            }
        };
        Network net = new Network(List.of(wrong));
        net.initialize(rng);
        Matrix x = Matrix.zeros(4, 3).fillUniform(rng, -1, 1);
        Matrix y = Matrix.zeros(4, 2).fillUniform(rng, -1, 1);
        GradientCheck.Result r = GradientCheck.check(net, new MeanSquaredError(), x, y);
        assertTrue(!r.passes(0.1), "a doubled gradient must fail the check: " + r);
        assertTrue(Math.abs(r.maxRelativeError() - 0.5) < 1e-6, r.toString());
    }

    /** C, H, W, filters, kh, kw, stride, padding: square and not, strided, padding wider than the kernel. */
    static Stream<Arguments> convolutions() {
        return Stream.of(
                Arguments.of(1, 5, 5, 2, 3, 3, 1, 0),
                Arguments.of(2, 5, 4, 3, 3, 2, 2, 1),
                Arguments.of(2, 6, 6, 2, 2, 2, 2, 0),
                Arguments.of(3, 4, 5, 2, 1, 1, 1, 2),
                Arguments.of(1, 3, 3, 2, 5, 5, 1, 1),
                Arguments.of(2, 7, 6, 2, 3, 3, 3, 2));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} -> {3} filters {4}x{5} stride {6} pad {7}")
    @MethodSource("convolutions")
    void convolutionGradientsMatchCentralDifferences(
            int c, int h, int w, int filters, int kh, int kw, int stride, int padding) {
        checkLayer(() -> new Conv2d(c, h, w, filters, kh, kw, stride, padding, Initializer.XAVIER_UNIFORM, 1), false);
    }

    @org.junit.jupiter.api.Test
    void aChunkedConvolutionGradientMatchesCentralDifferences() {
        // 72 patch entries per chunk, 36 per sample: chunks of 2, 2 and 1 of the 5 samples, so the backward
        // pass rebuilds the patches of the first two chunks and adds the three chunks' kernel gradients.
        checkLayer(
                () -> {
                    Conv2d conv = new Conv2d(1, 4, 4, 2, 3, 3, 1, 0, Initializer.HE_NORMAL, 1);
                    conv.setChunkElements(2 * 9 * 4);
                    return conv;
                },
                false);
    }

    /** C, H, W, kernel, stride: side by side, overlapping, and windows that leave a border out. */
    static Stream<Arguments> poolings() {
        return Stream.of(
                Arguments.of(2, 4, 4, 2, 2),
                Arguments.of(2, 5, 5, 2, 1),
                Arguments.of(1, 7, 6, 3, 2),
                Arguments.of(3, 5, 4, 3, 1),
                Arguments.of(1, 3, 3, 1, 2),
                // Side-by-side 2 x 2 windows (their own loops) leaving a border row and column out.
                Arguments.of(2, 5, 7, 2, 2));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} kernel {3} stride {4}")
    @MethodSource("poolings")
    void maxPoolingGradientsMatchCentralDifferences(int c, int h, int w, int kernel, int stride) {
        checkLayer(() -> new MaxPool2d(c, h, w, kernel, stride), false, true);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} kernel {3} stride {4}")
    @MethodSource("poolings")
    void averagePoolingGradientsMatchCentralDifferences(int c, int h, int w, int kernel, int stride) {
        checkLayer(() -> new AvgPool2d(c, h, w, kernel, stride), false);
    }

    @org.junit.jupiter.api.Test
    void globalAveragePoolingGradientsMatchCentralDifferences() {
        checkLayer(() -> new GlobalAvgPool(3, 4, 5), false);
        checkLayer(() -> new GlobalAvgPool(2, 1, 1), false);
    }

    static Stream<Arguments> convNetworks() {
        return Stream.of(
                Arguments.of(new StackSpec(List.of(
                        new LayerSpec.Conv(3, 3, 1, 1),
                        new LayerSpec.Act(Activation.TANH),
                        new LayerSpec.MaxPool(2),
                        new LayerSpec.Conv(4, 2, 1, 0),
                        new LayerSpec.Act(Activation.SIGMOID),
                        new LayerSpec.Flatten(),
                        new LayerSpec.Dense(5),
                        new LayerSpec.Act(Activation.TANH),
                        new LayerSpec.Dropout(0.3)))),
                Arguments.of(new StackSpec(List.of(
                        new LayerSpec.Conv(2, 4, 3, 3, 2, 1),
                        new LayerSpec.AvgPool(2, 1),
                        new LayerSpec.Act(Activation.RELU),
                        new LayerSpec.Conv(3, 2, 1, 1),
                        new LayerSpec.GlobalAvgPool()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convNetworks")
    void smallConvNetworkGradientsMatchCentralDifferences(StackSpec spec) {
        RandomGenerator rng = new SplittableRandom(47);
        Network net = spec.build(Shape.image(2, 6, 6), 3, Activation.IDENTITY);
        net.initialize(rng);
        int n = 4;
        Matrix x = Matrix.zeros(n, 72).fillUniform(rng, -1, 1);
        Matrix y = Matrix.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            y.set(i, 0, i % 3);
        }
        GradientCheck.Result r = GradientCheck.check(net, new SoftmaxCrossEntropy(), x, y);
        assertTrue(r.passes(TOLERANCE), net.describe() + ": " + r);
    }
}
