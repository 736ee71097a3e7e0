package org.learnbench.tasks.trading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Network;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Metric;
import org.learnbench.optim.PolicyProblem;
import org.learnbench.optim.Rollouts;
import org.learnbench.optim.RunContext;
import org.learnbench.tasks.SoftmaxPolicy;
import org.learnbench.tasks.control.ControlProblem;

/**
 * A trading task posed to an optimizer: the {@link ControlProblem} of a {@link TradingEnvironment} (so policy
 * gradient, the GA and CMA-ES train its policy exactly as they train a CartPole policy: random-start training
 * episodes from the run's environment stream, greedy episodes as GA fitness), whose checkpoints also report
 * the greedy policy's one pass over the validation and the test days: cumulative return, annualised Sharpe
 * ratio and maximum drawdown, beside buy-and-hold's over the same days, plus the share of days in the market
 * and the number of position changes.
 */
public final class TradingProblem implements PolicyProblem, FitnessProblem {
    private final RunContext context;
    private final TradingMarket market;
    private final ControlProblem control;
    private final Map<String, Double> buyAndHold;
    private final List<Metric> metrics;
    private Map<String, Double> last = Map.of();

    public TradingProblem(RunContext context, TradingMarket market, MlpSpec network, int evaluationEpisodes) {
        this.context = context;
        this.market = market;
        this.control = new ControlProblem(context, market::environment, network, evaluationEpisodes);
        this.buyAndHold = buyAndHold(market);
        List<Metric> all = new ArrayList<>();
        for (Metric m : ControlProblem.METRICS) {
            if (!m.name().equals("solved")) {
                all.add(m);
            }
        }
        for (Metric m : periodMetrics()) {
            if (m.split() != Metric.Split.VALIDATION || market.validationEnd() > market.trainEnd()) {
                all.add(m);
            }
        }
        this.metrics = List.copyOf(all);
    }

    /**
     * Buy-and-hold on the market's validation (when it has validation days) and test periods, paying the
     * entry cost once: {@code <split>_bh_cumulative_return}, {@code _bh_sharpe} and {@code _bh_max_drawdown}.
     */
    public static Map<String, Double> buyAndHold(TradingMarket market) {
        Map<String, Double> bh = new LinkedHashMap<>();
        for (String split : splits(market)) {
            double[] net = buyAndHoldNet(market, split);
            bh.put(split + "_bh_cumulative_return", TradingMetrics.cumulativeReturn(net));
            bh.put(split + "_bh_sharpe", TradingMetrics.sharpe(net));
            bh.put(split + "_bh_max_drawdown", TradingMetrics.maxDrawdown(net));
        }
        return Map.copyOf(bh);
    }

    /** Every metric a trading task records (a task without validation days leaves the validation ones out). */
    public static List<Metric> allMetrics() {
        List<Metric> all = new ArrayList<>();
        for (Metric m : ControlProblem.METRICS) {
            if (!m.name().equals("solved")) {
                all.add(m);
            }
        }
        all.addAll(periodMetrics());
        return List.copyOf(all);
    }

    private static List<Metric> periodMetrics() {
        List<Metric> out = new ArrayList<>();
        for (Metric.Split split : List.of(Metric.Split.VALIDATION, Metric.Split.TEST)) {
            for (String who : List.of("", "bh_")) {
                Metric.Direction judged = who.isEmpty() ? Metric.Direction.HIGHER_IS_BETTER : Metric.Direction.NONE;
                out.add(Metric.of(split, who + "cumulative_return", Metric.Kind.RETURN, judged, "fraction"));
                out.add(Metric.of(split, who + "sharpe", Metric.Kind.RETURN, judged, "annualised"));
                out.add(Metric.of(
                        split,
                        who + "max_drawdown",
                        Metric.Kind.STATISTIC,
                        who.isEmpty() ? Metric.Direction.LOWER_IS_BETTER : Metric.Direction.NONE,
                        "fraction"));
            }
            out.add(Metric.of(split, "exposure", Metric.Kind.STATISTIC, Metric.Direction.NONE, "share of days"));
            out.add(Metric.of(split, "trades", Metric.Kind.STATISTIC, Metric.Direction.NONE, "position changes"));
        }
        return out;
    }

    /** Buy-and-hold's daily net returns over a period ("validation" or "test"), the entry cost paid once. */
    public static double[] buyAndHoldNet(TradingMarket market, String split) {
        return TradingMetrics.buyAndHold(market.returns(from(market, split), to(market, split)), market.cost());
    }

    private static List<String> splits(TradingMarket market) {
        return market.validationEnd() > market.trainEnd() ? List.of("validation", "test") : List.of("test");
    }

    private static int from(TradingMarket market, String split) {
        return split.equals("test") ? market.validationEnd() : market.trainEnd();
    }

    private static int to(TradingMarket market, String split) {
        return split.equals("test") ? market.days() : market.validationEnd();
    }

    private double[] returns(String split) {
        return market.returns(from(market, split), to(market, split));
    }

    public TradingMarket market() {
        return market;
    }

    public Network policyNetwork() {
        return control.policyNetwork();
    }

    /** The greedy policy's outcome over a period: daily net returns and positions. */
    public record Outcome(double[] net, int[] positions) {}

