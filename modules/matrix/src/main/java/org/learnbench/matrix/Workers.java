package org.learnbench.matrix;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads of the multiply: one fewer than the cores (the calling thread works too), daemon,
 * started on first use and shared by every {@link MatrixOps}.
 *
 * <p>Why not a {@link java.util.concurrent.ForkJoinPool}: waking a parked thread costs about 40 µs on
 * the project's virtual machines (a submit-and-join of an empty task, measured), which ate most of the
 * gain of a second core on multiplies under a millisecond. These workers spin for a short while after
 * each job before parking, and the caller spins before parking while it waits, so back-to-back multiplies
 * (a training loop) hand over work in about a microsecond. The cost is up to {@link #SPIN_NANOS} of
 * busy-waiting per core after the last parallel multiply. Past the first {@link #PURE_SPIN_NANOS} the
 * waiting threads yield instead of pausing, so on a machine that is busy with other work the spinning
 * gives the core away rather than burning the time slice a descheduled worker needs.
 */
final class Workers {
    /** How long an idle worker (or a waiting caller) spins before parking. */
    static final long SPIN_NANOS = 100_000;
    /** How long of that it spins without yielding. */
    static final long PURE_SPIN_NANOS = 10_000;

    private static final class Holder {
        static final Workers INSTANCE = new Workers(Runtime.getRuntime().availableProcessors() - 1);
    }

    private final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
    private final Thread[] threads;

    private Workers(int count) {
        threads = new Thread[Math.max(0, count)];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(this::serve, "learnbench-multiply-" + (i + 1));
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** The shared workers. */
    static Workers shared() {
        return Holder.INSTANCE;
    }

    /**
     * Runs {@code part.accept(p)} for p = 0 .. parts - 1, on the calling thread and any idle workers, and
     * returns when all have finished. Rethrows the first failure of any part.
     */
    void run(int parts, IntConsumer part) {
        Job job = new Job(parts, part, Thread.currentThread());
        jobs.add(job);
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        job.work();
        jobs.remove(job);
        job.awaitCompletion();
        Throwable failure = job.failure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private void serve() {
        long idleSince = System.nanoTime();
        while (true) {
            Job job = jobs.peek();
            if (job != null) {
                job.work();
                jobs.remove(job); // every part is taken: let the next job through
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                pause(System.nanoTime() - idleSince);
            } else {
                LockSupport.park(this); // a run() unparks every worker after queueing its job
                idleSince = System.nanoTime();
            }
        }
    }

    private static void pause(long waited) {
        if (waited < PURE_SPIN_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** One parallel call: its parts go to whichever thread takes them first. */
    private static final class Job {
        private final int parts;
        private final IntConsumer part;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Job(int parts, IntConsumer part, Thread caller) {
            this.parts = parts;
            this.part = part;
            this.caller = caller;
        }

        void work() {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                try {
                    part.accept(p);
                } catch (Throwable t) { // handed to the caller, which rethrows it
                    if (failure == null) {
                        failure = t;
                    }
                }
                if (finished.incrementAndGet() == parts) {
                    LockSupport.unpark(caller);
                }
            }
        }

        void awaitCompletion() {
            long start = System.nanoTime();
            while (finished.get() < parts) {
                long waited = System.nanoTime() - start;
                if (waited < SPIN_NANOS) {
                    pause(waited);
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }
}
