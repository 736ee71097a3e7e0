package org.learnbench.experiment.study;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Runs a study's jobs on a fixed number of local threads. */
public final class LocalExecutor implements RunExecutor {
    private final int parallel;

    public LocalExecutor(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel runs must be >= 1, got " + parallel);
        }
        this.parallel = parallel;
    }

    @Override
    public int parallelism() {
        return parallel;
    }

    @Override
    public <T> void executeAll(List<Callable<T>> jobs, Consumer<Finished<T>> done) throws InterruptedException {
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "learnbench-study-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                int index = i;
                Callable<T> job = jobs.get(i);
                pool.execute(() -> {
                    Finished<T> f;
                    try {
                        f = new Finished<>(index, job.call(), null);
                    } catch (Exception e) {
                        f = new Finished<>(index, null, e);
                    } catch (Error e) {
                        // An OutOfMemoryError or the like must still count as a failed run, not vanish.
                        f = new Finished<>(index, null, new IllegalStateException(e.toString(), e));
                    }
                    synchronized (lock) {
                        done.accept(f);
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // keep waiting; an interrupt ends the wait
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
