package org.learnbench.optim;

import org.learnbench.matrix.MatrixOps;

/**
 * Everything a run's problem and search share: the random streams, the meter that counts and limits
 * work, and the arithmetic for training work ({@code ops}) and for monitoring ({@code monitorOps}),
 * whose FLOPs are counted apart.
 */
public record RunContext(SeedStreams seeds, WorkMeter meter, MatrixOps ops, MatrixOps monitorOps) {}
