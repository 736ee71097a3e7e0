package org.learnbench.optim.pg;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.PolicyProblem;
import org.learnbench.optim.Rollouts;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.Search;
import org.learnbench.optim.StepOutcome;
import org.learnbench.optim.rules.UpdateRule;

/**
 * REINFORCE (Williams 1992) and its baselines: the third family of the comparison, learning from reward
 * alone. One iteration is one update: play {@code episodesPerUpdate} episodes with the stochastic
 * policy, compute each step's discounted reward-to-go G_t, weight log pi(a_t|s_t) by G_t minus a
 * baseline, and step the policy's parameters with the update rule.
 *
 * <p>Baselines: none; a running mean of returns; returns normalised over the batch; or a learned value
 * network (actor-critic with advantage G_t - V(s_t), the value fitted to G_t by its own Adam). With a
 * value network, an episode cut by the time limit is bootstrapped from the value of its last
 * observation, since truncation is not termination.
 *
 * @param gamma discount in (0, 1]
 * @param baselineDecay the running mean's decay (RUNNING_MEAN only)
 * @param valueLearningRate learning rate of the value network (VALUE only)
 * @param entropyBonus weight of the mean policy entropy added to the objective
 * @param clipNorm maximum global norm of the policy gradient; 0 = none
 */
public record PolicyGradient(
        UpdateRule rule,
        double learningRate,
        int episodesPerUpdate,
        double gamma,
        Baseline baseline,
        double baselineDecay,
        double valueLearningRate,
        double entropyBonus,
        double clipNorm)
        implements Optimizer<PolicyProblem> {

    /** What is subtracted from the returns before they weight the log-likelihood. */
    public enum Baseline {
        NONE,
        RUNNING_MEAN,
        NORMALIZE,
        VALUE
    }

    /** Streams of this learner (besides "init"). */
    static final String ACTIONS = org.learnbench.optim.SeedStreams.ACTIONS;

    static final String VALUE_INIT = org.learnbench.optim.SeedStreams.VALUE_INIT;

    public PolicyGradient {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(baseline, "baseline");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (episodesPerUpdate < 1) {
            throw new IllegalArgumentException("episodes per update must be >= 1, got " + episodesPerUpdate);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
        if (!(baselineDecay >= 0 && baselineDecay < 1)) {
            throw new IllegalArgumentException("baseline decay must be in [0, 1), got " + baselineDecay);
        }
        if (!(valueLearningRate > 0) || Double.isInfinite(valueLearningRate)) {
            throw new IllegalArgumentException(
                    "value learning rate must be a positive number, got " + valueLearningRate);
        }
        if (!(entropyBonus >= 0) || !(clipNorm >= 0)) {
            throw new IllegalArgumentException(
                    "entropy bonus and clip norm must be >= 0, got " + entropyBonus + " and " + clipNorm);
        }
    }

    @Override
    public String name() {
        return "policy_gradient";
    }

    @Override
    public String iterationName() {
        return "update";
    }

    @Override
    public Class<PolicyProblem> problemType() {
        return PolicyProblem.class;
    }

    @Override
    public Search start(PolicyProblem problem, RunContext context) {
        if (baseline == Baseline.VALUE && !problem.hasValueFunction()) {
            throw new IllegalArgumentException("a learned value baseline needs a task with a value network");
        }
        return new Updates(problem, context);
    }

    /** The learner's state: policy (and value) parameters, their rule states, the running baseline. */
    private final class Updates implements Search {
        private final PolicyProblem problem;
        private final RunContext context;
        private final double[] policy;
        private final double[] gradient;
        private final UpdateRule.Stepper policyStepper;
        private final RandomGenerator actions;
        private final double[] value;
        private final double[] valueGradient;
        private final UpdateRule.Stepper valueStepper;
        private double runningMean = Double.NaN;
        private final Map<String, Double> statistics = new LinkedHashMap<>();

        Updates(PolicyProblem problem, RunContext context) {
            this.problem = problem;
            this.context = context;
            this.policy = problem.initialParameters(context.seeds().stream(org.learnbench.optim.SeedStreams.INIT));
            this.gradient = new double[policy.length];
            this.policyStepper = rule.start(policy.length);
            this.actions = context.seeds().stream(ACTIONS);
            if (baseline == Baseline.VALUE) {
                value = problem.initialValueParameters(context.seeds().stream(VALUE_INIT));
                valueGradient = new double[value.length];
                valueStepper = new org.learnbench.optim.rules.Adam(0.9, 0.999, 1e-8).start(value.length);
            } else {
                value = null;
                valueGradient = null;
                valueStepper = null;
            }
            for (String k : new String[] {
                "train_return_mean",
                "train_return_median",
                "train_return_min",
                "train_return_max",
                "train_episode_length",
                "entropy",
                "value_loss"
            }) {
                statistics.put(k, Double.NaN);
            }
        }

        @Override
        public StepOutcome step() {
            Rollouts r = problem.rollouts(policy, episodesPerUpdate, actions);
            double[] values = value == null ? null : problem.values(value, r);
            double[] returns = rewardToGo(r, values);
            double[] weights = weights(returns, values);
            double entropy = problem.policyGradient(policy, r, weights, entropyBonus, gradient);
            clip(gradient);
            policyStepper.apply(policy, gradient, learningRate);
            long flops = (long) (rule.flopsPerParameter() + 3) * policy.length + 6L * r.steps();
            double valueLoss = Double.NaN;
            if (value != null) {
                valueLoss = problem.valueGradient(value, r, returns, valueGradient);
                valueStepper.apply(value, valueGradient, valueLearningRate);
                flops += 12L * value.length;
            }
            context.ops().addFlops(flops);
            double[] episodeReturns = r.episodeReturns();
            double mean = Arrays.stream(episodeReturns).average().orElse(Double.NaN);
            double[] sorted = episodeReturns.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            statistics.put("train_return_mean", mean);
            statistics.put("train_return_median", n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
            statistics.put("train_return_min", sorted[0]);
            statistics.put("train_return_max", sorted[n - 1]);
            statistics.put("train_episode_length", (double) r.steps() / r.episodes());
            statistics.put("entropy", entropy);
            statistics.put("value_loss", valueLoss);
            boolean finite = Double.isFinite(entropy) && Arrays.stream(policy).allMatch(Double::isFinite);
            return StepOutcome.proceed(finite ? -mean : Double.NaN);
        }

        /** G_t = r_t + gamma G_{t+1}, from the value of the final observation for a truncated episode. */
        private double[] rewardToGo(Rollouts r, double[] values) {
            double[] g = new double[r.steps()];
            for (int e = 0; e < r.episodes(); e++) {
                double next = values != null && r.truncated()[e] ? values[r.steps() + e] : 0.0;
                for (int t = r.episodeEnds()[e] - 1; t >= r.episodeStart(e); t--) {
                    next = r.rewards()[t] + gamma * next;
                    g[t] = next;
                }
            }
            return g;
        }

        private double[] weights(double[] returns, double[] values) {
            double[] w = returns.clone();
            switch (baseline) {
                case NONE -> {}
                case RUNNING_MEAN -> {
                    double batchMean = Arrays.stream(returns).average().orElse(0);
                    if (Double.isNaN(runningMean)) {
                        runningMean = batchMean;
                    }
                    for (int t = 0; t < w.length; t++) {
                        w[t] -= runningMean;
                    }
                    runningMean = baselineDecay * runningMean + (1 - baselineDecay) * batchMean;
                }
                case NORMALIZE -> {
                    double mean = Arrays.stream(returns).average().orElse(0);
                    double var = 0;
                    for (double g : returns) {
                        var += (g - mean) * (g - mean);
                    }
                    double sd = Math.sqrt(var / Math.max(1, returns.length));
                    for (int t = 0; t < w.length; t++) {
                        w[t] = (returns[t] - mean) / (sd + 1e-8);
                    }
                }
                case VALUE -> {
                    for (int t = 0; t < w.length; t++) {
                        w[t] -= values[t];
                    }
                }
            }
            return w;
        }

        private void clip(double[] g) {
            org.learnbench.optim.rules.GradientClipping.clipGlobalNorm(g, clipNorm);
        }

        @Override
        public double[] solution() {
            return policy;
        }

        @Override
        public java.util.List<org.learnbench.optim.Metric> statisticMetrics() {
            return org.learnbench.optim.Metric.statistics(
                    statistics().keySet(),
                    java.util.Set.of(),
                    java.util.Set.of(
                            "train_return_mean", "train_return_median", "train_return_min", "train_return_max"));
        }

        @Override
        public Map<String, Double> statistics() {
            return statistics;
        }
    }
}
