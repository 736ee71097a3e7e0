package org.learnbench.optim;

import java.util.Objects;
import org.learnbench.matrix.Matrix;

/**
 * Episodes collected with a stochastic policy, laid out step by step, episode after episode: what a
 * policy-gradient update learns from. A contextual-bandit task gives one-step episodes.
 *
 * @param observations one row per step: the observation the action was chosen from
 * @param actions the action taken at each step (discrete actions; zeros for continuous ones)
 * @param continuousActions the real action taken at each step for a continuous (Gaussian) policy; empty
 *     for discrete actions
 * @param rewards the reward received after each step
 * @param episodeEnds for each episode, the index one past its last step
 * @param truncated for each episode, true when it was cut by a time limit rather than terminated
 * @param finalObservations one row per episode: the observation after its last step (for bootstrapping
 *     a truncated episode from a value estimate)
 */
public record Rollouts(
        Matrix observations,
        int[] actions,
        double[] continuousActions,
        double[] rewards,
        int[] episodeEnds,
        boolean[] truncated,
        Matrix finalObservations) {
    public Rollouts {
        Objects.requireNonNull(observations, "observations");
        int steps = observations.rows();
        if (continuousActions.length != 0 && continuousActions.length != steps) {
            throw new IllegalArgumentException("continuous actions must be empty or one per step: " + steps + " steps, "
                    + continuousActions.length);
        }
        if (actions.length != steps || rewards.length != steps) {
            throw new IllegalArgumentException("rollouts need one action and one reward per step: " + steps + " steps, "
                    + actions.length + " actions, " + rewards.length + " rewards");
        }
        if (truncated.length != episodeEnds.length || finalObservations.rows() != episodeEnds.length) {
            throw new IllegalArgumentException(
                    "rollouts need one end, truncation flag and final observation per episode");
        }
        if (episodeEnds.length > 0 && episodeEnds[episodeEnds.length - 1] != steps) {
            throw new IllegalArgumentException("the last episode must end at step " + steps);
        }
    }

    /** Rollouts of discrete actions. */
    public Rollouts(
            Matrix observations,
            int[] actions,
            double[] rewards,
            int[] episodeEnds,
            boolean[] truncated,
            Matrix finalObservations) {
        this(observations, actions, new double[0], rewards, episodeEnds, truncated, finalObservations);
    }

    public int steps() {
        return rewards.length;
    }

    public int episodes() {
        return episodeEnds.length;
    }

    /** Index of episode e's first step. */
    public int episodeStart(int e) {
        return e == 0 ? 0 : episodeEnds[e - 1];
    }

    /** Undiscounted return of each episode. */
    public double[] episodeReturns() {
        double[] returns = new double[episodes()];
        for (int e = 0; e < returns.length; e++) {
            for (int t = episodeStart(e); t < episodeEnds[e]; t++) {
                returns[e] += rewards[t];
            }
        }
        return returns;
    }
}
