package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * The single-precision layers and losses. Central differences in float are swamped by rounding, so
 * each float layer, loss and network is checked against its double twin, whose gradients {@link
 * GradientCheckTest} checks by differences: from the same float-representable inputs and parameters the
 * float forward values and every float gradient must agree with the double ones to float accuracy. A
 * coarse float-only difference check on a whole network backs this up, and the FLOP counts must be
 * those of the double path.
 */
class SinglePrecisionTest {
    /** Float agreement: a few units of float epsilon (6e-8) times the accumulated terms, with headroom. */
    private static final double AGREEMENT = 2e-5;

    private final MatrixOps ops = MatrixOps.withThreads(1);

    /** Largest |a - b| relative to the largest |b| (so tiny entries are judged on the whole's scale). */
    private static double relativeDifference(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double scale = 1e-30;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst / scale;
    }

    private static double[] widened(FloatMatrix m) {
        return m.toMatrix().toArray();
    }

    /** A matrix of float-representable doubles, kept away from ReLU's kink. */
    private static Matrix floatValues(RandomGenerator rng, int rows, int cols) {
        Matrix m = Matrix.zeros(rows, cols).fillUniform(rng, -1, 1);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            double v = Math.abs(d[i]) < 0.05 ? d[i] + 0.1 : d[i];
            d[i] = (float) v;
        }
        return m;
    }

    private void compareLayer(Supplier<Layer> factory, boolean training) {
        RandomGenerator rng = new SplittableRandom(41);
        Layer layer = factory.get();
        int count = layer.parameterCount();
        double[] params = new double[count];
        double[] grads = new double[count];
        float[] paramsF = new float[count];
        float[] gradsF = new float[count];
        layer.bind(params, grads, 0);
        layer.bind(paramsF, gradsF, 0);
        layer.initialize(rng);
        for (int i = 0; i < count; i++) {
            paramsF[i] = (float) params[i];
            params[i] = paramsF[i];
        }
        Matrix x = floatValues(rng, 9, layer.inputSize());
        Matrix r = floatValues(rng, 9, layer.outputSize());
        Supplier<Pass> pass = () -> training ? Pass.training(ops, new SplittableRandom(7)) : Pass.inference(ops);

        long before = ops.flops();
        Matrix out = layer.forward(pass.get(), x).copy();
        Matrix gradIn = layer.backward(ops, r).copy();
        long doubleFlops = ops.flops() - before;
        before = ops.flops();
        FloatMatrix outF = layer.forward(pass.get(), FloatMatrix.roundedFrom(x));
        double[] outFloat = widened(outF);
        FloatMatrix gradInF = layer.backward(ops, FloatMatrix.roundedFrom(r));
        long floatFlops = ops.flops() - before;

        String what = layer.describe() + (training ? " (training)" : "");
        assertTrue(relativeDifference(outFloat, out.toArray()) < AGREEMENT, what + ": forward");
        assertTrue(relativeDifference(widened(gradInF), gradIn.toArray()) < AGREEMENT, what + ": dL/d(input)");
        if (count > 0) {
            double[] gradsFloat = new double[count];
            for (int i = 0; i < count; i++) {
                gradsFloat[i] = gradsF[i];
            }
            assertTrue(relativeDifference(gradsFloat, grads) < AGREEMENT, what + ": parameter gradients");
        }
        assertEquals(doubleFlops, floatFlops, what + ": the FLOP count is the double path's");
    }

    @ParameterizedTest
    @EnumSource(Initializer.class)
    void floatDenseAgreesWithDoubleDense(Initializer init) {
        compareLayer(() -> new Dense(5, 4, init, 1.0), false);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void floatActivationsAgreeWithDoubleActivations(Activation activation) {
        compareLayer(() -> new ActivationLayer(activation, 6), false);
    }

    @Test
    void floatDropoutDrawsTheSameMaskAsDoubleDropout() {
        compareLayer(() -> new Dropout(0.4, 8), true);
        compareLayer(() -> new Dropout(0.4, 8), false);
        Dropout dropout = new Dropout(0.5, 1000);
        Matrix ones = Matrix.zeros(1, 1000).fill(1);
        Matrix kept = dropout.forward(Pass.training(ops, new SplittableRandom(3)), ones);
        FloatMatrix keptF = dropout.forward(Pass.training(ops, new SplittableRandom(3)), FloatMatrix.roundedFrom(ones));
        assertArrayEquals(kept.toArray(), widened(keptF), "same uniforms, same units kept, same scale 2");
    }

    static Stream<Arguments> losses() {
        return Stream.of(Arguments.of(new SoftmaxCrossEntropy()), Arguments.of(new MeanSquaredError()));
    }

    @ParameterizedTest
    @MethodSource("losses")
    void floatLossesAgreeWithDoubleLosses(Loss loss) {
        RandomGenerator rng = new SplittableRandom(43);
        int n = 11;
        Matrix out = floatValues(rng, n, 4).fill(0).copyFrom(floatValues(rng, n, 4));
        Matrix y = loss instanceof SoftmaxCrossEntropy ? classes(n, 4) : floatValues(rng, n, 4);
        Matrix grad = Matrix.zeros(n, 4);
        FloatMatrix gradF = FloatMatrix.zeros(n, 4);
        double value = loss.valueAndGradient(ops, out, y, grad);
        double valueF = loss.valueAndGradient(ops, FloatMatrix.roundedFrom(out), FloatMatrix.roundedFrom(y), gradF);
        assertEquals(value, valueF, 1e-6 * Math.abs(value), loss.name() + ": value");
        assertEquals(value, loss.value(ops, FloatMatrix.roundedFrom(out), FloatMatrix.roundedFrom(y)), 1e-6 * value);
        assertTrue(relativeDifference(widened(gradF), grad.toArray()) < AGREEMENT, loss.name() + ": gradient");
    }

    private static Matrix classes(int n, int k) {
        Matrix y = Matrix.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            y.set(i, 0, (i * 7) % k);
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void aFloat32NetworkAgreesWithTheSameFloat64Network(Activation hidden) {
        int[] sizes = {6, 8, 7, 3};
        Network single = Network.mlp(sizes, hidden, Activation.IDENTITY, null, 0.2, Precision.FLOAT32);
        Network dbl = Network.mlp(sizes, hidden, Activation.IDENTITY, null, 0.2);
        single.initialize(new SplittableRandom(5));
        dbl.initialize(new SplittableRandom(5));
        for (int i = 0; i < dbl.parameterCount(); i++) {
            assertEquals(
                    (float) dbl.parameters()[i], single.parameters()[i], "initialised from the same draws, rounded");
        }
        dbl.setParameters(single.parameters());
        RandomGenerator rng = new SplittableRandom(9);
        Matrix x = floatValues(rng, 10, 6);
        Matrix y = classes(10, 3);
        Loss loss = new SoftmaxCrossEntropy();

        Matrix out = dbl.forward(Pass.training(ops, new SplittableRandom(1)), x);
        Matrix g = Matrix.zeros(10, 3);
        loss.valueAndGradient(ops, out, y, g);
        dbl.backward(ops, g);

        FloatMatrix outF = single.forward(Pass.training(ops, new SplittableRandom(1)), FloatMatrix.roundedFrom(x));
        FloatMatrix gF = FloatMatrix.zeros(10, 3);
        loss.valueAndGradient(ops, outF, FloatMatrix.roundedFrom(y), gF);
        single.backward(ops, gF);
        double[] copied = new double[single.parameterCount()];
        single.copyGradients(copied);

        assertTrue(relativeDifference(widened(outF), out.toArray()) < AGREEMENT, "outputs");
        assertTrue(relativeDifference(copied, dbl.gradients()) < AGREEMENT, "gradients");
        assertArrayEquals(copied, single.gradients(), "gradients() and copyGradients agree");
        assertTrue(single.describe().equals(dbl.describe()));
    }

    @Test
    void theDoubleApiOfAFloat32NetworkComputesInSinglePrecision() {
        Network net =
                Network.mlp(new int[] {4, 5, 2}, Activation.TANH, Activation.IDENTITY, null, 0, Precision.FLOAT32);
        net.initialize(new SplittableRandom(2));
        Matrix x = floatValues(new SplittableRandom(3), 6, 4);
        double[] viaDouble = net.forward(Pass.inference(ops), x).toArray();
        double[] viaFloat = widened(net.forward(Pass.inference(ops), FloatMatrix.roundedFrom(x)));
        assertArrayEquals(viaFloat, viaDouble, "the same bits: the double API rounds the input and widens the output");

        Matrix g = floatValues(new SplittableRandom(4), 6, 2);
        net.forward(Pass.inference(ops), x);
        net.backward(ops, g);
        double[] viaDoubleGrad = net.gradients().clone();
        net.forward(Pass.inference(ops), FloatMatrix.roundedFrom(x));
        net.backward(ops, FloatMatrix.roundedFrom(g));
        assertArrayEquals(viaDoubleGrad, net.gradients());
    }

    @Test
    void aFloat32NetworkRoundsWhatItLoads() {
        Network net = Network.mlp(new int[] {2, 2}, Activation.RELU, Activation.IDENTITY, null, 0, Precision.FLOAT32);
        double[] values = {0.1, 1.0 / 3, -2.5e-8, 12345.6789, 0.7, Math.PI};
        net.setParameters(values);
        for (int i = 0; i < values.length; i++) {
            assertEquals((double) (float) values[i], net.parameters()[i]);
        }
        Matrix out = net.forward(Pass.inference(ops), Matrix.of(1, 2, 1, 0));
        assertEquals((float) ((float) 0.1 + (float) 0.7), out.get(0, 0), "x W + b in float: 0.1f + 0.7f");
        assertEquals(Precision.FLOAT32, net.replicate().precision());
        assertArrayEquals(net.parameters(), net.replicate().parameters());
    }

    @Test
    void aFloat32NetworkPassesACoarseFloatDifferenceCheck() {
        // Float differences: h = 1e-2 and a 1e-2 tolerance leave room for float rounding yet catch a wrong
        // or missing term (a doubled gradient is off by 100%).
        Network net =
                Network.mlp(new int[] {3, 6, 2}, Activation.TANH, Activation.IDENTITY, null, 0, Precision.FLOAT32);
        net.initialize(new SplittableRandom(8));
        FloatMatrix x = FloatMatrix.roundedFrom(floatValues(new SplittableRandom(9), 5, 3));
        FloatMatrix y = FloatMatrix.roundedFrom(classes(5, 2));
        Loss loss = new SoftmaxCrossEntropy();
        FloatMatrix out = net.forward(Pass.inference(ops), x);
        FloatMatrix g = FloatMatrix.zeros(5, 2);
        loss.valueAndGradient(ops, out, y, g);
        net.backward(ops, g);
        double[] analytic = net.gradients().clone();
        double[] p = net.parameters().clone();
        double h = 1e-2;
        for (int i = 0; i < p.length; i++) {
            double at = p[i];
            p[i] = at + h;
            net.setParameters(p);
            double up = loss.value(ops, net.forward(Pass.inference(ops), x), y);
            p[i] = at - h;
            net.setParameters(p);
            double down = loss.value(ops, net.forward(Pass.inference(ops), x), y);
            p[i] = at;
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-2 * Math.max(1e-2, Math.abs(numeric)), "parameter " + i);
        }
    }

    @Test
    void gradientChecksRefuseFloat32Networks() {
        Network net = Network.mlp(new int[] {2, 2}, Activation.RELU, Activation.IDENTITY, null, 0, Precision.FLOAT32);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> GradientCheck.check(net, new MeanSquaredError(), Matrix.zeros(1, 2), Matrix.zeros(1, 2)));
        assertTrue(e.getMessage().contains("float64"), e.getMessage());
        Network dbl = Network.mlp(new int[] {2, 2}, Activation.RELU, Activation.IDENTITY, null, 0);
        IllegalStateException s = assertThrows(
                IllegalStateException.class, () -> dbl.forward(Pass.inference(ops), FloatMatrix.zeros(1, 2)));
        assertTrue(s.getMessage().contains("float32"), s.getMessage());
    }

    @Test
    void theBranchFreeReluIsTheTextbookReluBitForBitInBothPrecisions() {
        double[] z = {-1, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 2.5, 1e300, -1e300, Double.NaN};
        Matrix in = Matrix.of(1, z.length, z);
        Matrix g = Matrix.zeros(1, z.length).fill(-3.25);
        Matrix a = Activation.RELU.forward(ops, in, Matrix.zeros(1, z.length));
        Matrix d = Activation.RELU.backward(ops, in, a, g, Matrix.zeros(1, z.length));
        FloatMatrix inF = FloatMatrix.roundedFrom(in);
        FloatMatrix aF = Activation.RELU.forward(ops, inF, FloatMatrix.zeros(1, z.length));
        FloatMatrix dF =
                Activation.RELU.backward(ops, inF, aF, FloatMatrix.roundedFrom(g), FloatMatrix.zeros(1, z.length));
        for (int j = 0; j + 1 < z.length; j++) {
            assertEquals(
                    Double.doubleToRawLongBits(z[j] > 0 ? z[j] : 0.0),
                    Double.doubleToRawLongBits(a.get(0, j)),
                    "a at " + z[j]);
            assertEquals(
                    Double.doubleToRawLongBits(z[j] > 0 ? -3.25 : 0.0),
                    Double.doubleToRawLongBits(d.get(0, j)),
                    "d at " + z[j]);
            float zf = inF.get(0, j);
            assertEquals(
                    Float.floatToRawIntBits(zf > 0 ? zf : 0f),
                    Float.floatToRawIntBits(aF.get(0, j)),
                    "float a at " + zf);
            assertEquals(
                    Float.floatToRawIntBits(zf > 0 ? -3.25f : 0f),
                    Float.floatToRawIntBits(dF.get(0, j)),
                    "float d at " + zf);
        }
        assertTrue(Double.isNaN(a.get(0, z.length - 1)) && Float.isNaN(aF.get(0, z.length - 1)), "NaN propagates");
    }

    @Test
    void precisionNamesRoundTrip() {
        for (Precision p : Precision.values()) {
            assertEquals(p, Precision.fromConfigName(p.configName()));
        }
        assertEquals(null, Precision.fromConfigName("fp16"));
    }

    @Test
    void floatConvolutionsAgreeWithDoubleConvolutions() {
        compareLayer(() -> new Conv2d(2, 6, 5, 3, 3, 2, 1, 1, Initializer.HE_UNIFORM, Math.sqrt(2)), false);
        compareLayer(() -> new Conv2d(3, 7, 7, 4, 3, 3, 2, 2, Initializer.XAVIER_NORMAL, 1), false);
        compareLayer(
                () -> {
                    Conv2d chunked = new Conv2d(1, 5, 5, 2, 2, 2, 1, 0, Initializer.HE_UNIFORM, 1);
                    chunked.setChunkElements(4 * 16 * 2); // two samples per chunk, nine samples
                    return chunked;
                },
                false);
    }

    @Test
    void floatPoolingsAgreeWithDoublePoolings() {
        compareLayer(() -> new MaxPool2d(2, 6, 6, 2, 2), false);
        compareLayer(() -> new MaxPool2d(2, 5, 7, 2, 2), false);
        compareLayer(() -> new MaxPool2d(2, 7, 6, 3, 2), false);
        compareLayer(() -> new AvgPool2d(2, 6, 6, 2, 2), false);
        compareLayer(() -> new AvgPool2d(2, 5, 5, 2, 1), false);
        compareLayer(() -> new GlobalAvgPool(3, 4, 5), false);
    }
}
