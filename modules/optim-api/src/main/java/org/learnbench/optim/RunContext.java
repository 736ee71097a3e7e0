package org.learnbench.optim;

import org.learnbench.matrix.MatrixOps;

/**
 * Everything a run's problem and search share: the random streams, the meter that counts and limits
 * work, the arithmetic for training work ({@code ops}) and for monitoring ({@code monitorOps}), whose
 * FLOPs are counted apart, and how many threads the run may use (for its multiplies and for scoring a
 * population; results never depend on it).
 */
public record RunContext(SeedStreams seeds, WorkMeter meter, MatrixOps ops, MatrixOps monitorOps, int threads) {
    public RunContext {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** A context whose thread count is the training arithmetic's (for tests and benchmarks). */
    public RunContext(SeedStreams seeds, WorkMeter meter, MatrixOps ops, MatrixOps monitorOps) {
        this(seeds, meter, ops, monitorOps, ops.threads());
    }
}
