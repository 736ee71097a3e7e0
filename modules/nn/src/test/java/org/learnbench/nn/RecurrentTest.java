package org.learnbench.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * The recurrent layers and the embedding: five-point central-difference gradient checks in double precision
 * (every parameter and every input value, max relative error below 1e-6, as {@link GradientCheckTest}) for
 * each cell, output mode and backpropagation mode on masked batches of several lengths; padding that changes
 * nothing; thread counts that change no bit; the float twins against the double layers.
 *
 * <p>Truncated backpropagation computes the exact gradient of a different function, the network in which
 * the state entering each window is a constant. The checks difference that function: the layer replays the
 * recorded states at window starts ({@link Recurrent#detachFrom}), so perturbing a parameter changes
 * everything but the states carried into the windows.
 */
class RecurrentTest {
    private static final double H = 1e-4;
    private static final double FLOOR = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private static final double AGREEMENT = 2e-5;

    /** A layer bound to its own parameter and gradient vectors. */
    private record Bound(Layer layer, double[] parameters, double[] gradients) {}

    private static Bound bind(Layer layer, long seed) {
        double[] p = new double[layer.parameterCount()];
        double[] g = new double[p.length];
        layer.bind(p, g, 0);
        layer.initialize(new SplittableRandom(seed));
        return new Bound(layer, p, g);
    }

    /**
     * A batch of sequences: row s has lengths[s] real steps (starting at step starts[s]) of features in
     * (-1, 1); the other steps are padding whose features are garbage (in (-5, 5)) that must not matter.
     */
    private static Matrix sequences(RandomGenerator rng, SequenceShape shape, int[] starts, int[] lengths) {
        int w = shape.stepWidth();
        Matrix x = Matrix.zeros(lengths.length, shape.size());
        for (int s = 0; s < lengths.length; s++) {
            for (int t = 0; t < shape.steps(); t++) {
                boolean real = t >= starts[s] && t < starts[s] + lengths[s];
                int at = t * w;
                if (shape.masked()) {
                    x.set(s, at, real ? 1.0 : 0.0);
                }
                for (int j = shape.featureOffset(); j < w; j++) {
                    x.set(s, at + j, real ? rng.nextDouble(-1, 1) : rng.nextDouble(-5, 5));
                }
            }
        }
        return x;
    }

    private static Matrix uniform(RandomGenerator rng, int rows, int cols) {
        return Matrix.zeros(rows, cols).fillUniform(rng, -1, 1);
    }

    private static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /** L = sum(output * r). */
    private static double loss(Layer layer, Matrix x, Matrix r) {
        Matrix out = layer.forward(Pass.inference(MatrixOps.withThreads(1)), x);
        double sum = 0;
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) {
                sum += out.get(i, j) * r.get(i, j);
            }
        }
        return sum;
    }

    private static double derivative(double[] values, int index, Layer layer, Matrix x, Matrix r) {
        double at = values[index];
        double[] f = new double[4];
        double[] steps = {2 * H, H, -H, -2 * H};
        for (int k = 0; k < 4; k++) {
            values[index] = at + steps[k];
            f[k] = loss(layer, x, r);
        }
        values[index] = at;
        return ((f[3] - f[0]) + 8 * (f[1] - f[2])) / (12 * H);
    }

    /**
     * The largest relative error of the back-propagated gradients of L = sum(output * r), over every
     * parameter and every input value (flags included: their gradient is 0, and so is their difference, as
     * a flag moved by 2e-4 keeps its side of 0.5). For a truncated recurrent layer the differences are of
     * the detached function (see the class comment).
     */
    private static double worstError(Bound bound, Matrix x, Matrix r) {
        Layer layer = bound.layer();
        MatrixOps ops = MatrixOps.withThreads(1);
        layer.forward(Pass.inference(ops), x);
        Recurrent truncated = layer instanceof Recurrent rec && rec.window() > 0 ? rec : null;
        double[][] snapshot = truncated != null ? truncated.stateSnapshot() : null;
        double[] gradInput = layer.backward(ops, r).toArray();
        double[] analytic = bound.gradients().clone();
        if (truncated != null) {
            truncated.detachFrom(snapshot);
        }
        double worst = 0;
        try {
            for (int p = 0; p < analytic.length; p++) {
                worst = Math.max(worst, relativeError(analytic[p], derivative(bound.parameters(), p, layer, x, r)));
            }
            if (!(layer instanceof Embedding)) {
                for (int p = 0; p < gradInput.length; p++) {
                    worst = Math.max(worst, relativeError(gradInput[p], derivative(x.data(), p, layer, x, r)));
                }
            }
        } finally {
            if (truncated != null) {
                truncated.detachFrom(null);
            }
        }
        return worst;
    }

    static Stream<Arguments> recurrentCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            for (Recurrent.Output output : Recurrent.Output.values()) {
                for (int window : new int[] {0, 2}) {
                    for (int steps : new int[] {1, 4, 7}) {
                        cases.add(Arguments.of(cell, output, window, steps));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Masked batches of four sequences: full length, one shorter padded at the end, one padded at the
     * start and the end, one of a single step; every cell, output mode and BPTT mode.
     */
    @ParameterizedTest(name = "{0} {1} window {2}, {3} steps")
    @MethodSource("recurrentCases")
    void recurrentGradientsMatchDifferencesOnMaskedBatches(
            Recurrent.Cell cell, Recurrent.Output output, int window, int steps) {
        SequenceShape shape = new SequenceShape(steps, 3, true);
        RandomGenerator rng = new SplittableRandom(steps * 31L + window);
        Bound bound = bind(new Recurrent(cell, shape, 4, output, window), 5);
        int[] starts = {0, 0, Math.min(1, steps - 1), steps / 2};
        int[] lengths = {steps, Math.max(1, steps - 2), Math.max(1, steps - 3), 1};
        Matrix x = sequences(rng, shape, starts, lengths);
        Matrix r = uniform(rng, x.rows(), bound.layer().outputSize());
        double worst = worstError(bound, x, r);
        assertTrue(worst < TOLERANCE, bound.layer().describe() + ": largest relative error " + worst);
    }

    @ParameterizedTest
    @EnumSource(Recurrent.Cell.class)
    void unmaskedSequencesAndAnAllPaddingSequenceCheckToo(Recurrent.Cell cell) {
        RandomGenerator rng = new SplittableRandom(17);
        SequenceShape plain = new SequenceShape(5, 2, false);
        Bound unmasked = bind(new Recurrent(cell, plain, 3, Recurrent.Output.SEQUENCE, 0), 3);
        Matrix x = sequences(rng, plain, new int[] {0, 0}, new int[] {5, 5});
        double worst = worstError(unmasked, x, uniform(rng, 2, unmasked.layer().outputSize()));
        assertTrue(worst < TOLERANCE, unmasked.layer().describe() + ": " + worst);

        SequenceShape shape = new SequenceShape(4, 2, true);
        Bound mean = bind(new Recurrent(cell, shape, 3, Recurrent.Output.MEAN, 3), 4);
        Matrix withEmpty = sequences(rng, shape, new int[] {0, 0}, new int[] {4, 0});
        Matrix out = mean.layer()
                .forward(Pass.inference(MatrixOps.withThreads(1)), withEmpty)
                .copy();
        assertArrayEquals(new double[] {0, 0, 0}, out.row(1), "a sequence without a real step gives zeros");
        double worstMean = worstError(mean, withEmpty, uniform(rng, 2, 3));
        assertTrue(worstMean < TOLERANCE, mean.layer().describe() + ": " + worstMean);

        Bound max = bind(new Recurrent(cell, shape, 3, Recurrent.Output.MAX, 0), 4);
        Matrix maxOut = max.layer()
                .forward(Pass.inference(MatrixOps.withThreads(1)), withEmpty)
                .copy();
        assertArrayEquals(new double[] {0, 0, 0}, maxOut.row(1), "max: a sequence without a real step gives zeros");
        double worstMax = worstError(max, withEmpty, uniform(rng, 2, 3));
        assertTrue(worstMax < TOLERANCE, max.layer().describe() + ": " + worstMax);
    }

    @ParameterizedTest
    @EnumSource(Recurrent.Cell.class)
    void truncationCutsTheGradientOnlyWhenTheSequenceIsLongerThanTheWindow(Recurrent.Cell cell) {
        SequenceShape shape = new SequenceShape(6, 2, true);
        Matrix x = sequences(new SplittableRandom(2), shape, new int[] {0, 1}, new int[] {6, 4});
        Matrix r = uniform(new SplittableRandom(3), 2, 3);
        double[] full = gradients(new Recurrent(cell, shape, 3, Recurrent.Output.LAST, 0), x, r);
        double[] wide = gradients(new Recurrent(cell, shape, 3, Recurrent.Output.LAST, 6), x, r);
        double[] cut = gradients(new Recurrent(cell, shape, 3, Recurrent.Output.LAST, 2), x, r);
        assertArrayEquals(full, wide, "a window as long as the sequence is full backpropagation, bit for bit");
        double largest = 0;
        for (int i = 0; i < full.length; i++) {
            largest = Math.max(largest, Math.abs(full[i] - cut[i]));
        }
        assertTrue(largest > 1e-3, "a window of 2 of 6 steps changes the gradient, largest change " + largest);
    }

    private static double[] gradients(Layer layer, Matrix x, Matrix r) {
        Bound bound = bind(layer, 9);
        MatrixOps ops = MatrixOps.withThreads(1);
        layer.forward(Pass.inference(ops), x);
        layer.backward(ops, r);
        return bound.gradients().clone();
    }

    @Test
    void embeddingGradientsMatchDifferencesAndPaddingGetsZerosAndFlagZero() {
        for (boolean masked : new boolean[] {true, false}) {
            Bound bound = bind(new Embedding(5, 3, 4, masked), 1);
            Matrix ids = Matrix.of(3, 4, 0, 4, 4, -1, 2, -1, -1, -1, 1, 3, 0, 2);
            Matrix r = uniform(new SplittableRandom(4), 3, bound.layer().outputSize());
            double worst = worstError(bound, ids, r);
            assertTrue(worst < TOLERANCE, bound.layer().describe() + ": " + worst);
            Matrix out = bound.layer().forward(Pass.inference(MatrixOps.withThreads(1)), ids);
            int w = 3 + (masked ? 1 : 0);
            int off = masked ? 1 : 0;
            for (int t = 0; t < 4; t++) {
                int id = (int) ids.get(0, t);
                if (masked) {
                    assertEquals(id < 0 ? 0.0 : 1.0, out.get(0, t * w), "flag of step " + t);
                }
                for (int j = 0; j < 3; j++) {
                    double expected = id < 0 ? 0.0 : bound.parameters()[id * 3 + j];
                    assertEquals(expected, out.get(0, t * w + off + j), "step " + t + ", value " + j);
                }
            }
            // Row 4 of the table was used twice by sample 0: its gradient is the sum of both steps'.
            bound.layer().backward(MatrixOps.withThreads(1), r);
            assertEquals(r.get(0, w + off) + r.get(0, 2 * w + off), bound.gradients()[4 * 3], 1e-15);
        }
    }

    @Test
    void embeddingRefusesIdsOutsideTheVocabularyAndFractions() {
        Embedding e = new Embedding(5, 2, 2, true);
        bind(e, 1);
        Pass pass = Pass.inference(MatrixOps.withThreads(1));
        for (double bad : new double[] {5, -2, 1.5, Double.NaN}) {
            IllegalArgumentException x =
                    assertThrows(IllegalArgumentException.class, () -> e.forward(pass, Matrix.of(1, 2, 0, bad)));
            assertTrue(x.getMessage().contains("token ids"), x.getMessage());
        }
    }

    /** An embedding, a recurrent layer and a dense output, for the whole-network checks. */
    private static Network textNetwork(Recurrent.Cell cell, Recurrent.Output output, int steps, Precision precision) {
        return textNetwork(cell, output, steps, precision, 0);
    }

    private static Network textNetwork(
            Recurrent.Cell cell, Recurrent.Output output, int steps, Precision precision, int window) {
        Embedding embedding = new Embedding(6, 3, steps, true);
        Recurrent rnn = new Recurrent(cell, embedding.outputSequence(), 4, output, window);
        Dense head = new Dense(rnn.outputSize(), 3, Initializer.XAVIER_UNIFORM, 1.0);
        Network net = new Network(List.of(embedding, rnn, head), precision);
        net.initialize(new SplittableRandom(8));
        return net;
    }

    /** Ids with -1 padding at the ends of rows of the given lengths. */
    private static Matrix ids(RandomGenerator rng, int steps, int[] lengths) {
        Matrix x = Matrix.zeros(lengths.length, steps);
        for (int s = 0; s < lengths.length; s++) {
            for (int t = 0; t < steps; t++) {
                x.set(s, t, t < lengths[s] ? rng.nextInt(6) : Embedding.PADDING);
            }
        }
        return x;
    }

    private static Matrix classes(int... classes) {
        Matrix y = Matrix.zeros(classes.length, 1);
        for (int i = 0; i < classes.length; i++) {
            y.set(i, 0, classes[i]);
        }
        return y;
    }

    static Stream<Arguments> networkCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            for (Recurrent.Output output : Recurrent.Output.values()) {
                cases.add(Arguments.of(cell, output));
            }
        }
        return cases.stream();
    }

    /** Embedding -> recurrent -> dense under softmax cross-entropy, with GradientCheck, on lengths 5, 3, 1. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networkCases")
    void anEmbeddingRecurrentNetworkPassesTheGradientCheck(Recurrent.Cell cell, Recurrent.Output output) {
        Network net = textNetwork(cell, output, 5, Precision.FLOAT64);
        Matrix x = ids(new SplittableRandom(6), 5, new int[] {5, 3, 1});
        GradientCheck.Result result = GradientCheck.check(net, new SoftmaxCrossEntropy(), x, classes(0, 2, 1));
        assertTrue(result.passes(TOLERANCE), result.toString());
    }

    /**
     * Two recurrent layers stacked: a GRU's per-step outputs, flags included, feed an LSTM (last state)
     * and then an Elman layer's mean; padding travels through both.
     */
    @Test
    void stackedRecurrentLayersPassTheGradientCheck() {
        Embedding embedding = new Embedding(6, 3, 5, true);
        Recurrent first =
                new Recurrent(Recurrent.Cell.GRU, embedding.outputSequence(), 3, Recurrent.Output.SEQUENCE, 0);
        for (Recurrent.Cell second : new Recurrent.Cell[] {Recurrent.Cell.LSTM, Recurrent.Cell.ELMAN}) {
            Recurrent.Output output = second == Recurrent.Cell.LSTM ? Recurrent.Output.LAST : Recurrent.Output.MEAN;
            Recurrent top = new Recurrent(second, first.outputSequence(), 4, output, 0);
            Network net = new Network(List.of(
                    embedding.freshCopy(), first.freshCopy(), top, new Dense(4, 3, Initializer.XAVIER_UNIFORM, 1.0)));
            net.initialize(new SplittableRandom(4));
            Matrix x = ids(new SplittableRandom(9), 5, new int[] {5, 2, 4});
            GradientCheck.Result result = GradientCheck.check(net, new SoftmaxCrossEntropy(), x, classes(2, 0, 1));
            assertTrue(result.passes(TOLERANCE), second + ": " + result);
        }
    }

    static Stream<Arguments> paddingCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            for (Recurrent.Output output : Recurrent.Output.values()) {
                for (int window : new int[] {0, 2}) {
                    cases.add(Arguments.of(cell, output, window));
                }
            }
        }
        return cases.stream();
    }

    /**
     * A batch of lengths 5, 3 and 2 in 5 steps, then the same batch in 9 steps with the extra steps masked
     * (after, between and before the real ones, with garbage features, and with garbage upstream gradients
     * at padded outputs): outputs, parameter gradients and input gradients of the real steps are the same
     * bits, and padding steps get zero output and zero input gradient. Bit-for-bit holds because a padding
     * step copies the state, skipped steps add nothing, and every multiply sums each output element as one
     * chain in which the padding rows contribute exact zeros.
     */
    @ParameterizedTest(name = "{0} {1} window {2}")
    @MethodSource("paddingCases")
    void paddingWithMaskedStepsChangesNoBit(Recurrent.Cell cell, Recurrent.Output output, int window) {
        SequenceShape tight = new SequenceShape(5, 3, true);
        SequenceShape padded = new SequenceShape(9, 3, true);
        int[] lengths = {5, 3, 2};
        Matrix x = sequences(new SplittableRandom(11), tight, new int[] {0, 0, 0}, lengths);
        // Where each real step of the tight batch goes in the padded batch.
        int[][] place = {{0, 1, 2, 3, 4}, {2, 3, 6, -1, -1}, {7, 8, -1, -1, -1}};
        RandomGenerator garbage = new SplittableRandom(12);
        Matrix xp = sequences(garbage, padded, new int[] {9, 9, 9}, new int[] {0, 0, 0});
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < lengths[s]; t++) {
                for (int j = 0; j < 4; j++) {
                    xp.set(s, place[s][t] * 4 + j, x.get(s, t * 4 + j));
                }
            }
        }
        Recurrent a = new Recurrent(cell, tight, 4, output, window);
        Recurrent b = new Recurrent(cell, padded, 4, output, window);
        Bound ba = bind(a, 21);
        Bound bb = bind(b, 21);
        assertArrayEquals(ba.parameters(), bb.parameters());
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix outA = a.forward(Pass.inference(ops), x).copy();
        Matrix outB = b.forward(Pass.inference(ops), xp).copy();
        Matrix r = uniform(new SplittableRandom(13), 3, a.outputSize());
        Matrix rp = uniform(garbage, 3, b.outputSize());
        boolean sequence = output == Recurrent.Output.SEQUENCE;
        if (sequence) {
            for (int s = 0; s < 3; s++) {
                for (int t = 0; t < lengths[s]; t++) {
                    for (int j = 0; j < 5; j++) {
                        rp.set(s, place[s][t] * 5 + j, r.get(s, t * 5 + j));
                    }
                }
            }
        } else {
            rp = r;
        }
        Matrix gradA = a.backward(ops, r).copy();
        Matrix gradB = b.backward(ops, rp).copy();
        assertArrayEquals(ba.gradients(), bb.gradients(), "parameter gradients");
        for (int s = 0; s < 3; s++) {
            boolean[] real = new boolean[9];
            for (int t = 0; t < lengths[s]; t++) {
                real[place[s][t]] = true;
                for (int j = 0; j < 4; j++) {
                    assertEquals(gradA.get(s, t * 4 + j), gradB.get(s, place[s][t] * 4 + j), "dx " + s + "," + t);
                }
                if (sequence) {
                    for (int j = 0; j < 5; j++) {
                        assertEquals(outA.get(s, t * 5 + j), outB.get(s, place[s][t] * 5 + j), "out " + s + "," + t);
                    }
                }
            }
            for (int t = 0; t < 9; t++) {
                if (!real[t]) {
                    for (int j = 0; j < 4; j++) {
                        assertEquals(0.0, gradB.get(s, t * 4 + j), "padding gets no gradient");
                    }
                    for (int j = 0; sequence && j < 5; j++) {
                        assertEquals(0.0, outB.get(s, t * 5 + j), "padding gives zeros");
                    }
                }
            }
        }
        if (!sequence) {
            assertArrayEquals(outA.toArray(), outB.toArray(), "outputs");
        }
    }

    /** Output max is, unit by unit, the largest of the states that output sequence gives at the real steps. */
    @ParameterizedTest
    @EnumSource(Recurrent.Cell.class)
    void maxOutputIsEachUnitsLargestStateOverTheRealSteps(Recurrent.Cell cell) {
        SequenceShape shape = new SequenceShape(6, 3, true);
        Matrix x = sequences(new SplittableRandom(21), shape, new int[] {0, 2, 1}, new int[] {6, 3, 1});
        Pass pass = Pass.inference(MatrixOps.withThreads(1));
        Matrix max = bind(new Recurrent(cell, shape, 4, Recurrent.Output.MAX, 0), 9)
                .layer()
                .forward(pass, x)
                .copy();
        Matrix all = bind(new Recurrent(cell, shape, 4, Recurrent.Output.SEQUENCE, 0), 9)
                .layer()
                .forward(pass, x)
                .copy();
        int width = 1 + 4;
        for (int s = 0; s < 3; s++) {
            for (int j = 0; j < 4; j++) {
                double expected = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < 6; t++) {
                    if (all.get(s, t * width) > 0.5) {
                        expected = Math.max(expected, all.get(s, t * width + 1 + j));
                    }
                }
                assertEquals(expected, max.get(s, j), "sample " + s + ", unit " + j);
            }
        }
    }

    /**
     * Dropout on an embedded batch drops about the rate's share of the real steps' features (scaling the rest),
     * leaves flags and padding steps alone, and is the identity at inference.
     */
    @Test
    void dropoutOnASequenceDropsOnlyTheFeaturesOfRealSteps() {
        SequenceShape shape = new SequenceShape(40, 5, true);
        int[] lengths = new int[50];
        int[] starts = new int[50];
        for (int s = 0; s < 50; s++) {
            lengths[s] = 10 + s % 30;
        }
        Matrix x = sequences(new SplittableRandom(4), shape, starts, lengths);
        Dropout dropout = new Dropout(0.3, shape);
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix out = dropout.forward(Pass.training(ops, new SplittableRandom(5)), x);
        int real = 0;
        int kept = 0;
        for (int s = 0; s < 50; s++) {
            for (int t = 0; t < 40; t++) {
                int at = t * 6;
                assertEquals(x.get(s, at), out.get(s, at), "flags pass unchanged");
                for (int f = 1; f < 6; f++) {
                    double in = x.get(s, at + f);
                    double o = out.get(s, at + f);
                    if (x.get(s, at) < 0.5) {
                        assertEquals(in, o, "padding steps pass unchanged");
                    } else {
                        real++;
                        if (o != 0) {
                            kept++;
                            assertEquals(in / 0.7, o, 1e-12);
                        }
                    }
                }
            }
        }
        // 6,125 Bernoulli(0.7) draws: the share's sd is 0.0059.
        assertEquals(0.7, kept / (double) real, 0.02);
        assertTrue(dropout.forward(Pass.inference(ops), x).contentEquals(x));
        FloatMatrix single = dropout.forward(Pass.training(ops, new SplittableRandom(5)), FloatMatrix.roundedFrom(x));
        for (int p = 0; p < out.size(); p++) {
            assertEquals((float) out.data()[p], single.data()[p], 1e-6f * Math.abs(out.data()[p]), "float twin");
        }
    }

    /**
     * A training pass with dropout on the embedded ids and a max-pooled recurrent layer: -1 padding appended
     * to the batch changes no output or gradient bit, as the masks are drawn for real steps only.
     */
    @ParameterizedTest
    @EnumSource(Recurrent.Cell.class)
    void paddingChangesNoBitOfATrainingPassWithSequenceDropout(Recurrent.Cell cell) {
        Network[] nets = new Network[2];
        int[] steps = {4, 7};
        for (int i = 0; i < 2; i++) {
            Embedding embedding = new Embedding(6, 3, steps[i], true);
            Recurrent rnn = new Recurrent(cell, embedding.outputSequence(), 4, Recurrent.Output.MAX, 0);
            Dense head = new Dense(4, 3, Initializer.XAVIER_UNIFORM, 1.0);
            nets[i] = new Network(List.of(embedding, new Dropout(0.4, embedding.outputSequence()), rnn, head));
            nets[i].initialize(new SplittableRandom(8));
        }
        Matrix x = ids(new SplittableRandom(5), 4, new int[] {4, 2, 3});
        Matrix xp = Matrix.zeros(3, 7).fill(Embedding.PADDING);
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < 4; t++) {
                xp.set(s, t, x.get(s, t));
            }
        }
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix out =
                nets[0].forward(Pass.training(ops, new SplittableRandom(3)), x).copy();
        Matrix outP =
                nets[1].forward(Pass.training(ops, new SplittableRandom(3)), xp).copy();
        assertArrayEquals(out.toArray(), outP.toArray(), "outputs");
        Matrix g = Matrix.zeros(3, 3);
        new SoftmaxCrossEntropy().valueAndGradient(ops, out, classes(1, 0, 2), g);
        nets[0].backward(ops, g);
        nets[1].backward(ops, g);
        assertArrayEquals(nets[0].gradients(), nets[1].gradients(), "gradients");
        Matrix plain = nets[0].forward(Pass.inference(ops), x).copy();
        assertTrue(!java.util.Arrays.equals(plain.toArray(), out.toArray()), "the training pass dropped something");
    }

    /** The same through a whole network fed token ids: -1 padding appended changes no output or gradient bit. */
    @ParameterizedTest
    @EnumSource(Recurrent.Cell.class)
    void paddingIdsAppendedToANetworkChangeNoBit(Recurrent.Cell cell) {
        for (Recurrent.Output output :
                new Recurrent.Output[] {Recurrent.Output.LAST, Recurrent.Output.MEAN, Recurrent.Output.MAX}) {
            Network tight = textNetwork(cell, output, 4, Precision.FLOAT64);
            Network padded = textNetwork(cell, output, 7, Precision.FLOAT64);
            assertArrayEquals(tight.parameters(), padded.parameters());
            Matrix x = ids(new SplittableRandom(5), 4, new int[] {4, 2, 3});
            Matrix xp = Matrix.zeros(3, 7).fill(Embedding.PADDING);
            for (int s = 0; s < 3; s++) {
                for (int t = 0; t < 4; t++) {
                    xp.set(s, t, x.get(s, t));
                }
            }
            MatrixOps ops = MatrixOps.withThreads(1);
            Matrix out = tight.forward(Pass.inference(ops), x).copy();
            Matrix outP = padded.forward(Pass.inference(ops), xp).copy();
            assertArrayEquals(out.toArray(), outP.toArray(), output + " outputs");
            Matrix y = classes(1, 0, 2);
            Matrix g = Matrix.zeros(3, 3);
            new SoftmaxCrossEntropy().valueAndGradient(ops, out, y, g);
            tight.backward(ops, g);
            padded.backward(ops, g);
            assertArrayEquals(tight.gradients(), padded.gradients(), output + " gradients");
        }
    }

    /** Sizes at which the multiplies split across threads: outputs and gradients must keep every bit. */
    @ParameterizedTest
    @EnumSource(
            value = Recurrent.Cell.class,
            names = {"GRU", "LSTM"})
    void oneAndTwoThreadsGiveTheSameBits(Recurrent.Cell cell) {
        SequenceShape shape = new SequenceShape(12, 32, true);
        int[] lengths = new int[48];
        int[] starts = new int[48];
        for (int s = 0; s < lengths.length; s++) {
            lengths[s] = 1 + (s * 7) % 12;
        }
        Matrix x = sequences(new SplittableRandom(3), shape, starts, lengths);
        Matrix r = uniform(new SplittableRandom(4), 48, shape.steps() * 65);
        double[][] results = new double[2][];
        float[][] floatResults = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            MatrixOps ops = MatrixOps.withThreads(threads);
            Network net = new Network(List.of(new Recurrent(cell, shape, 64, Recurrent.Output.SEQUENCE, 5)));
            net.initialize(new SplittableRandom(1));
            Matrix out = net.forward(Pass.inference(ops), x);
            Matrix dx = net.layers().get(0).backward(ops, r);
            results[threads - 1] = concat(out.toArray(), dx.toArray(), net.gradients());

            Network single = new Network(
                    List.of(new Recurrent(cell, shape, 64, Recurrent.Output.SEQUENCE, 5)), Precision.FLOAT32);
            single.initialize(new SplittableRandom(1));
            FloatMatrix outF = single.forward(Pass.inference(ops), FloatMatrix.roundedFrom(x));
            FloatMatrix dxF = single.layers().get(0).backward(ops, FloatMatrix.roundedFrom(r));
            float[] p = new float[outF.size() + dxF.size()];
            System.arraycopy(outF.data(), outF.offset(), p, 0, outF.size());
            System.arraycopy(dxF.data(), dxF.offset(), p, outF.size(), dxF.size());
            double[] g = single.gradients();
            floatResults[threads - 1] = new float[p.length + g.length];
            System.arraycopy(p, 0, floatResults[threads - 1], 0, p.length);
            for (int i = 0; i < g.length; i++) {
                floatResults[threads - 1][p.length + i] = (float) g[i];
            }
        }
        assertArrayEquals(results[0], results[1], "float64");
        assertArrayEquals(floatResults[0], floatResults[1], "float32");
    }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] all = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Largest |a - b| relative to the largest |b|. */
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

    /**
     * The float layers against the double ones from the same float-representable parameters and inputs:
     * outputs, input gradients and parameter gradients agree to float accuracy, and the FLOP counts are
     * equal.
     */
    @ParameterizedTest(name = "{0} {1} window {2}")
    @MethodSource("paddingCases")
    void floatRecurrentLayersAgreeWithDoubleOnes(Recurrent.Cell cell, Recurrent.Output output, int window) {
        SequenceShape shape = new SequenceShape(6, 3, true);
        Matrix x = sequences(new SplittableRandom(7), shape, new int[] {0, 1, 0}, new int[] {6, 4, 2});
        compareFloat(new Recurrent(cell, shape, 5, output, window), x);
    }

    @Test
    void floatEmbeddingAgreesWithDoubleEmbedding() {
        Matrix ids = Matrix.of(2, 4, 0, 4, 4, -1, 2, -1, 1, 3);
        compareFloat(new Embedding(5, 3, 4, true), ids);
    }

    private static void compareFloat(Layer layer, Matrix x) {
        MatrixOps ops = MatrixOps.withThreads(1);
        int count = layer.parameterCount();
        double[] params = new double[count];
        double[] grads = new double[count];
        float[] paramsF = new float[count];
        float[] gradsF = new float[count];
        layer.bind(params, grads, 0);
        layer.bind(paramsF, gradsF, 0);
        layer.initialize(new SplittableRandom(3));
        for (int i = 0; i < count; i++) {
            paramsF[i] = (float) params[i];
            params[i] = paramsF[i];
        }
        double[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
            xd[i] = (float) xd[i];
        }
        Matrix r = uniform(new SplittableRandom(5), x.rows(), layer.outputSize());
        r.data();
        for (int i = 0; i < r.size(); i++) {
            r.data()[i] = (float) r.data()[i];
        }
        long before = ops.flops();
        Matrix out = layer.forward(Pass.inference(ops), x).copy();
        Matrix gradIn = layer.backward(ops, r).copy();
        long doubleFlops = ops.flops() - before;
        before = ops.flops();
        double[] outF = layer.forward(Pass.inference(ops), FloatMatrix.roundedFrom(x))
                .toMatrix()
                .toArray();
        double[] gradInF =
                layer.backward(ops, FloatMatrix.roundedFrom(r)).toMatrix().toArray();
        long floatFlops = ops.flops() - before;
        double[] gradsWide = new double[count];
        for (int i = 0; i < count; i++) {
            gradsWide[i] = gradsF[i];
        }
        String what = layer.describe();
        assertTrue(relativeDifference(outF, out.toArray()) < AGREEMENT, what + ": forward");
        assertTrue(relativeDifference(gradInF, gradIn.toArray()) < AGREEMENT, what + ": dL/d(input)");
        assertTrue(relativeDifference(gradsWide, grads) < AGREEMENT, what + ": parameter gradients");
        assertEquals(doubleFlops, floatFlops, what + ": the FLOP count is the double path's");
        assertTrue(doubleFlops > 0, what + ": counts its work");
    }

    @Test
    void aFloat32TextNetworkAgreesWithTheFloat64One() {
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            Network dbl = textNetwork(cell, Recurrent.Output.MEAN, 5, Precision.FLOAT64);
            Network single = textNetwork(cell, Recurrent.Output.MEAN, 5, Precision.FLOAT32);
            double[] p = dbl.parameters();
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) p[i];
            }
            dbl.setParameters(p);
            single.setParameters(p);
            Matrix x = ids(new SplittableRandom(6), 5, new int[] {5, 3, 1});
            MatrixOps ops = MatrixOps.withThreads(1);
            double[] out = dbl.forward(Pass.inference(ops), x).toArray();
            double[] outF = single.forward(Pass.inference(ops), x).toArray();
            assertTrue(relativeDifference(outF, out) < AGREEMENT, cell + " outputs");
            Matrix r = uniform(new SplittableRandom(2), 3, 3);
            dbl.backward(ops, r);
            single.backward(ops, r);
            assertTrue(relativeDifference(single.gradients(), dbl.gradients()) < AGREEMENT, cell + " gradients");
            assertNotEquals(0.0, relativeDifference(single.gradients(), dbl.gradients()), "float is not double");
        }
    }

    /**
     * After warm-up, training steps of an embedding and a recurrent layer allocate nothing, in both
     * precisions and both BPTT modes. The layers are chained by hand, so the measurement is of them alone;
     * as in {@link ConvNetworkTest} the warm-up is long enough for the JIT to compile the multiply kernels
     * (the Vector API allocates until compiled). The allowance of 16 bytes a step is for the JIT's own
     * rare events; a buffer made per step would be hundreds. (Sizes are kept off outputs narrower than a
     * vector register: there the multiply kernel of modules/matrix itself allocates, a Dense 30->3 about
     * 4 KB a step.)
     */
    @Test
    void stepsAfterWarmUpAllocateNothing() {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (Precision precision : Precision.values()) {
            for (Recurrent.Cell cell : Recurrent.Cell.values()) {
                for (int window : new int[] {0, 2}) {
                    Embedding embedding = new Embedding(6, 16, 6, true);
                    Recurrent rnn =
                            new Recurrent(cell, embedding.outputSequence(), 32, Recurrent.Output.SEQUENCE, window);
                    new Network(List.of(embedding, rnn), precision).initialize(new SplittableRandom(3));
                    Layer[] layers = {embedding, rnn};
                    Matrix x = ids(new SplittableRandom(6), 6, new int[] {6, 3, 1, 4});
                    MatrixOps ops = MatrixOps.withThreads(1);
                    Pass pass = Pass.inference(ops);
                    Matrix r = uniform(new SplittableRandom(2), 4, layers[1].outputSize());
                    FloatMatrix xF = FloatMatrix.roundedFrom(x);
                    FloatMatrix rF = FloatMatrix.roundedFrom(r);
                    boolean single = precision == Precision.FLOAT32;
                    for (int warm = 0; warm < 5_000; warm++) {
                        step(layers, single, pass, ops, x, r, xF, rF);
                    }
                    // Up to five blocks of steps: on a busy machine the JIT may still be compiling (or
                    // recompiling after a deoptimisation) when the warm-up ends; the steady state is the claim.
                    double perStep = Double.POSITIVE_INFINITY;
                    for (int block = 0; block < 5 && perStep >= 16; block++) {
                        long before = bean.getCurrentThreadAllocatedBytes();
                        int steps = 500;
                        for (int k = 0; k < steps; k++) {
                            step(layers, single, pass, ops, x, r, xF, rF);
                        }
                        perStep = (bean.getCurrentThreadAllocatedBytes() - before) / (double) steps;
                    }
                    assertTrue(
                            perStep < 16,
                            cell + " " + precision + " window " + window + ": " + perStep + " bytes a step");
                }
            }
        }
    }

    private static void step(
            Layer[] layers,
            boolean single,
            Pass pass,
            MatrixOps ops,
            Matrix x,
            Matrix r,
            FloatMatrix xF,
            FloatMatrix rF) {
        if (single) {
            FloatMatrix a = xF;
            for (int i = 0; i < layers.length; i++) {
                a = layers[i].forward(pass, a);
            }
            FloatMatrix g = rF;
            for (int i = layers.length - 1; i > 0; i--) {
                g = layers[i].backward(ops, g);
            }
            layers[0].backwardParametersOnly(ops, g);
        } else {
            Matrix a = x;
            for (int i = 0; i < layers.length; i++) {
                a = layers[i].forward(pass, a);
            }
            Matrix g = r;
            for (int i = layers.length - 1; i > 0; i--) {
                g = layers[i].backward(ops, g);
            }
            layers[0].backwardParametersOnly(ops, g);
        }
    }
}
