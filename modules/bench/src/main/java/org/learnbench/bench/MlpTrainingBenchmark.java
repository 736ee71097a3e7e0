package org.learnbench.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Network;
import org.learnbench.nn.Precision;
import org.learnbench.nn.SoftmaxCrossEntropy;
import org.learnbench.optim.Budget;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;
import org.learnbench.optim.rules.Sgd;
import org.learnbench.optim.rules.UpdateRule;
import org.learnbench.tasks.SupervisedProblem;
import org.learnbench.tasks.data.DataReport;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.SplitCounts;
import org.learnbench.tasks.data.TargetTransform;
import org.learnbench.tasks.data.TaskKind;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput of backprop in learnbench on the network and settings of the PyTorch and
 * scikit-learn comparison (modules/bench/scripts/mlp_training.py): a 784-256-128-10 ReLU MLP, softmax
 * cross-entropy, minibatches of 128 from 12,800 synthetic samples (uniform inputs, random labels; the
 * data do not change the work), plain SGD with learning rate 0.01. One invocation is one epoch of the
 * real hot path of {@code GradientDescent}: the supervised problem gathers the batch, runs the forward and
 * backward passes and charges the meter; the SGD stepper updates the parameters. Read the "samples" rows
 * (training samples per second).
 *
 * <p>Parameters: threads 1 is the comparison's setting (PyTorch and scikit-learn also run on one thread);
 * 2 shows what the second core adds. Precision float64 and float32 (the network's storage and compute,
 * as {@code network.precision} in a config) are compared with the same precision of the other libraries.
 * The batch of 128 and the layer sizes are the ones the reference figures were measured with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class MlpTrainingBenchmark {
    static final int SAMPLES = 12_800;
    static final int BATCH = 128;
    static final int[] SIZES = {784, 256, 128, 10};

    @Param({"1", "2"})
    public int threads;

    @Param({"float64", "float32"})
    public String precision;

    private SupervisedProblem problem;
    private UpdateRule.Stepper stepper;
    private double[] params;
    private double[] grad;
    private int[] order;

    /** Training samples, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;
    }

    /** Synthetic classification data of the given shape, all of it in the training split. */
    static PreparedData syntheticData(int rows, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(rows, features).fillUniform(random, 0, 1);
        Matrix y = Matrix.zeros(rows, 1);
        for (int i = 0; i < rows; i++) {
            y.set(i, 0, random.nextInt(classes));
        }
        int[] lines = new int[rows];
        for (int i = 0; i < rows; i++) {
            lines[i] = i + 2;
        }
        Part empty = new Part(Matrix.zeros(0, features), Matrix.zeros(0, 1), new int[0]);
        List<String> names = java.util.stream.IntStream.range(0, features)
                .mapToObj(i -> "x" + i)
                .toList();
        List<String> labels = java.util.stream.IntStream.range(0, classes)
                .mapToObj(Integer::toString)
                .toList();
        SplitCounts none = new SplitCounts(0, 0, 0);
        return new PreparedData(
                new Part(x, y, lines),
                empty,
                empty,
                names,
                labels,
                TargetTransform.identity(),
                TaskKind.CLASSIFICATION,
                new DataReport(rows, 0, 0, new SplitCounts(rows, 0, 0), none, none, features, 0));
    }

    @Setup(Level.Trial)
    public void setUp() {
        MatrixOps ops = MatrixOps.withThreads(threads);
        MatrixOps monitor = MatrixOps.withThreads(1);
        RunContext context = new RunContext(
                new SeedStreams(1),
                new WorkMeter(Budget.iterations(Long.MAX_VALUE), ops, monitor, System::nanoTime),
                ops,
                monitor);
        Network network = new MlpSpec(
                        List.of(SIZES[1], SIZES[2]), Activation.RELU, null, 0, Precision.fromConfigName(precision))
                .build(SIZES[0], SIZES[3], Activation.IDENTITY);
        problem = new SupervisedProblem(
                context, syntheticData(SAMPLES, SIZES[0], SIZES[3], 1), network, new SoftmaxCrossEntropy());
        params = problem.initialParameters(new SplittableRandom(2));
        grad = new double[params.length];
        stepper = Sgd.plain().start(params.length);
        order = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            order[i] = i;
        }
    }

    @Benchmark
    public double epoch(Samples counter) {
        double loss = 0;
        for (int from = 0; from < SAMPLES; from += BATCH) {
            loss = problem.lossAndGradient(params, order, from, from + BATCH, grad);
            stepper.apply(params, grad, 0.01);
        }
        counter.samples += SAMPLES;
        return loss;
    }
}
