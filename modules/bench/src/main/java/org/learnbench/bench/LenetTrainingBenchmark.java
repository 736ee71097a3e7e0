package org.learnbench.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.LayerSpec;
import org.learnbench.nn.Network;
import org.learnbench.nn.Pass;
import org.learnbench.nn.Precision;
import org.learnbench.nn.Shape;
import org.learnbench.nn.SoftmaxCrossEntropy;
import org.learnbench.nn.StackSpec;
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
 * One training step (forward, softmax cross-entropy, backward) of issue 17's LeNet-5-style network on
 * 1x28x28 inputs: conv 6@5x5 pad 2, ReLU, max pool 2, conv 16@5x5, ReLU, max pool 2, flatten, dense 120 and
 * 84 with ReLU, 10 outputs; microseconds per step. Divide the batch by the time for samples per second.
 *
 * <p>Parameters: batch 64 and 128, the throughput targets; 1 and 2 threads, its two-thread target;
 * both precisions. The inputs are uniform pixels in [0, 1]: a step's cost does not depend on the data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class LenetTrainingBenchmark {
    @Param({"64", "128"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    @Param({"FLOAT32", "FLOAT64"})
    public Precision precision;

    private Network network;
    private MatrixOps ops;
    private Pass pass;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private Matrix x;
    private Matrix y;
    private Matrix grad;
    private FloatMatrix xF;
    private FloatMatrix yF;
    private FloatMatrix gradF;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        network = new StackSpec(
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
                        precision)
                .build(Shape.image(1, 28, 28), 10, Activation.IDENTITY);
        network.initialize(random);
        ops = MatrixOps.withThreads(threads);
        pass = Pass.training(ops, new SplittableRandom(2));
        x = Matrix.zeros(batch, 784).fillUniform(random, 0, 1);
        y = Matrix.zeros(batch, 1);
        for (int i = 0; i < batch; i++) {
            y.set(i, 0, i % 10);
        }
        grad = Matrix.zeros(batch, 10);
        xF = FloatMatrix.roundedFrom(x);
        yF = FloatMatrix.roundedFrom(y);
        gradF = FloatMatrix.zeros(batch, 10);
    }

    @Benchmark
    public Object step() {
        if (precision == Precision.FLOAT32) {
            loss.valueAndGradient(ops, network.forward(pass, xF), yF, gradF);
            network.backward(ops, gradF);
            return gradF;
        }
        loss.valueAndGradient(ops, network.forward(pass, x), y, grad);
        network.backward(ops, grad);
        return grad;
    }
}
