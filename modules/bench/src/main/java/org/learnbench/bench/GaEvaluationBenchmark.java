package org.learnbench.bench;

import io.jenetics.util.DoubleRange;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.ga.GeneticAlgorithm;
import org.learnbench.tasks.blackbox.BlackBoxFunction;
import org.learnbench.tasks.blackbox.BlackBoxProblem;
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
 * Fitness evaluations per second of learnbench's genetic algorithm and of Jenetics 7.2.0, side by side:
 * Rastrigin in dimension 1000, population 100, the Jenetics defaults on both sides (tournament of 3,
 * single-point crossover 0.2, Gaussian mutation of each gene with probability 0.15). Read the
 * "evaluations" rows (per second).
 *
 * <p>Parameters: dimension 1000 makes a generation's variation (about 10^5 gene operations) and its
 * evaluations (10^5 cosines) comparable, so the figure measures the engine and not only the function;
 * 20 generations per invocation amortise the run's setup. Threads 1 and 2: both libraries evaluate in
 * parallel over the given number of threads (Jenetics through its executor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GaEvaluationBenchmark {
    private static final int DIMENSION = 1000;
    private static final int POPULATION = 100;
    private static final int GENERATIONS = 20;

    @Param({"1", "2"})
    public int threads;

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
        jeneticsPool = threads == 1 ? null : Executors.newFixedThreadPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (jeneticsPool != null) {
            jeneticsPool.shutdownNow();
        }
    }

    @Benchmark
    public double learnbench(Evaluations counter) {
        GeneticAlgorithm ga = JeneticsDefaults.learnbench(POPULATION, 0.5);
        RunResult r = RunLoop.run(
                ga,
                context -> new BlackBoxProblem(context, BlackBoxFunction.RASTRIGIN, DIMENSION, 0),
                new RunSettings(++seed, Budget.iterations(GENERATIONS), CheckpointSchedule.every(GENERATIONS), threads),
                List.of());
        counter.evaluations += r.clocks().evaluations();
        return r.last().metric("fitness");
    }

    @Benchmark
    public double jenetics(Evaluations counter) {
        LongAdder calls = new LongAdder();
        double best = JeneticsDefaults.runJenetics(
                BlackBoxFunction.RASTRIGIN::value,
                DoubleRange.of(-5.12, 5.12),
                DIMENSION,
                POPULATION,
                GENERATIONS,
                jeneticsPool == null ? Runnable::run : jeneticsPool,
                calls);
        counter.evaluations += calls.sum();
        return best;
    }
}
