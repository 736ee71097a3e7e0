package org.learnbench.tasks.control;

/**
 * Makes fresh, independent instances of one environment: what a {@link ControlProblem} needs to play
 * episodes in lockstep and on worker threads. A {@link ControlTask} is one; an environment over data (the
 * trading environment) is another, holding its series.
 */
@FunctionalInterface
public interface EnvironmentFactory {
    /** A new environment, not yet reset. */
    Environment create();
}
