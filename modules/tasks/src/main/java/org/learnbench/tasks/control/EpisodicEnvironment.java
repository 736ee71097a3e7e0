package org.learnbench.tasks.control;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The episode bookkeeping shared by the environments: argument checks, the reset-before-step rule, the step
 * count and the truncation limit, so that each subclass only states its physics.
 */
abstract class EpisodicEnvironment implements Environment {
    private final String name;
    private final int observationSize;
    private final int actionCount;
    private final int stateSize;
    private final int maxEpisodeSteps;
    private final double solvedThreshold;

    private boolean started;
    private boolean terminated;
    private boolean truncated;
    private int episodeSteps;

    EpisodicEnvironment(
            String name,
            int observationSize,
            int actionCount,
            int stateSize,
            int maxEpisodeSteps,
            double solvedThreshold) {
        this.name = name;
        this.observationSize = observationSize;
        this.actionCount = actionCount;
        this.stateSize = stateSize;
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.solvedThreshold = solvedThreshold;
    }

    /** Draws the initial physical state. */
    abstract void resetState(RandomGenerator random);

    /** Advances the physics by one transition under a valid action and says whether the new state is terminal. */
    abstract boolean advance(int action);

    /** The reward of the transition just taken, knowing whether it terminated. */
    abstract double reward(boolean terminal);

    /** Writes the observation of the current state into a buffer of the right length. */
    abstract void writeObservation(double[] observation);

    abstract double[] copyState();

    /** Overwrites the physical state with values already checked for length and finiteness. */
    abstract void assignState(double[] state);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int observationSize() {
        return observationSize;
    }

    @Override
    public final int actionCount() {
        return actionCount;
    }

    @Override
    public final int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    @Override
    public final double solvedThreshold() {
        return solvedThreshold;
    }

    @Override
    public final void reset(RandomGenerator random, double[] observation) {
        Objects.requireNonNull(random, "random");
        checkBuffer(observation);
        resetState(random);
        started = true;
        terminated = false;
        truncated = false;
        episodeSteps = 0;
        writeObservation(observation);
    }

    @Override
    public final double step(int action, double[] observation) {
        if (!started) {
            throw new IllegalStateException(name + ": step called before reset");
        }
        if (terminated || truncated) {
            throw new IllegalStateException(name + ": step called after the episode ended (terminated=" + terminated
                    + ", truncated=" + truncated + " after " + episodeSteps + " steps); call reset first");
        }
        if (action < 0 || action >= actionCount) {
            throw new IllegalArgumentException(
                    name + ": action must be in [0, " + (actionCount - 1) + "], got " + action);
        }
        // Checked before the physics moves so that a rejected call leaves the environment untouched.
        checkBuffer(observation);
        boolean terminal = advance(action);
        episodeSteps++;
        terminated = terminal;
        truncated = !terminal && episodeSteps >= maxEpisodeSteps;
        writeObservation(observation);
        return reward(terminal);
    }

    @Override
    public final boolean terminated() {
        return terminated;
    }

    @Override
    public final boolean truncated() {
        return truncated;
    }

    @Override
    public final boolean done() {
        return terminated || truncated;
    }

    @Override
    public final int episodeSteps() {
        return episodeSteps;
    }

    @Override
    public final double[] state() {
        return copyState();
    }

    @Override
    public final void setState(double[] state) {
        Objects.requireNonNull(state, "state");
        if (state.length != stateSize) {
            throw new IllegalArgumentException(name + ": state must have " + stateSize + " entries, got " + state.length
                    + ": " + Arrays.toString(state));
        }
        for (double v : state) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        name + ": state entries must be finite, got " + Arrays.toString(state));
            }
        }
        assignState(state);
    }

    private void checkBuffer(double[] observation) {
        Objects.requireNonNull(observation, "observation");
        if (observation.length != observationSize) {
            throw new IllegalArgumentException(
                    name + ": observation buffer must have " + observationSize + " entries, got " + observation.length);
        }
    }
}
