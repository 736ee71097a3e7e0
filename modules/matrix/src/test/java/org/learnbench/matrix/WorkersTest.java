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
}
