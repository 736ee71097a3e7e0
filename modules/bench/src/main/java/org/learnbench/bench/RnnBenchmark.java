package org.learnbench.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Dense;
import org.learnbench.nn.Embedding;
import org.learnbench.nn.Initializer;
import org.learnbench.nn.Loss;
import org.learnbench.nn.Network;
import org.learnbench.nn.Pass;
import org.learnbench.nn.Precision;
import org.learnbench.nn.Recurrent;
import org.learnbench.nn.SoftmaxCrossEntropy;
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
 * A training step of a recurrent text classifier, the size issue 18 compares with PyTorch: token ids of
 * batch 32 x 100 steps, an embedding of 64 (vocabulary 5000), a GRU or LSTM of 128 units with full
 * backpropagation through time, many-to-one (last state), a dense layer to 2 classes, softmax cross-entropy;
 * one thread, milliseconds per step.
 *
 * <p>The step is forward, loss and gradient, and backward into the network's gradient vector; it does not
 * update the parameters (an SGD update is one pass over the 0.4 million parameters, negligible here), so a
 * torch counterpart should time forward, loss and backward alike. Sequences are full length and unmasked
 * (torch's nn.GRU on an unpacked batch); the ids are fixed draws from a seeded generator.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class RnnBenchmark {
    @Param({"GRU", "LSTM"})
    public Recurrent.Cell cell;

    @Param({"FLOAT32", "FLOAT64"})
    public Precision precision;

    static final int BATCH = 32;
    static final int STEPS = 100;
    static final int EMBEDDING = 64;
    static final int HIDDEN = 128;
    static final int VOCABULARY = 5000;
    static final int CLASSES = 2;

    private Network network;
    private MatrixOps ops;
    private Pass pass;
    private final Loss loss = new SoftmaxCrossEntropy();
    private Matrix ids;
    private Matrix labels;
    private Matrix grad;
    private FloatMatrix idsF;
    private FloatMatrix labelsF;
    private FloatMatrix gradF;

    @Setup(Level.Trial)
    public void setUp() {
        Embedding embedding = new Embedding(VOCABULARY, EMBEDDING, STEPS, false);
        Recurrent rnn = new Recurrent(cell, embedding.outputSequence(), HIDDEN, Recurrent.Output.LAST, 0);
        Dense head = new Dense(HIDDEN, CLASSES, Initializer.XAVIER_UNIFORM, 1.0);
        network = new Network(List.of(embedding, rnn, head), precision);
        SplittableRandom random = new SplittableRandom(1);
        network.initialize(random);
        ids = Matrix.zeros(BATCH, STEPS);
        labels = Matrix.zeros(BATCH, 1);
        for (int s = 0; s < BATCH; s++) {
            for (int t = 0; t < STEPS; t++) {
                ids.set(s, t, random.nextInt(VOCABULARY));
            }
            labels.set(s, 0, random.nextInt(CLASSES));
        }
        grad = Matrix.zeros(BATCH, CLASSES);
        idsF = FloatMatrix.roundedFrom(ids);
        labelsF = FloatMatrix.roundedFrom(labels);
        gradF = FloatMatrix.zeros(BATCH, CLASSES);
        ops = MatrixOps.withThreads(1);
        pass = Pass.inference(ops);
    }

    /** Forward, loss and its gradient, backward; returns the loss. */
    @Benchmark
    public double trainingStep() {
        if (precision == Precision.FLOAT32) {
            double value = loss.valueAndGradient(ops, network.forward(pass, idsF), labelsF, gradF);
            network.backward(ops, gradF);
            return value;
        }
        double value = loss.valueAndGradient(ops, network.forward(pass, ids), labels, grad);
        network.backward(ops, grad);
        return value;
    }
}
