package org.learnbench.optim;

/**
 * The cost clocks of a run at one moment. Training work (charged to the budget) and monitoring work
 * (checkpoint evaluations, never charged) are kept apart.
 *
 * @param iterations completed iterations
 * @param forwardSamples samples passed forward for the optimizer
 * @param backwardSamples samples passed backward for the optimizer
 * @param evaluations fitness evaluations
 * @param envSteps environment steps taken for the optimizer (control tasks)
 * @param episodes episodes finished for the optimizer (control tasks)
 * @param flops floating-point operations of the optimizer's work
 * @param wallNanos elapsed time since the run started
 * @param monitorForwardSamples samples passed forward for checkpoint metrics
 * @param monitorFlops floating-point operations of checkpoint metrics
 * @param monitorEnvSteps environment steps of checkpoint evaluation episodes
 */
public record Clocks(
        long iterations,
        long forwardSamples,
        long backwardSamples,
        long evaluations,
        long envSteps,
        long episodes,
        long flops,
        long wallNanos,
        long monitorForwardSamples,
        long monitorFlops,
        long monitorEnvSteps) {
    /** The primary cost clock: forward passes plus two per backward pass. */
    public long sampleForwardPasses() {
        return forwardSamples + 2 * backwardSamples;
    }

    /** Elapsed milliseconds. */
    public double wallMillis() {
        return wallNanos / 1e6;
    }
}
