package org.learnbench.optim;

/**
 * Thrown by the {@link WorkMeter} when work would go past the budget; the {@link RunLoop} catches it
 * and ends the run as {@link Termination#BUDGET_EXHAUSTED}. Optimizers let it pass.
 */
public final class BudgetExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BudgetExhaustedException(String message) {
        super(message, null, false, false);
    }
}
