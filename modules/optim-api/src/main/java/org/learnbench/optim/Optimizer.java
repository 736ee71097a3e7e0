package org.learnbench.optim;

/**
 * The common interface of the optimizers under comparison (backprop gradient descent, the genetic
 * algorithm, the policy-gradient learner, ...): given a problem of the kind it can solve, start a
 * {@link Search} that the shared {@link RunLoop} advances one iteration at a time.
 *
 * <p>An optimizer is an immutable configuration; all mutable state lives in the search it starts, and
 * all randomness comes from the context's named streams.
 *
 * @param <P> the kind of problem this optimizer needs
 */
public interface Optimizer<P extends Problem> {
    /** A short name for results and charts, e.g. "backprop". */
    String name();

    /** What one iteration is called in reports: "epoch", "generation", "update". */
    default String iterationName() {
        return "iteration";
    }

    /** The problem interface this optimizer needs, for config validation. */
    Class<P> problemType();

    /** Starts a search from the problem's initial point. May charge work (an initial evaluation). */
    Search start(P problem, RunContext context);
}
