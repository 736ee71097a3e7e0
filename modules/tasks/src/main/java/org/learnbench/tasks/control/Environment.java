package org.learnbench.tasks.control;

import java.util.random.RandomGenerator;

/**
 * A classic-control environment with discrete actions, stepped one transition at a time.
 *
 * <p>The dynamics, reset distributions, rewards, step limits and solved thresholds follow Gymnasium's
 * {@code classic_control} environments of the same name. Gymnasium integrates in float64 but hands out
 * observations cast to float32; here observations stay in double precision, so they equal Gymnasium's
 * internal values rather than its float32 observations.
 *
 * <p>The episode limit is built in (Gymnasium applies it with a {@code TimeLimit} wrapper). Unlike that
 * wrapper, a step that both terminates and reaches the limit reports only {@link #terminated()}, so a
 * learner never bootstraps past a true terminal state.
 *
 * <p>Instances are mutable and not thread-safe: use one per thread. Observations are written into a
 * caller-owned buffer of exactly {@link #observationSize()} doubles so that stepping does not allocate.
 */
public interface Environment {
    /** The Gymnasium id this environment reproduces, such as {@code "CartPole-v1"}. */
    String name();

    /** The number of doubles written into an observation buffer. */
    int observationSize();

    /** The number of discrete actions; valid actions are {@code 0 .. actionCount() - 1}. */
    int actionCount();

    /** The step at which an episode that has not terminated is truncated. */
    int maxEpisodeSteps();

    /** The average episode return (over 100 consecutive episodes, by Gymnasium's convention) that counts as solved. */
    double solvedThreshold();

    /**
     * Starts an episode from the reset distribution drawn from random; writes the first observation.
     *
     * @throws IllegalArgumentException if the observation buffer does not have {@link #observationSize()} entries
     */
    void reset(RandomGenerator random, double[] observation);

    /**
     * Applies the action, writes the next observation, returns the reward.
     *
     * @throws IllegalStateException if no episode was started with {@link #reset} or the episode is {@link #done()}
     * @throws IllegalArgumentException if the action is out of range or the buffer has the wrong length
     */
    double step(int action, double[] observation);

    /** Whether the last step reached a terminal state. */
    boolean terminated();

    /** Whether the last step hit {@link #maxEpisodeSteps()} without terminating; never true with {@link #terminated()}. */
    boolean truncated();

    /** Whether the episode is over, by termination or truncation. */
    default boolean done() {
        return terminated() || truncated();
    }

    /** The number of steps taken in the current episode. */
    int episodeSteps();

    /** The raw state (copy), for tests and debugging. */
    double[] state();

    /**
     * Sets the raw state directly (for tests that pin dynamics from a known state); episodeSteps unchanged.
     *
     * <p>Only the physical state changes: the step count and the terminated and truncated flags are kept,
     * and no episode is started, so {@link #reset} is still required before the first step.
     *
     * @throws IllegalArgumentException if the state has the wrong length or a non-finite entry
     */
    void setState(double[] state);
}
