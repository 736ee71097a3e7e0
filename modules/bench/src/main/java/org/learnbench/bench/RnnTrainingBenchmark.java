package org.learnbench.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Dense;
import org.learnbench.nn.Embedding;
import org.learnbench.nn.Initializer;
import org.learnbench.nn.Network;
import org.learnbench.nn.Precision;
import org.learnbench.nn.Recurrent;
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
 * Training throughput of issue 18's recurrent text classifier, the work of {@code scripts/rnn_training.py}
 * in PyTorch: token ids (vocabulary 10,000) -> embedding 64 -> one GRU or LSTM layer of 128 units (full
 * backpropagation through time over 100 steps, unmasked full-length sequences, as torch's nn.GRU / nn.LSTM
 * on an unpacked batch_first batch) -> the state after the last step -> dense to 2 classes, softmax
 * cross-entropy, plain SGD (learning rate 0.01). One invocation is one minibatch step of 32 sequences on the
 * real hot path of {@code GradientDescent}: the supervised problem gathers the batch, runs the forward and
 * backward passes and charges the meter; the SGD stepper updates every parameter (the embedding's 640,000
 * included, as torch's optimizer does). Read the "samples" rows (sequences per second); the CPU-time
 * counters give samples per CPU-second of the benchmark thread, as in {@link LenetTrainingBenchmark}.
 *
 * <p>The data are 320 synthetic sequences (uniform ids, random labels out of 2), taken in order: a step's
 * work does not depend on the values. Parameters: the cell, both precisions, 1 and 2 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class RnnTrainingBenchmark {
    static final int SAMPLES = 320;
    static final int BATCH = 32;
    static final int STEPS = 100;
    static final int VOCABULARY = 10_000;
    static final int EMBEDDING = 64;
    static final int HIDDEN = 128;
    static final int CLASSES = 2;

    @Param({"GRU", "LSTM"})
    public Recurrent.Cell cell;

    @Param({"float32", "float64"})
    public String precision;

    @Param({"1", "2"})
    public int threads;

    private SupervisedProblem problem;
    private UpdateRule.Stepper stepper;
    private double[] params;
    private double[] grad;
    private int[] order;
    private int next;

    /** Training samples, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;
    }

    /** The benchmark thread's CPU time and the samples it trained (see {@link LenetTrainingBenchmark.CpuTime}). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long cpuSamples;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** SAMPLES rows of STEPS uniform token ids, labels uniform out of CLASSES. */
    static PreparedData tokenData(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(SAMPLES, STEPS);
        Matrix y = Matrix.zeros(SAMPLES, 1);
        for (int i = 0; i < SAMPLES; i++) {
            for (int t = 0; t < STEPS; t++) {
                x.set(i, t, random.nextInt(VOCABULARY));
            }
            y.set(i, 0, random.nextInt(CLASSES));
        }
        int[] lines = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            lines[i] = i + 2;
        }
        Part empty = new Part(Matrix.zeros(0, STEPS), Matrix.zeros(0, 1), new int[0]);
        List<String> names = java.util.stream.IntStream.range(0, STEPS)
                .mapToObj(i -> "t" + i)
                .toList();
        List<String> labels = java.util.stream.IntStream.range(0, CLASSES)
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
                new DataReport(SAMPLES, 0, 0, new SplitCounts(SAMPLES, 0, 0), none, none, STEPS, 0));
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
        Embedding embedding = new Embedding(VOCABULARY, EMBEDDING, STEPS, false);
        Recurrent rnn = new Recurrent(cell, embedding.outputSequence(), HIDDEN, Recurrent.Output.LAST, 0);
        Dense head = new Dense(HIDDEN, CLASSES, Initializer.XAVIER_UNIFORM, 1.0);
        Network network = new Network(List.of(embedding, rnn, head), Precision.fromConfigName(precision));
        problem = new SupervisedProblem(context, tokenData(1), network, new SoftmaxCrossEntropy());
        params = problem.initialParameters(new SplittableRandom(2));
        grad = new double[params.length];
        stepper = Sgd.plain().start(params.length);
        order = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            order[i] = i;
        }
    }

    @Benchmark
    public double step(Samples counter, CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        int from = next;
        next = (next + BATCH) % SAMPLES;
        double loss = problem.lossAndGradient(params, order, from, from + BATCH, grad);
        stepper.apply(params, grad, 0.01);
        counter.samples += BATCH;
        cpu.cpuSamples += BATCH;
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        return loss;
    }
}
