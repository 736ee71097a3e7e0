package org.learnbench.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;

/**
 * A contextual bandit with a known best policy, for testing policy learners without a network: each
 * episode is one step; the context is one of four points in the plane, the right action (of three) is
 * fixed per context, and the reward is 1 for it, 0 otherwise. The policy is linear softmax (logits = x W
 * + b, 9 parameters); its gradient is computed here in closed form. Charges the meter like a real task.
 */
public final class BanditProblem implements PolicyProblem {
    private static final double[][] CONTEXTS = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    private static final int[] BEST = {0, 1, 2, 1};
    private static final int ACTIONS = 3;
    private final RunContext context;
    private final RandomGenerator contexts;

    public BanditProblem(RunContext context) {
        this.context = context;
        this.contexts = context.seeds().stream("environment");
    }

    @Override
    public int dimension() {
        return 2 * ACTIONS + ACTIONS;
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        double[] p = new double[dimension()];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextDouble(-0.1, 0.1);
        }
        return p;
    }

    private static double[] probabilities(double[] p, double[] x) {
        double[] z = new double[ACTIONS];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < ACTIONS; a++) {
            z[a] = x[0] * p[a] + x[1] * p[ACTIONS + a] + p[2 * ACTIONS + a];
            max = Math.max(max, z[a]);
        }
        double sum = 0;
        for (int a = 0; a < ACTIONS; a++) {
            z[a] = Math.exp(z[a] - max);
            sum += z[a];
        }
        for (int a = 0; a < ACTIONS; a++) {
            z[a] /= sum;
        }
        return z;
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        context.meter().recordMonitoring(CONTEXTS.length);
        int right = 0;
        double expected = 0;
        for (int c = 0; c < CONTEXTS.length; c++) {
            double[] pi = probabilities(parameters, CONTEXTS[c]);
            int greedy = 0;
            for (int a = 1; a < ACTIONS; a++) {
                greedy = pi[a] > pi[greedy] ? a : greedy;
            }
            right += greedy == BEST[c] ? 1 : 0;
            expected += pi[BEST[c]];
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", (double) right / CONTEXTS.length);
        m.put("expected_reward", expected / CONTEXTS.length);
        return m;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                new Metric("accuracy", Metric.Split.NONE, Metric.Kind.ACCURACY, Metric.Direction.HIGHER_IS_BETTER, ""),
                new Metric(
                        "expected_reward",
                        Metric.Split.NONE,
                        Metric.Kind.RETURN,
                        Metric.Direction.HIGHER_IS_BETTER,
                        ""));
    }

    @Override
    public Rollouts rollouts(double[] policy, int episodes, RandomGenerator random) {
        context.meter().chargeEpisodes(episodes);
        context.meter().chargeEnvSteps(episodes);
        context.meter().chargeForward(episodes);
        Matrix obs = Matrix.zeros(episodes, 2);
        int[] actions = new int[episodes];
        double[] rewards = new double[episodes];
        int[] ends = new int[episodes];
        for (int e = 0; e < episodes; e++) {
            int c = contexts.nextInt(CONTEXTS.length);
            obs.set(e, 0, CONTEXTS[c][0]);
            obs.set(e, 1, CONTEXTS[c][1]);
            double[] pi = probabilities(policy, CONTEXTS[c]);
            double u = random.nextDouble();
            int a = 0;
            for (double cum = pi[0]; u >= cum && a < ACTIONS - 1; cum += pi[++a]) {}
            actions[e] = a;
            rewards[e] = a == BEST[c] ? 1 : 0;
            ends[e] = e + 1;
        }
        context.ops().addFlops(20L * episodes);
        return new Rollouts(obs, actions, rewards, ends, new boolean[episodes], Matrix.zeros(episodes, 2));
    }

    @Override
    public double policyGradient(
            double[] policy, Rollouts r, double[] weights, double entropyBonus, double[] gradient) {
        context.meter().chargeForwardBackward(r.steps());
        java.util.Arrays.fill(gradient, 0);
        double entropy = 0;
        int n = r.steps();
        for (int t = 0; t < n; t++) {
            double[] x = {r.observations().get(t, 0), r.observations().get(t, 1)};
            double[] pi = probabilities(policy, x);
            double h = 0;
            for (double q : pi) {
                h -= q > 0 ? q * Math.log(q) : 0;
            }
            entropy += h / n;
            for (int a = 0; a < ACTIONS; a++) {
                // d(-w log pi_a_t)/dz_a = -w (onehot - pi); d(-beta H)/dz_a = beta pi_a (log pi_a + H)
                double dz = -weights[t] * ((a == r.actions()[t] ? 1 : 0) - pi[a])
                        + entropyBonus * pi[a] * (Math.log(pi[a]) + h);
                dz /= n;
                gradient[a] += x[0] * dz;
                gradient[ACTIONS + a] += x[1] * dz;
                gradient[2 * ACTIONS + a] += dz;
            }
        }
        context.ops().addFlops(30L * n);
        return entropy;
    }

    @Override
    public boolean hasValueFunction() {
        return false;
    }

    @Override
    public double[] initialValueParameters(RandomGenerator random) {
        throw new UnsupportedOperationException("the test bandit has no value network");
    }

    @Override
    public double[] values(double[] valueParameters, Rollouts rollouts) {
        throw new UnsupportedOperationException("the test bandit has no value network");
    }

    @Override
    public double valueGradient(double[] valueParameters, Rollouts rollouts, double[] targets, double[] gradient) {
        throw new UnsupportedOperationException("the test bandit has no value network");
    }
}