    /**
     * The greedy policy's one pass over a period ("validation" or "test"): it starts flat on the day before
     * the period's first and earns each of the period's returns. Recorded as monitoring work.
     */
    public Outcome play(double[] parameters, String split) {
        int from = from(market, split);
        int days = to(market, split) - from;
        Network policy = control.policyNetwork();
        policy.setParameters(parameters);
        TradingEnvironment env = market.environment();
        double[] observation = new double[env.observationSize()];
        env.start(from - 1, days, observation);
        double[] net = new double[days];
        int[] positions = new int[days];
        Matrix input = Matrix.wrap(observation, 0, 1, observation.length);
        context.meter().recordMonitoring(days);
        context.meter().recordMonitoringEnvSteps(days);
        for (int d = 0; d < days; d++) {
            Matrix logits = policy.forward(org.learnbench.nn.Pass.inference(context.monitorOps()), input);
            int action = SoftmaxPolicy.greedy(logits, 0);
            positions[d] = TradingEnvironment.position(action);
            net[d] = env.step(action, observation);
        }
        return new Outcome(net, positions);
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        Map<String, Double> m = new LinkedHashMap<>(control.evaluate(parameters));
        m.remove("solved");
        for (String split : splits(market)) {
            Outcome p = play(parameters, split);
            m.put(split + "_cumulative_return", TradingMetrics.cumulativeReturn(p.net()));
            m.put(split + "_sharpe", TradingMetrics.sharpe(p.net()));
            m.put(split + "_max_drawdown", TradingMetrics.maxDrawdown(p.net()));
            m.put(split + "_bh_cumulative_return", buyAndHold.get(split + "_bh_cumulative_return"));
            m.put(split + "_bh_sharpe", buyAndHold.get(split + "_bh_sharpe"));
            m.put(split + "_bh_max_drawdown", buyAndHold.get(split + "_bh_max_drawdown"));
            double exposure = 0;
            int trades = 0;
            int last = 0;
            for (int position : p.positions()) {
                exposure += Math.abs(position);
                trades += position != last ? 1 : 0;
                last = position;
            }
            m.put(split + "_exposure", exposure / p.positions().length);
            m.put(split + "_trades", (double) trades);
        }
        last = Map.copyOf(m);
        return m;
    }

    /** The metrics of the latest {@link #evaluate} (a run's final checkpoint, once it has ended); empty before. */
    public Map<String, Double> lastEvaluation() {
        return last;
    }

    /**
     * A plain statement of the greedy policy's test days against buy-and-hold's, e.g. "test: return +3.1% vs
     * buy-and-hold +12.0%, Sharpe 0.41 vs 1.10, max drawdown 8.0% vs 10.2%: below buy-and-hold's Sharpe".
     */
    public static String verdict(Map<String, Double> metrics) {
        Double sharpe = metrics.get("test_sharpe");
        Double bh = metrics.get("test_bh_sharpe");
        if (sharpe == null || bh == null) {
            return "no test evaluation";
        }
        return String.format(
                java.util.Locale.ROOT,
                "test: return %+.1f%% vs buy-and-hold %+.1f%%, Sharpe %.2f vs %.2f, max drawdown %.1f%% vs %.1f%%: %s",
                100 * metrics.get("test_cumulative_return"),
                100 * metrics.get("test_bh_cumulative_return"),
                sharpe,
                bh,
                100 * metrics.get("test_max_drawdown"),
                100 * metrics.get("test_bh_max_drawdown"),
                sharpe > bh ? "above buy-and-hold's Sharpe" : "no better than buy-and-hold's Sharpe");
    }

    @Override
    public List<Metric> metrics() {
        return metrics;
    }

    // ---- learning is the control problem's ----

    @Override
    public int dimension() {
        return control.dimension();
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        return control.initialParameters(random);
    }

    @Override
    public Rollouts rollouts(double[] policy, int episodes, RandomGenerator random) {
        return control.rollouts(policy, episodes, random);
    }

    @Override
    public double policyGradient(
            double[] policy, Rollouts rollouts, double[] weights, double entropyBonus, double[] gradient) {
        return control.policyGradient(policy, rollouts, weights, entropyBonus, gradient);
    }

    @Override
    public boolean hasValueFunction() {
        return control.hasValueFunction();
    }

    @Override
    public double[] initialValueParameters(RandomGenerator random) {
        return control.initialValueParameters(random);
    }

    @Override
    public double[] values(double[] valueParameters, Rollouts rollouts) {
        return control.values(valueParameters, rollouts);
    }

    @Override
    public double valueGradient(double[] valueParameters, Rollouts rollouts, double[] targets, double[] gradient) {
        return control.valueGradient(valueParameters, rollouts, targets, gradient);
    }

    @Override
    public FitnessEvaluator evaluator() {
        return control.evaluator();
    }

    @Override
    public long forwardSamplesPerEvaluation(FitnessCase fitnessCase) {
        return control.forwardSamplesPerEvaluation(fitnessCase);
    }

    @Override
    public long envStepsPerEvaluation(FitnessCase fitnessCase) {
        return control.envStepsPerEvaluation(fitnessCase);
    }

    @Override
    public long episodesPerEvaluation(FitnessCase fitnessCase) {
        return control.episodesPerEvaluation(fitnessCase);
    }

    @Override
    public boolean stochastic(FitnessCase fitnessCase) {
        return control.stochastic(fitnessCase);
    }
}
