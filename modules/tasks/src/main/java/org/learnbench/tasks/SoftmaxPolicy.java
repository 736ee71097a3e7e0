package org.learnbench.tasks;

import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Network;
import org.learnbench.nn.Pass;

/**
 * A network read as a stochastic policy over discrete actions: its outputs are the logits, pi = softmax.
 * Samples actions, picks greedy ones, and back-propagates the policy-gradient loss
 * L = -(1/T) sum_t w_t log pi(a_t|s_t) - beta (1/T) sum_t H(pi(.|s_t)).
 */
public final class SoftmaxPolicy {
    private SoftmaxPolicy() {}

    /** Row-wise softmax of the logits, in place into {@code probabilities}. */
    public static Matrix probabilities(MatrixOps ops, Matrix logits, Matrix probabilities) {
        return ops.softmaxRows(logits, probabilities);
    }

    /** An action drawn from row i of the probabilities by inversion of one uniform number. */
    public static int sample(Matrix probabilities, int row, RandomGenerator random) {
        double u = random.nextDouble();
        double cumulative = 0;
        int last = probabilities.cols() - 1;
        for (int a = 0; a < last; a++) {
            cumulative += probabilities.get(row, a);
            if (u < cumulative) {
                return a;
            }
        }
        return last;
    }

    /** The most probable action of row i (the first on ties). */
    public static int greedy(Matrix logits, int row) {
        int best = 0;
        for (int a = 1; a < logits.cols(); a++) {
            if (logits.get(row, a) > logits.get(row, best)) {
                best = a;
            }
        }
        return best;
    }

    /**
     * Forward and backward pass of the policy-gradient loss over the observations; leaves the gradient in
     * {@code network.gradients()} and returns the mean entropy.
     */
    public static double backpropagate(
            MatrixOps ops, Network network, Matrix observations, int[] actions, double[] weights, double entropyBonus) {
        int n = observations.rows();
        // Inference mode, like the rollouts that chose the actions: the gradient must be of the policy that
        // acted, and a fresh dropout mask would make it another policy.
        Matrix logits = network.forward(Pass.inference(ops), observations);
        Matrix pi = ops.softmaxRows(logits, null);
        Matrix dz = Matrix.zeros(n, logits.cols());
        double entropy = 0;
        for (int t = 0; t < n; t++) {
            double h = 0;
            for (int a = 0; a < pi.cols(); a++) {
                double p = pi.get(t, a);
                h -= p > 0 ? p * Math.log(p) : 0;
            }
            entropy += h;
            for (int a = 0; a < pi.cols(); a++) {
                double p = pi.get(t, a);
                // d(-w log pi_a_t)/dz_a = -w (onehot_a - pi_a); d(-beta H)/dz_a = beta pi_a (log pi_a + H)
                double g = -weights[t] * ((a == actions[t] ? 1 : 0) - p);
                if (entropyBonus > 0 && p > 0) {
                    g += entropyBonus * p * (Math.log(p) + h);
                }
                dz.set(t, a, g / n);
            }
        }
        ops.addFlops(8L * n * pi.cols());
        network.backward(ops, dz);
        return entropy / n;
    }
}
