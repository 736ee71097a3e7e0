package org.learnbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
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
 * The multiplies this project's networks actually make, one thread, nanoseconds per call: the vector kernel
 * against the scalar one (the blocked loop that was the only kernel before, and still is without the
 * incubator module), to show small shapes did not get slower.
 *
 * <p>Shapes are m x k x n of C (m x n) = A (m x k) B (k x n): 1x4x16 and 1x16x2, a CartPole policy's two
 * layers for one observation (every environment step of a GA or greedy evaluation); 1x4x128, the first layer
 * of the 4-128-2 REINFORCE policy; 32x64x32 and 128x32x10, a digits network's layers on a minibatch;
 * 128x64x32, batch 128; 500x64x32, the digits-deep-ga fitness batch; 128x784x256, an MNIST-sized first
 * layer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class SmallGemmBenchmark {
    /** m x k x n, see the class comment. */
    @Param({"1x4x16", "1x16x2", "1x4x128", "32x64x32", "128x32x10", "128x64x32", "500x64x32", "128x784x256"})
    public String shape;

    /** As {@link GemmBenchmark#kernel}. */
    @Param({"VECTOR", "SCALAR"})
    public MatrixOps.Kernel kernel;

    private Matrix a;
    private Matrix b;
    private Matrix c;
    private MatrixOps ops;

    @Setup(Level.Trial)
    public void setUp() {
        String[] mkn = shape.split("x");
        int m = Integer.parseInt(mkn[0]);
        int k = Integer.parseInt(mkn[1]);
        int n = Integer.parseInt(mkn[2]);
        SplittableRandom random = new SplittableRandom(1);
        a = Matrix.zeros(m, k).fillUniform(random, -1, 1);
        b = Matrix.zeros(k, n).fillUniform(random, -1, 1);
        c = Matrix.zeros(m, n);
        ops = MatrixOps.withThreads(1).withKernel(kernel);
    }

    @Benchmark
    public Matrix mult() {
        return ops.mult(a, b, c);
    }
}
