package org.learnbench.bench;

import io.jenetics.util.DoubleRange;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Precision;
import org.learnbench.nn.SoftmaxCrossEntropy;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;
import org.learnbench.optim.ga.GeneticAlgorithm;
import org.learnbench.tasks.SupervisedProblem;
import org.learnbench.tasks.data.CsvReader;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.SplitSpec;
import org.learnbench.tasks.data.TabularPreparer;
import org.learnbench.tasks.data.TabularSpec;
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
 * Fitness evaluations per second of learnbench's genetic algorithm and of Jenetics 7.2.0 when the fitness
 * is a neural network's: the mean cross-entropy of a 64-32-10 ReLU network (2,410 weights) on about 500
 * training digits (a stratified 28% of experiments/data/digits.csv; run from the repository root). Both
 * engines evolve the flat weight vector with population 100, tournaments of 3, single-point crossover 0.2
 * and Gaussian mutation of each gene with probability 0.15, for 10 generations per invocation. Both score
 * a candidate with learnbench's own network code, one call per candidate. Read the "evaluations" rows
 * (per second). {@link JeneticsPlainFitnessBenchmark} gives Jenetics the fitness a Jenetics user writes
 * instead: plain Java loops.
 *
 * <p>Parameters: population 100 is the setting; threads 1 and 2 give both engines the same
 * number of threads (Jenetics through its executor, each thread with its own evaluator); precision is the
 * network's (float32 scores in single precision on both sides).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class GaNetworkFitnessBenchmark {
    private static final int POPULATION = 100;
    private static final int GENERATIONS = 10;
    static final MlpSpec NETWORK = new MlpSpec(List.of(32), Activation.RELU, null, 0);

    @Param({"1", "2"})
    public int threads;

    @Param({"float64", "float32"})
    public String precision;

    private PreparedData digits;
    private ExecutorService jeneticsPool;
    private long seed;

    /** Fitness evaluations, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Evaluations {
        public long evaluations;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Path file = Path.of(System.getProperty("learnbench.digits", "experiments/data/digits.csv"));
        digits = digitsSubset(file);
        jeneticsPool = threads == 1 ? null : Executors.newFixedThreadPool(threads);
    }

    /** About 500 training digits: a stratified 28% of the file, the rest left out. */
    static PreparedData digitsSubset(Path file) {
        return TabularPreparer.prepare(
                CsvReader.read(file),
                TabularSpec.classification("target"),
                SplitSpec.stratified(0.28, 0.0, 0.72),
                new SplittableRandom(1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (jeneticsPool != null) {
            jeneticsPool.shutdownNow();
        }
    }

    private SupervisedProblem problem(RunContext context) {
        return new SupervisedProblem(
                context,
                digits,
                NETWORK.withPrecision(Precision.fromConfigName(precision))
                        .build(digits.featureCount(), digits.classCount(), Activation.IDENTITY),
                new SoftmaxCrossEntropy());
    }

    @Benchmark
    public double learnbench(Evaluations counter) {
        GeneticAlgorithm ga = JeneticsDefaults.learnbench(POPULATION, 0.1);
        RunResult r = RunLoop.run(
                ga,
                this::problem,
                new RunSettings(++seed, Budget.iterations(GENERATIONS), CheckpointSchedule.every(GENERATIONS), threads),
                List.of());
        counter.evaluations += r.clocks().evaluations();
        return r.last().objective();
    }

    @Benchmark
    public double jenetics(Evaluations counter) {
        MatrixOps ops = MatrixOps.withThreads(1);
        RunContext context = new RunContext(
                new SeedStreams(++seed),
                new WorkMeter(Budget.iterations(Long.MAX_VALUE), ops, ops, System::nanoTime),
                ops,
                ops);
        SupervisedProblem problem = problem(context);
        FitnessCase all = new FitnessCase(0, 0);
        ThreadLocal<FitnessProblem.FitnessEvaluator> evaluators = ThreadLocal.withInitial(problem::evaluator);
        LongAdder calls = new LongAdder();
        double best = JeneticsDefaults.runJenetics(
                x -> evaluators.get().fitness(x, all),
                DoubleRange.of(-0.5, 0.5),
                problem.dimension(),
                POPULATION,
                GENERATIONS,
                jeneticsPool == null ? Runnable::run : jeneticsPool,
                calls);
        counter.evaluations += calls.sum();
        return best;
    }
}
