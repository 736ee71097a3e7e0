package org.learnbench.optim;

/** Builds a run's problem from the run's context, so the problem charges the run's meter. */
@FunctionalInterface
public interface ProblemFactory<P extends Problem> {
    P create(RunContext context);
}
