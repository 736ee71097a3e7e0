package org.learnbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Square single-precision multiply C = A B with {@link MatrixOps#sgemm} on row-major float arrays ("flops"
 * secondary result), the kernel under the float32 training path ({@code FloatMatrix}); {@code compare.sh sgemm} sets it
 * beside numpy's float32 matmul. Parameters and timing as in {@link GemmBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class SgemmBenchmark {
    /** As {@link GemmBenchmark#n}: direct path, one block of the inner dimension, two blocks. */
    @Param({"64", "256", "1024"})
    public int n;

    /** As {@link GemmBenchmark#threads}. */
    @Param({"1", "2"})
    public int threads;

    /** As {@link GemmBenchmark#kernel}. */
    @Param({"VECTOR", "SCALAR"})
    public MatrixOps.Kernel kernel;

    private float[] a;
    private float[] b;
    private float[] c;
    private MatrixOps ops;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (-1 + 2 * random.nextDouble());
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (-1 + 2 * random.nextDouble());
        }
        ops = MatrixOps.withThreads(threads).withKernel(kernel);
    }

    @Benchmark
    public float[] sgemm(GemmBenchmark.Flops counter) {
        counter.flops += 2L * n * n * n;
        ops.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n);
        return c;
    }
}
