package org.learnbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
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
 * Every multiply of one training step of {@link MlpTrainingBenchmark}'s 784-256-128-10 MLP on a batch of
 * 128, in isolation: read the "flops" rows (floating-point operations per second, 2mkn per call) against
 * the core's fp64 FMA peak (about 58 GFLOP/s on the project's VM).
 *
 * <p>Shapes, named by the layer and the pass: {@code fwdL} is the forward x W (NN, 128 x in by in x out);
 * {@code wgradL} the weight gradient x^T dy (multTransA: in x out over k = 128); {@code dgradL} the input
 * gradient dy W^T (multTransB: 128 x in over k = out). The first layer has no input gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class MlpGemmBenchmark {
    @Param({"fwd1", "fwd2", "fwd3", "wgrad1", "wgrad2", "wgrad3", "dgrad2", "dgrad3"})
    public String gemm;

    @Param({"1", "2"})
    public int threads;

    private Matrix a;
    private Matrix b;
    private Matrix c;
    private MatrixOps ops;
    private int kind;
    private long flops;

    /** Floating-point operations, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        int batch = 128;
        int layer = gemm.charAt(gemm.length() - 1) - '1';
        int[] sizes = {784, 256, 128, 10};
        int in = sizes[layer];
        int out = sizes[layer + 1];
        SplittableRandom random = new SplittableRandom(1);
        switch (gemm.substring(0, gemm.length() - 1)) {
            case "fwd" -> {
                kind = 0;
                a = Matrix.zeros(batch, in);
                b = Matrix.zeros(in, out);
                c = Matrix.zeros(batch, out);
            }
            case "wgrad" -> {
                kind = 1;
                a = Matrix.zeros(batch, in);
                b = Matrix.zeros(batch, out);
                c = Matrix.zeros(in, out);
            }
            case "dgrad" -> {
                kind = 2;
                a = Matrix.zeros(batch, out);
                b = Matrix.zeros(in, out);
                c = Matrix.zeros(batch, in);
            }
            default -> throw new IllegalArgumentException(gemm);
        }
        a.fillUniform(random, -1, 1);
        b.fillUniform(random, -1, 1);
        flops = 2L * batch * in * out;
        ops = MatrixOps.withThreads(threads);
    }

    @Benchmark
    public Matrix multiply(Flops counter) {
        counter.flops += flops;
        return switch (kind) {
            case 0 -> ops.mult(a, b, c);
            case 1 -> ops.multTransA(a, b, c);
            default -> ops.multTransB(a, b, c);
        };
    }
}
