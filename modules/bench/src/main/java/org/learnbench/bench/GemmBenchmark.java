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
 * Square double-precision multiply C = A B, reported as flops per second (the "flops" secondary result;
 * divide by 1e9 for GFLOP/s). {@link LoopBaselineBenchmark} measures the textbook loops it replaces in the
 * same run.
 *
 * <p>Parameters: n = 256 keeps all three matrices in L2 (3 x 512 KiB), n = 1024 does not (24 MiB), so the
 * pair shows the blocking at work; threads 1 and 2 cover this project's 2-core machines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GemmBenchmark {
    @Param({"256", "1024"})
    public int n;

    @Param({"1", "2"})
    public int threads;

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
        ops = MatrixOps.withThreads(threads);
    }

    @Benchmark
    public Matrix blocked(Flops counter) {
        counter.flops += 2L * n * n * n;
        return ops.mult(a, b, c);
    }
}
