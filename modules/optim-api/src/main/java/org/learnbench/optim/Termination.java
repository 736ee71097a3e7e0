package org.learnbench.optim;

/** Why a run ended. */
public enum Termination {
    /** A budget limit (iterations, sample-forward-passes, evaluations, wall time) was reached. */
    BUDGET_EXHAUSTED,
    /** The target metric was reached at a checkpoint. */
    TARGET_REACHED,
    /** The optimizer's own stopping rule fired (e.g. early stopping on validation loss). */
    EARLY_STOPPED,
    /** The objective or a checkpoint loss became NaN or infinite. */
    DIVERGED,
    /**
     * The run used its budget (or stopped) but its kept solution collapsed: a training or validation loss
     * ended at least {@link RunLoop#COLLAPSE_FACTOR} times its best value of the run and worse than where
     * the run started. Recorded as a result, like DIVERGED, so reports can flag it.
     */
    COLLAPSED
}
