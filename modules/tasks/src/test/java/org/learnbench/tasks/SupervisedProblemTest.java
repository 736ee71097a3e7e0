package org.learnbench.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MeanSquaredError;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Network;
import org.learnbench.nn.Precision;
import org.learnbench.nn.SoftmaxCrossEntropy;
import org.learnbench.optim.Budget;
import org.learnbench.optim.BudgetExhaustedException;
import org.learnbench.optim.Clocks;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;
import org.learnbench.tasks.data.CsvReader;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.SplitSpec;
import org.learnbench.tasks.data.TabularPreparer;
import org.learnbench.tasks.data.TabularSpec;

class SupervisedProblemTest {
    private static PreparedData iris(TabularSpec spec) throws URISyntaxException {
        Path file = Path.of(SupervisedProblemTest.class.getResource("/iris.csv").toURI());
        return TabularPreparer.prepare(
                CsvReader.read(file), spec, SplitSpec.stratified(0.6, 0.2, 0.2), new SplittableRandom(3));
    }

    private static RunContext context(Budget budget) {
        MatrixOps ops = MatrixOps.withThreads(1);
        MatrixOps monitor = MatrixOps.withThreads(1);
        return new RunContext(new SeedStreams(1), new WorkMeter(budget, ops, monitor, System::nanoTime), ops, monitor);
    }

    private static SupervisedProblem classifier(RunContext context) throws URISyntaxException {
        return classifier(context, Precision.FLOAT64);
    }

    private static SupervisedProblem classifier(RunContext context, Precision precision) throws URISyntaxException {
        PreparedData data = iris(TabularSpec.classification("target"));
        Network net = new MlpSpec(List.of(5), Activation.TANH, null, 0, precision).build(4, 3, Activation.IDENTITY);
        return new SupervisedProblem(context, data, net, new SoftmaxCrossEntropy());
    }

    @Test
    void chargesThreeSampleForwardPassesPerTrainedSampleAndNothingForMonitoring() throws URISyntaxException {
        RunContext context = context(Budget.iterations(10));
        SupervisedProblem problem = classifier(context);
        double[] x = problem.initialParameters(new SplittableRandom(1));
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        problem.lossAndGradient(x, order, 2, 9, new double[x.length]);
        problem.validationLoss(x);
        Map<String, Double> metrics = problem.evaluate(x);
        Clocks clocks = context.meter().clocks();
        assertEquals(7 + 30, clocks.forwardSamples());
        assertEquals(7, clocks.backwardSamples());
        assertEquals(7 * 3 + 30, clocks.sampleForwardPasses());
        assertEquals(150, clocks.monitorForwardSamples());
        assertTrue(clocks.flops() > 0 && clocks.monitorFlops() > 0);
        assertEquals(problem.metricNames(), List.copyOf(metrics.keySet()));
        assertEquals(
                List.of(
                        "train_loss",
                        "train_accuracy",
                        "validation_loss",
                        "validation_accuracy",
                        "test_loss",
                        "test_accuracy"),
                problem.metricNames());
    }

    @Test
    void refusesWorkBeyondTheSampleBudget() throws URISyntaxException {
        RunContext context = context(new Budget(0, 20, 0, null, java.util.Optional.empty()));
        SupervisedProblem problem = classifier(context);
        double[] x = problem.initialParameters(new SplittableRandom(1));
        int[] order = new int[90];
        problem.lossAndGradient(x, order, 0, 6, new double[x.length]); // 18 of 20
        assertThrows(
                BudgetExhaustedException.class, () -> problem.lossAndGradient(x, order, 0, 1, new double[x.length]));
    }

