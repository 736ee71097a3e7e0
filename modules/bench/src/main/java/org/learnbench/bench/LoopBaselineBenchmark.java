package org.learnbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.Matrix;
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
 * The two textbook multiply loops, one thread, as the baseline for {@link GemmBenchmark} ("flops"
 * secondary result). n = 256 only: at 1024 the i-j-k loop takes seconds per call and says nothing new.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class LoopBaselineBenchmark {
    @Param({"256"})
    public int n;

    private Matrix a;
    private Matrix b;
    private Matrix c;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        a = Matrix.zeros(n, n).fillUniform(random, -1, 1);
        b = Matrix.zeros(n, n).fillUniform(random, -1, 1);
        c = Matrix.zeros(n, n);
    }

    /** The dot-product loop a first implementation writes: strided reads of B, no reuse. */
    @Benchmark
    public Matrix naiveIjk(GemmBenchmark.Flops counter) {
        counter.flops += 2L * n * n * n;
        double[] ad = a.data(), bd = b.data(), cd = c.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += ad[i * n + k] * bd[k * n + j];
                }
                cd[i * n + j] = s;
            }
        }
        return c;
    }

    /** The row-streaming loop (what EJML's plain multiply does): contiguous, auto-vectorised, unblocked. */
    @Benchmark
    public Matrix plainIkj(GemmBenchmark.Flops counter) {
        counter.flops += 2L * n * n * n;
        double[] ad = a.data(), bd = b.data(), cd = c.data();
        java.util.Arrays.fill(cd, 0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = ad[i * n + k];
                for (int j = 0; j < n; j++) {
                    cd[i * n + j] += aik * bd[k * n + j];
                }
            }
        }
        return c;
    }
}
