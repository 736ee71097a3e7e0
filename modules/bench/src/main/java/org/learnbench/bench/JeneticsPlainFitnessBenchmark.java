package org.learnbench.bench;

import io.jenetics.util.DoubleRange;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.SoftmaxCrossEntropy;
import org.learnbench.optim.Budget;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;
import org.learnbench.tasks.SupervisedProblem;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Jenetics 7.2.0 as a user without learnbench runs it: the same GA settings, data and network as {@link
 * GaNetworkFitnessBenchmark}, but the fitness written the way a Jenetics user writes it, as plain Java
 * loops over arrays (the cache-friendly i-k-j order, a stable log-sum-exp; no matrix library, which for a
 * product this small would be no faster: EJML's multiply runs at plain-loop speed). The setup checks that
 * this fitness equals learnbench's on random weights, so both benchmarks score the same function. Read the
 * "evaluations" rows (per second).
 *
 * <p>Parameters: threads 1 and 2, as in the learnbench benchmark (Jenetics through its executor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class JeneticsPlainFitnessBenchmark {
    private static final int POPULATION = 100;
    private static final int GENERATIONS = 10;
    private static final int HIDDEN = 32;

    @Param({"1", "2"})
    public int threads;

    private double[][] x;
    private int[] labels;
    private int classes;
    private int dimension;
    private ExecutorService pool;

    /** Fitness evaluations, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Evaluations {
        public long evaluations;
    }

    @Setup(Level.Trial)
    public void setUp() {
        PreparedData digits = GaNetworkFitnessBenchmark.digitsSubset(
                Path.of(System.getProperty("learnbench.digits", "experiments/data/digits.csv")));
        Part train = digits.train();
        x = new double[train.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = train.x().row(i);
        }
        labels = train.labels();
        classes = digits.classCount();
        int in = digits.featureCount();
        dimension = in * HIDDEN + HIDDEN + HIDDEN * classes + classes;
        checkSameFunctionAsLearnbench(digits);
        pool = threads == 1 ? null : Executors.newFixedThreadPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** The plain fitness must be learnbench's network loss (to rounding), or the comparison is void. */
    private void checkSameFunctionAsLearnbench(PreparedData digits) {
        MatrixOps ops = MatrixOps.withThreads(1);
        RunContext context = new RunContext(
                new SeedStreams(1), new WorkMeter(Budget.iterations(1), ops, ops, System::nanoTime), ops, ops);
        SupervisedProblem problem = new SupervisedProblem(
                context,
                digits,
                GaNetworkFitnessBenchmark.NETWORK.build(digits.featureCount(), classes, Activation.IDENTITY),
                new SoftmaxCrossEntropy());
        if (problem.dimension() != dimension) {
            throw new IllegalStateException("parameter layouts differ: " + problem.dimension() + " vs " + dimension);
        }
        double[] w = problem.initialParameters(new SplittableRandom(3));
        double theirs = problem.evaluator().fitness(w, new FitnessCase(0, 0));
        double ours = fitness(w);
        if (Math.abs(theirs - ours) > 1e-9 * Math.abs(theirs)) {
            throw new IllegalStateException("the plain fitness " + ours + " is not learnbench's " + theirs);
        }
    }

    /**
     * Mean cross-entropy of the 64-32-10 ReLU network whose weights are laid out as learnbench lays them
     * out: W1 (in x hidden, row-major), b1, W2 (hidden x classes), b2.
     */
    double fitness(double[] w) {
        int in = x[0].length;
        int b1 = in * HIDDEN;
        int w2 = b1 + HIDDEN;
        int b2 = w2 + HIDDEN * classes;
        double[] h = new double[HIDDEN];
        double[] z = new double[classes];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double[] xi = x[i];
            System.arraycopy(w, b1, h, 0, HIDDEN);
            for (int p = 0; p < in; p++) {
                double v = xi[p];
                int row = p * HIDDEN;
                for (int j = 0; j < HIDDEN; j++) {
                    h[j] += v * w[row + j];
                }
            }
            System.arraycopy(w, b2, z, 0, classes);
            for (int p = 0; p < HIDDEN; p++) {
                double v = Math.max(0, h[p]);
                int row = w2 + p * classes;
                for (int j = 0; j < classes; j++) {
                    z[j] += v * w[row + j];
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            total += max + Math.log(sum) - z[labels[i]];
        }
        return total / x.length;
    }

    @Benchmark
    public double jeneticsPlain(Evaluations counter) {
        LongAdder calls = new LongAdder();
        double best = JeneticsDefaults.runJenetics(
                this::fitness,
                DoubleRange.of(-0.5, 0.5),
                dimension,
                POPULATION,
                GENERATIONS,
                pool == null ? Runnable::run : pool,
                calls);
        counter.evaluations += calls.sum();
        return best;
    }
}
