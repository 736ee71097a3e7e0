package org.learnbench.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.LayerSpec;
import org.learnbench.nn.Network;
import org.learnbench.nn.Precision;
import org.learnbench.nn.Shape;
import org.learnbench.nn.SoftmaxCrossEntropy;
import org.learnbench.nn.StackSpec;
import org.learnbench.optim.Budget;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;
import org.learnbench.optim.rules.Sgd;
import org.learnbench.optim.rules.UpdateRule;
import org.learnbench.tasks.SupervisedProblem;
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
 * Training throughput of issue 17's LeNet-5-style network on MNIST-shaped data, the work of
 * {@code scripts/lenet_training.py} in PyTorch: conv 6@5x5 pad 2, ReLU, max pool 2, conv 16@5x5, ReLU, max
 * pool 2, flatten, dense 120 and 84 with ReLU, 10 outputs, softmax cross-entropy, plain SGD (learning rate
 * 0.01). One invocation is one minibatch step of the real hot path of {@code GradientDescent}: the
 * supervised problem gathers the batch, runs the forward and backward passes and charges the meter; the SGD
 * stepper updates the parameters. Read the "samples" rows (training samples per second). The warm-up is long
 * (10 s) because on a busy 2-core machine the compiler needs several seconds to compile the vector kernels,
 * and the first iterations run them interpreted, ten times slower (measured).
 *
 * <p>The data are 1,280 synthetic 1x28x28 images (uniform pixels in [0, 1), random labels out of 10), taken
 * in order: a step's work does not depend on the values, so random data of MNIST's shape measure what the
 * real MNIST files would. Parameters: batch 64 and 128, the throughput targets; 1 and 2 threads,
 * its two-thread target; both precisions, compared with the same precision of PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class LenetTrainingBenchmark {
    static final int SAMPLES = 1_280;

    @Param({"64", "128"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    @Param({"float32", "float64"})
    public String precision;

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

    /**
     * The benchmark thread's CPU time and the samples it trained, as totals per iteration: on a machine shared
     * with other jobs, samples per CPU-second of the one-thread rows are steadier than per wall-clock second
     * (they leave out the time the thread waited for a core, not the slowdown of a shared cache). With two
     * threads they leave out the worker's time, so only the one-thread rows mean anything.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long cpuSamples;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** The LeNet-5-style network (without its output layer, which build() adds). */
    static StackSpec lenet(Precision precision) {
        return new StackSpec(
                List.of(
                        new LayerSpec.Conv(6, 5, 1, 2),
                        new LayerSpec.Act(Activation.RELU),
                        new LayerSpec.MaxPool(2),
                        new LayerSpec.Conv(16, 5, 1, 0),
                        new LayerSpec.Act(Activation.RELU),
                        new LayerSpec.MaxPool(2),
                        new LayerSpec.Flatten(),
                        new LayerSpec.Dense(120),
                        new LayerSpec.Act(Activation.RELU),
                        new LayerSpec.Dense(84),
                        new LayerSpec.Act(Activation.RELU)),
                null,
                precision);
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
        Network network =
                lenet(Precision.fromConfigName(precision)).build(Shape.image(1, 28, 28), 10, Activation.IDENTITY);
        problem = new SupervisedProblem(
                context, MlpTrainingBenchmark.syntheticData(SAMPLES, 784, 10, 1), network, new SoftmaxCrossEntropy());
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
        next = (next + batch) % SAMPLES; // 1,280 is a multiple of both batch sizes
        double loss = problem.lossAndGradient(params, order, from, from + batch, grad);
        stepper.apply(params, grad, 0.01);
        counter.samples += batch;
        cpu.cpuSamples += batch;
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        return loss;
    }
}
