package org.learnbench.optim;

/**
 * What one iteration reports: the training objective it saw (to minimise; NaN or infinite means the run
 * diverged) and whether the optimizer asks to stop (early stopping).
 *
 * @param objective the iteration's training objective, e.g. the mean minibatch loss of an epoch
 * @param stop true when the optimizer's own stopping rule fired
 * @param reason why it stopped, or empty
 */
public record StepOutcome(double objective, boolean stop, String reason) {
    public StepOutcome {
        reason = reason == null ? "" : reason;
    }

    /** An iteration after which the search goes on. */
    public static StepOutcome proceed(double objective) {
        return new StepOutcome(objective, false, "");
    }

    /** An iteration after which the optimizer's stopping rule says stop. */
    public static StepOutcome stop(double objective, String reason) {
        return new StepOutcome(objective, true, reason);
    }
}
