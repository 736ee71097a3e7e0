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
 * Square double-precision multiply C = A B with {@link MatrixOps#mult}, reported as flops per second (the
 * "flops" secondary result; divide by 1e9 for GFLOP/s). {@link EjmlGemmBenchmark} measures EJML and
 * {@link LoopBaselineBenchmark} the textbook loops on the same operands; {@code compare.sh} adds OpenBLAS.
 *
 * <p>The forks run with {@code --add-modules jdk.incubator.vector}, as the launcher does, so both kernels
 * can be measured; a JVM without the flag gets the scalar one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    /**
     * Order of the square matrices. 64: the operands (96 KiB) fit in L2 and the multiply takes the direct
     * path, the size of this project's hidden layers. 256: all three matrices (1.5 MiB) just overflow the 1
     * MiB L2, the packed path runs from one block of the inner dimension. 1024 (24 MiB): only L3 holds them,
     * two blocks of the inner dimension, the size where blocking matters and the 2-thread target is
     * set.
     */
    @Param({"64", "256", "1024"})
    public int n;

    /** 1 and 2: this project's machines have two cores; the same bits either way. */
    @Param({"1", "2"})
    public int threads;

    /** VECTOR: the Vector API kernel users get with the launcher; SCALAR: the fallback without the flag. */
    @Param({"VECTOR", "SCALAR"})
    public MatrixOps.Kernel kernel;

    private Matrix a;
    private Matrix b;
    private Matrix c;
    private MatrixOps ops;

    /** Counts floating-point operations so JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        a = Matrix.zeros(n, n).fillUniform(random, -1, 1);
        b = Matrix.zeros(n, n).fillUniform(random, -1, 1);
        c = Matrix.zeros(n, n);
        ops = MatrixOps.withThreads(threads).withKernel(kernel);
    }

    @Benchmark
    public Matrix mult(Flops counter) {
        counter.flops += 2L * n * n * n;
        return ops.mult(a, b, c);
    }
}
