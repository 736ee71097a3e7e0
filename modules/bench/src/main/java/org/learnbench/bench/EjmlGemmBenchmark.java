package org.learnbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
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
 * EJML 0.46.1's dense row-major multiply on the operands of {@link GemmBenchmark} (same seed, same sizes,
 * same JVM flags and timing), so the two can be read side by side ("flops" secondary result).
 *
 * <p>threads = 1 runs {@code CommonOps_DDRM.mult}, what EJML users call; threads = 2 runs
 * {@code CommonOps_MT_DDRM.mult} with EJML's pool limited to two threads. n as in {@link GemmBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class EjmlGemmBenchmark {
    /** As {@link GemmBenchmark#n}. */
    @Param({"64", "256", "1024"})
    public int n;

    /** 1: EJML's single-threaded multiply; 2: its concurrent one on two threads. */
    @Param({"1", "2"})
    public int threads;

    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj c;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        a = new DMatrixRMaj(n, n);
        b = new DMatrixRMaj(n, n);
        c = new DMatrixRMaj(n, n);
        // The order of GemmBenchmark's fills: row-major, A then B.
        for (int i = 0; i < n * n; i++) {
            a.data[i] = -1 + 2 * random.nextDouble();
        }
        for (int i = 0; i < n * n; i++) {
            b.data[i] = -1 + 2 * random.nextDouble();
        }
        EjmlConcurrency.setMaxThreads(threads);
    }

    @Benchmark
    public DMatrixRMaj mult(GemmBenchmark.Flops counter) {
        counter.flops += 2L * n * n * n;
        if (threads == 1) {
            CommonOps_DDRM.mult(a, b, c);
        } else {
            CommonOps_MT_DDRM.mult(a, b, c);
        }
        return c;
    }
}