    @Test
    void gradientIsTheDerivativeOfTheBatchLoss() throws URISyntaxException {
        SupervisedProblem problem = classifier(context(Budget.iterations(10)));
        double[] x = problem.initialParameters(new SplittableRandom(2));
        int[] order = {5, 17, 33, 60, 88};
        double[] g = new double[x.length];
        problem.lossAndGradient(x, order, 0, order.length, g);
        double h = 1e-6;
        for (int p : new int[] {0, 7, x.length - 1}) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[p] += h;
            minus[p] -= h;
            double numeric = (problem.lossAndGradient(plus, order, 0, order.length, new double[x.length])
                            - problem.lossAndGradient(minus, order, 0, order.length, new double[x.length]))
                    / (2 * h);
            assertEquals(numeric, g[p], 1e-7 * Math.max(1, Math.abs(numeric)), "parameter " + p);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aTrainingStepReusesItsBuffersInsteadOfAllocatingMatrices(Precision precision) throws URISyntaxException {
        // Allocation is counted, not timed: after warm-up, a step (gather the batch, forward, loss,
        // backward, copy the gradient) must not allocate its matrices anew: with this network and a batch
        // of 16, allocating them every step costs about 3.3 KB. A step now allocates nothing in either
        // precision (0 bytes measured); the bound leaves room for a stray small object under another JIT.
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SupervisedProblem problem = classifier(context(Budget.iterations(10)), precision);
        double[] x = problem.initialParameters(new SplittableRandom(4));
        double[] g = new double[x.length];
        int[] order = new int[90];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = 0; i < 20_000; i++) {
            problem.lossAndGradient(x, order, (i % 5) * 16, (i % 5) * 16 + 16, g);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        int steps = 1000;
        for (int i = 0; i < steps; i++) {
            problem.lossAndGradient(x, order, (i % 5) * 16, (i % 5) * 16 + 16, g);
        }
        double perStep = (threads.getThreadAllocatedBytes(id) - before) / (double) steps;
        assertTrue(perStep < 128, "a training step allocated " + perStep + " bytes");
    }

    @Test
    void aFloat32ProblemTrainsAndEvaluatesInSinglePrecisionCloseToFloat64() throws URISyntaxException {
        SupervisedProblem dbl = classifier(context(Budget.iterations(10)));
        SupervisedProblem single = classifier(context(Budget.iterations(10)), Precision.FLOAT32);
        double[] x = single.initialParameters(new SplittableRandom(2));
        for (double v : x) {
            assertEquals((float) v, v, "a float32 network's initial parameters are floats");
        }
        int[] order = {5, 17, 33, 60, 88, 1, 2};
        double[] g64 = new double[x.length];
        double[] g32 = new double[x.length];
        double loss64 = dbl.lossAndGradient(x, order, 0, order.length, g64);
        double loss32 = single.lossAndGradient(x, order, 0, order.length, g32);
        assertEquals(loss64, loss32, 1e-6 * loss64);
        double scale = java.util.Arrays.stream(g64).map(Math::abs).max().orElseThrow();
        boolean anyDifferent = false;
        for (int p = 0; p < x.length; p++) {
            assertEquals(g64[p], g32[p], 2e-5 * scale, "parameter " + p);
            assertEquals((float) g32[p], g32[p], "a float32 gradient widens exactly");
            anyDifferent |= g64[p] != g32[p];
        }
        assertTrue(anyDifferent, "the float32 problem must really compute in single precision");
        Map<String, Double> m64 = dbl.evaluate(x);
        Map<String, Double> m32 = single.evaluate(x);
        assertEquals(m64.keySet(), m32.keySet());
        for (String k : m64.keySet()) {
            assertEquals(m64.get(k), m32.get(k), 1e-5 * Math.max(1, Math.abs(m64.get(k))), k);
        }
        assertEquals(dbl.validationLoss(x), single.validationLoss(x), 1e-5);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aTrainingStepGivesTheSameBitsOnAnyThreadCount(Precision precision) throws URISyntaxException {
        // Wide enough (2 x 90 x 300 x 300 flops in the middle layer) that two and three threads split it.
        PreparedData data = iris(TabularSpec.classification("target"));
        double[][] results = new double[3][];
        for (int threads = 1; threads <= 3; threads++) {
            MatrixOps ops = MatrixOps.withThreads(threads);
            RunContext context = new RunContext(
                    new SeedStreams(1),
                    new WorkMeter(Budget.iterations(10), ops, MatrixOps.withThreads(1), System::nanoTime),
                    ops,
                    MatrixOps.withThreads(1));
            Network net = new MlpSpec(List.of(300, 300), Activation.RELU, null, 0.1, precision)
                    .build(4, 3, Activation.IDENTITY);
            SupervisedProblem problem = new SupervisedProblem(context, data, net, new SoftmaxCrossEntropy());
            double[] x = problem.initialParameters(new SplittableRandom(6));
            int[] order = new int[90];
            for (int i = 0; i < order.length; i++) {
                order[i] = (i * 37) % 90;
            }
            double[] g = new double[x.length];
            double loss = problem.lossAndGradient(x, order, 0, 90, g);
            results[threads - 1] = java.util.Arrays.copyOf(g, g.length + 1);
            results[threads - 1][g.length] = loss;
        }
        assertTrue(java.util.Arrays.equals(results[0], results[1]), "1 and 2 threads");
        assertTrue(java.util.Arrays.equals(results[0], results[2]), "1 and 3 threads");
    }

    @Test
    void aBackwardPassNeverWritesIntoAGradientVectorAnEarlierCallerWasHanded() throws URISyntaxException {
        SupervisedProblem problem = classifier(context(Budget.iterations(10)));
        double[] x = problem.initialParameters(new SplittableRandom(5));
        int[] order = {3, 9, 27, 81};
        double[] first = new double[x.length];
        problem.lossAndGradient(x, order, 0, order.length, first);
        double[] kept = first.clone();
        double[] second = new double[x.length];
        org.learnbench.optim.Rollouts r = problem.rollouts(x, 6, new SplittableRandom(6));
        double[] weights = {1, -1, 0.5, 2, -0.25, 1};
        problem.policyGradient(x, r, weights, 0.0, second);
        problem.lossAndGradient(x, order, 0, 2, new double[x.length]);
        assertTrue(java.util.Arrays.equals(kept, first), "the first caller's gradient was overwritten");
        assertTrue(java.util.Arrays.stream(second).anyMatch(v -> v != 0), "the policy gradient reached its caller");
    }

    @Test
    void regressionMetricsAreInTheTargetsOriginalUnits() throws URISyntaxException {
        // Predict petal width from the other columns, with a log target: metrics in cm, and on log-cm beside them.
        PreparedData data = iris(TabularSpec.regression("petal_width_cm")
                .withExclude(List.of("target"))
                .withLogTarget(true));
        Network net = new MlpSpec(List.of(), Activation.IDENTITY, null, 0).build(3, 1, Activation.IDENTITY);
        SupervisedProblem problem =
                new SupervisedProblem(context(Budget.iterations(1)), data, net, new MeanSquaredError());
        double[] zero = new double[problem.dimension()];
        Map<String, Double> m = problem.evaluate(zero);
        // All-zero weights predict the standardised mean of log(width), i.e. the geometric mean of train widths.
        assertTrue(m.get("train_rmse") > 0.3 && m.get("train_rmse") < 1.5, m.toString());
        assertTrue(m.get("train_r2") < 0.05, m.toString());
        assertEquals(
                List.of(
                        "train_loss",
                        "train_rmse",
                        "train_mae",
                        "train_r2",
                        "train_rmse_log",
                        "train_mae_log",
                        "train_r2_log",
                        "validation_loss",
                        "validation_rmse",
                        "validation_mae",
                        "validation_r2",
                        "validation_rmse_log",
                        "validation_mae_log",
                        "validation_r2_log",
                        "test_loss",
                        "test_rmse",
                        "test_mae",
                        "test_r2",
                        "test_rmse_log",
                        "test_mae_log",
                        "test_r2_log"),
                problem.metricNames());
    }

    @Test
    void rejectsANetworkOfTheWrongInputSize() throws URISyntaxException {
        PreparedData data = iris(TabularSpec.classification("target"));
        Network net = new MlpSpec(List.of(5), Activation.RELU, null, 0).build(5, 3, Activation.IDENTITY);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new SupervisedProblem(context(Budget.iterations(1)), data, net, new SoftmaxCrossEntropy()));
        assertTrue(e.getMessage().contains("5 inputs") && e.getMessage().contains("4 features"), e.getMessage());
    }

    @Test
    void theRegressionBanditsGaussianPolicyGradientIsTheDerivativeOfItsLoss() throws URISyntaxException {
        PreparedData data = iris(TabularSpec.regression("petal_width_cm").withExclude(List.of("target")));
        MlpSpec spec = new MlpSpec(List.of(4), Activation.TANH, null, 0);
        double sigma = 0.7;
        SupervisedProblem problem = new SupervisedProblem(
                context(Budget.iterations(1)),
                data,
                spec.build(3, 1, Activation.IDENTITY),
                new MeanSquaredError(),
                0,
                sigma);
        double[] theta = problem.initialParameters(new SplittableRandom(4));
        org.learnbench.optim.Rollouts r = problem.rollouts(theta, 12, new SplittableRandom(5));
        assertEquals(12, r.continuousActions().length);
        double[] w = r.rewards().clone();
        double[] g = new double[theta.length];
        double entropy = problem.policyGradient(theta, r, w, 0, g);
        assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * sigma * sigma), entropy, 1e-12);
        for (int p : new int[] {0, 6, theta.length - 1}) {
            double h = 1e-6;
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[p] += h;
            minus[p] -= h;
            double numeric = (gaussianLoss(spec, plus, r, w, sigma) - gaussianLoss(spec, minus, r, w, sigma)) / (2 * h);
            assertEquals(numeric, g[p], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + p);
        }
        // Rewards are minus the squared error of the sampled prediction on the standardised target.
        for (double reward : r.rewards()) {
            assertTrue(reward <= 0);
        }
    }

    /** L = -(1/T) sum w_t log N(a_t; mu(x_t), sigma^2), up to a constant. */
    private static double gaussianLoss(
            MlpSpec spec, double[] theta, org.learnbench.optim.Rollouts r, double[] w, double sigma) {
        Network net = spec.build(3, 1, Activation.IDENTITY);
        net.setParameters(theta);
        var mu = net.forward(org.learnbench.nn.Pass.inference(MatrixOps.withThreads(1)), r.observations());
        double total = 0;
        for (int t = 0; t < r.steps(); t++) {
            double d = r.continuousActions()[t] - mu.get(t, 0);
            total += w[t] * d * d / (2 * sigma * sigma);
        }
        return total / r.steps();
    }
}
