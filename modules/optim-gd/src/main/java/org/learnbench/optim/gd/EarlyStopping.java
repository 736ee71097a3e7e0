package org.learnbench.optim.gd;

/**
 * Stop when the validation loss has not improved by more than minDelta for patience epochs; optionally
 * restore the parameters of the best epoch at the end of the run.
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {
    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping min_delta must be >= 0, got " + minDelta);
        }
    }
}
