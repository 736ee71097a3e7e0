package org.learnbench.optim;

import java.util.random.RandomGenerator;

/**
 * A problem learnt from reward alone: a stochastic softmax policy (the network's outputs are the
 * logits of the actions) acting in episodes. What a policy-gradient learner needs: rollouts, the
 * gradient of the policy's weighted log-likelihood, and optionally a value network for a learned
 * baseline. Every rollout step and every forward and backward pass is charged to the run's meter.
 */
public interface PolicyProblem extends Problem {
    /**
     * Runs {@code episodes} episodes with actions sampled from the policy at {@code policy}, drawing
     * actions from {@code random}; charges the episodes, the environment steps and the forward passes.
     */
    Rollouts rollouts(double[] policy, int episodes, RandomGenerator random);

    /**
     * Writes the gradient of L = -(1/T) sum_t w_t log pi(a_t | s_t) - beta (1/T) sum_t H(pi(. | s_t))
     * into {@code gradient} and returns the mean entropy; charges a forward and a backward pass per step.
     */
    double policyGradient(double[] policy, Rollouts rollouts, double[] weights, double entropyBonus, double[] gradient);

    /** True when the problem offers a value network (a learned baseline). */
    boolean hasValueFunction();

    /** A starting point for the value network's parameters. */
    double[] initialValueParameters(RandomGenerator random);

    /**
     * The value estimate of every step's observation, then of every episode's final observation
     * (length steps + episodes); charges a forward pass per row.
     */
    double[] values(double[] valueParameters, Rollouts rollouts);

    /**
     * Writes the gradient of the mean squared error (1/T) sum_t (V(s_t) - target_t)^2 into {@code gradient}
     * and returns that error; charges a forward and a backward pass per step.
     */
    double valueGradient(double[] valueParameters, Rollouts rollouts, double[] targets, double[] gradient);
}
