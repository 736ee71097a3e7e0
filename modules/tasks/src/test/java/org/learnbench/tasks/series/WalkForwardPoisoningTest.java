package org.learnbench.tasks.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MeanSquaredError;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Network;
import org.learnbench.optim.Budget;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;
import org.learnbench.tasks.SupervisedProblem;
import org.learnbench.tasks.data.Part;

/**
 * Walk-forward evaluation never reads a value it must not: replacing every value after the validation block
 * (or after the training block) with NaN or with huge numbers leaves the training data, the scaler, the AR
 * baseline and a trained model bit for bit as they were.
 */
class WalkForwardPoisoningTest {
    private static final SeriesSpec SPEC =
            new SeriesSpec(List.of("r"), SeriesTransform.NONE, "r", 5, 2, Origin.EXPANDING, 4, 3, 0.2, false);

    private static Series clean() {
        SplittableRandom random = new SplittableRandom(11);
        double[] v = new double[400];
        for (int t = 0; t < v.length; t++) {
            v[t] = (t > 0 ? 0.3 * v[t - 1] : 0) + random.nextGaussian();
        }
        return Series.of("r", v);
    }

    /** The series with every value after time {@code last} replaced. */
    private static Series poisoned(Series s, int last, double poison) {
        double[][] v = s.values();
        for (int t = last + 1; t < v.length; t++) {
            v[t][0] = poison;
        }
        return new Series(s.names(), v, s.lines());
    }

    private static int lastTarget(int sampleEnd) {
        return SeriesPreparer.targetTime(sampleEnd - 1, SPEC.window(), SPEC.horizon());
    }

    private static void assertSamePart(Part a, Part b) {
        assertArrayEquals(a.x().toArray(), b.x().toArray());
        assertArrayEquals(a.y().toArray(), b.y().toArray());
        assertArrayEquals(a.sourceLines(), b.sourceLines());
    }

    @Test
    void valuesAfterTheValidationBlockChangeNothingFittedOrValidated() {
        SeriesData clean = SeriesPreparer.prepare(clean(), SPEC);
        int last = lastTarget(clean.fold().validationTo());
        for (double poison : new double[] {Double.NaN, 1e300, -1e300}) {
            SeriesData p = SeriesPreparer.prepare(poisoned(clean(), last, poison), SPEC);
            assertEquals(clean.fold(), p.fold());
            assertSamePart(clean.data().train(), p.data().train());
            assertSamePart(clean.data().validation(), p.data().validation());
            assertArrayEquals(clean.mean(), p.mean());
            assertArrayEquals(clean.sd(), p.sd());
            assertEquals(clean.data().target(), p.data().target());
            assertArrayEquals(clean.arCoefficients(), p.arCoefficients());
            for (String b : Baselines.NAMES) {
                assertArrayEquals(
                        clean.forecasts().get(b).get("validation"),
                        p.forecasts().get(b).get("validation"));
            }
            // The poison did reach the test block: the check above could have failed.
            assertFalse(java.util.Arrays.equals(
                    clean.data().test().x().toArray(), p.data().test().x().toArray()));
            assertArrayEquals(trained(clean), trained(p), "the trained model must be bit-identical");
        }
    }

    @Test
    void valuesAfterTheTrainingBlockChangeNothingFitted() {
        SeriesData clean = SeriesPreparer.prepare(clean(), SPEC);
        int last = lastTarget(clean.fold().trainTo());
        SeriesData p = SeriesPreparer.prepare(poisoned(clean(), last, Double.NaN), SPEC);
        assertSamePart(clean.data().train(), p.data().train());
        assertArrayEquals(clean.mean(), p.mean());
        assertArrayEquals(clean.sd(), p.sd());
        assertArrayEquals(clean.arCoefficients(), p.arCoefficients());
        assertTrue(Double.isNaN(p.data().validation().y().get(0, 0)), "the poison reached validation");
        assertArrayEquals(trained(clean), trained(p));
    }

    @Test
    void noTrainingWindowHoldsAValidationOrTestTarget() {
        SeriesData d = SeriesPreparer.prepare(clean(), SPEC);
        int firstValidationTarget = SeriesPreparer.targetTime(d.fold().validationFrom(), 5, 2);
        int lastTrainingInput = lastTarget(d.fold().trainTo()) - SPEC.horizon();
        assertTrue(lastTrainingInput < firstValidationTarget);
        assertNotEquals(0, d.fold().validationSize());
    }

    /** 40 plain gradient steps on fixed minibatches of the training part; the final parameters. */
    private static double[] trained(SeriesData data) {
        MatrixOps ops = MatrixOps.withThreads(1);
        RunContext context = new RunContext(
                new SeedStreams(5),
                new WorkMeter(Budget.iterations(1000), ops, MatrixOps.withThreads(1), System::nanoTime),
                ops,
                MatrixOps.withThreads(1));
        Network network = new MlpSpec(List.of(8), Activation.TANH, null, 0)
                .build(data.data().featureCount(), 1, Activation.IDENTITY);
        SupervisedProblem problem = new SupervisedProblem(context, data.data(), network, new MeanSquaredError());
        double[] theta = problem.initialParameters(new SplittableRandom(3));
        double[] gradient = new double[theta.length];
        int n = problem.trainingSize();
        int[] order = new int[n];
        SplittableRandom shuffle = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int step = 0; step < 40; step++) {
            int from = (step * 16) % (n - 16);
            if (from == 0) {
                for (int i = n - 1; i > 0; i--) {
                    int j = shuffle.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            problem.lossAndGradient(theta, order, from, from + 16, gradient);
            for (int k = 0; k < theta.length; k++) {
                theta[k] -= 0.05 * gradient[k];
            }
        }
        return theta;
    }
}
