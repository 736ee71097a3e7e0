package org.learnbench.matrix;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 *
 * <p>Allocation-free: a parallel call's job record and the callers' part objects ({@link Frame}) are kept
 * per calling thread and per nesting depth (a part may itself run a parallel call) and reused, and jobs are
 * posted in a fixed array of slots instead of a linked queue (whose nodes were a training step's only
 * allocation, about 2 KB a step on two threads). With every slot taken (more simultaneous callers than
 * {@link #SLOTS}) a call runs all its parts on its own thread, which gives the same results. A job is
 * reused only after every worker that picked it up has left it (its {@code active} count), and a worker
 * works on a job only if it still finds it in the slot where it picked it up, after announcing itself.
 */
final class Workers {
    /** How long an idle worker (or a waiting caller) spins before parking. */
    static final long SPIN_NANOS = 100_000;
    /** How long of that it spins without yielding. */
    static final long PURE_SPIN_NANOS = 10_000;

    private static final class Holder {
        static final Workers INSTANCE = new Workers(Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Posted jobs (null: a free slot). */
    static final int SLOTS = 16;

    private final AtomicReferenceArray<Job> slots = new AtomicReferenceArray<>(SLOTS);
    private final Thread[] threads;

    private static final ThreadLocal<Frames> FRAMES = ThreadLocal.withInitial(Frames::new);

    /** A calling thread's reusable objects for one parallel call at one nesting depth. */
    static final class Frame {
        final Job job = new Job();
        final MatrixOps.MultiplyPart multiply = new MatrixOps.MultiplyPart();
        final MatrixOps.RangePart range = new MatrixOps.RangePart();
    }

    private static final class Frames {
        private Frame[] frames = new Frame[2];
        private int depth;
    }

    /** The calling thread's frame for its next parallel call; give it back with {@link #exit}. */
    static Frame enter() {
        Frames f = FRAMES.get();
        if (f.depth == f.frames.length) {
            f.frames = Arrays.copyOf(f.frames, 2 * f.depth);
        }
        Frame frame = f.frames[f.depth];
        if (frame == null) {
            frame = new Frame();
            f.frames[f.depth] = frame;
        }
        f.depth++;
        return frame;
    }

    /** Gives back the frame of the calling thread's innermost parallel call. */
    static void exit() {
        FRAMES.get().depth--;
    }

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

    /** {@link #run(Frame, int, IntConsumer)} with a frame of the calling thread's own. */
    void run(int parts, IntConsumer part) {
        Frame frame = enter();
        try {
            run(frame, parts, part);
        } finally {
            exit();
        }
    }

    /**
     * Runs {@code part.accept(p)} for p = 0 .. parts - 1, on the calling thread and any idle workers, and
     * returns when all have finished, using the job record of {@code frame} (the caller's, from {@link
     * #enter}). Rethrows the first failure of any part.
     */
    void run(Frame frame, int parts, IntConsumer part) {
        Job job = frame.job;
        job.reset(parts, part, Thread.currentThread());
        int slot = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, job)) {
                slot = i;
                break;
            }
        }
        if (slot >= 0) {
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        }
        job.work();
        if (slot >= 0) {
            slots.set(slot, null); // every part is taken: let the next job through
        }
        job.awaitCompletion();
        job.awaitWorkersOut();
        Throwable failure = job.failure;
        job.part = null;
        job.failure = null;
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
            Job job = null;
            int slot = 0;
            for (; slot < SLOTS; slot++) {
                Job posted = slots.get(slot);
                if (posted != null && posted.hasWork()) {
                    job = posted;
                    break;
                }
            }
            if (job != null) {
                job.active.incrementAndGet();
                if (slots.get(slot) == job) { // still the job posted there: its fields are this run's
                    job.work();
                }
                job.active.decrementAndGet();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                pause(System.nanoTime() - idleSince);
            } else {
                LockSupport.park(this); // a run() unparks every worker after posting its job
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

    /** One parallel call: its parts go to whichever thread takes them first. Reused by its caller. */
    static final class Job {
        private int parts;
        private IntConsumer part;
        private Thread caller;
        private final AtomicInteger next = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger finished = new AtomicInteger();
        /** Workers between picking this job up and leaving it. */
        private final AtomicInteger active = new AtomicInteger();

        private volatile Throwable failure;

        /** Set before the job is posted (the slot's volatile write publishes the fields). */
        void reset(int parts, IntConsumer part, Thread caller) {
            this.parts = parts;
            this.part = part;
            this.caller = caller;
            failure = null;
            finished.set(0);
            next.set(0);
        }

        boolean hasWork() {
            return next.get() < parts;
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

        /** Waits until no worker is inside {@link #work} of this job, so that it can be reset. */
        void awaitWorkersOut() {
            while (active.get() != 0) {
                Thread.onSpinWait();
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
