package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void runsEveryPartExactlyOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(37);
        for (int round = 0; round < 200; round++) {
            Workers.shared().run(37, runs::incrementAndGet);
        }
        for (int p = 0; p < 37; p++) {
            assertEquals(200, runs.get(p), "part " + p);
        }
    }

    @Test
    void rethrowsAFailingPartOnTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        var thrown =
                assertThrows(IllegalStateException.class, () -> Workers.shared().run(4, p -> {
                    if (p == 3) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
        Workers.shared().run(2, p -> {}); // and the workers still serve
    }

    @Test
    void concurrentCallersEachGetTheirOwnBitIdenticalResults() throws InterruptedException, ExecutionException {
        SplittableRandom rng = new SplittableRandom(4);
        Matrix a = Matrix.zeros(150, 90).fillUniform(rng, -1, 1);
        Matrix b = Matrix.zeros(90, 120).fillUniform(rng, -1, 1);
        Matrix expected = MatrixOps.withThreads(1).mult(a, b, null);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(callers.submit(
                        () -> MatrixOps.withThreads(3).mult(a, b, null).toArray()));
            }
            for (Future<double[]> result : results) {
                assertArrayEquals(expected.toArray(), result.get());
            }
        } finally {
            callers.shutdownNow();
        }
        assertTrue(expected.allFinite());
    }

    /** A part may itself run a parallel call (its own frame, one level deeper), and every part runs once. */
    @Test
    void nestedCallsRunEveryPartOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(6 * 5);
        for (int round = 0; round < 100; round++) {
            Workers.shared().run(6, p -> Workers.shared().run(5, q -> runs.incrementAndGet(p * 5 + q)));
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(100, runs.get(i), "part " + i);
        }
    }

    /**
     * After warm-up, parallel multiplies (matrices and raw arrays, both precisions) and forRanges allocate
     * nothing on the calling thread: the job records and part objects are reused. Several blocks are tried,
     * as the JIT may still be compiling when the warm-up ends.
     */
    @Test
    void parallelCallsAllocateNothing() {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SplittableRandom rng = new SplittableRandom(5);
        Matrix a = Matrix.zeros(128, 128).fillUniform(rng, -1, 1);
        Matrix b = Matrix.zeros(128, 128).fillUniform(rng, -1, 1);
        Matrix c = Matrix.zeros(128, 128);
        float[] af = new float[128 * 128];
        float[] cf = new float[128 * 128];
        MatrixOps ops = MatrixOps.withThreads(2);
        double[] sink = new double[1];
        MatrixOps.RangeTask task = (from, to) -> {
            for (int i = from; i < to; i++) {
                c.data()[i] += 1;
            }
        };
        Runnable step = () -> {
            ops.mult(a, b, c);
            ops.sgemm(false, true, 128, 128, 128, af, 0, 128, af, 0, 128, cf, 0, 128);
            ops.dgemm(true, false, 128, 128, 128, a.data(), 0, 128, b.data(), 0, 128, c.data(), 0, 128);
            ops.forRanges(1000, 4, task);
            sink[0] += c.get(1, 1);
        };
        for (int i = 0; i < 3000; i++) {
            step.run();
        }
        double perStep = Double.POSITIVE_INFINITY;
        for (int block = 0; block < 5 && perStep >= 8; block++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 500; i++) {
                step.run();
            }
            perStep = (bean.getCurrentThreadAllocatedBytes() - before) / 500.0;
        }
        assertTrue(perStep < 8, perStep + " bytes a step");
        assertTrue(Double.isFinite(sink[0]));
    }
}
