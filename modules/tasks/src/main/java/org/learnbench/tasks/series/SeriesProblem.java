package org.learnbench.tasks.series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;
import org.learnbench.optim.DifferentiableProblem;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Metric;
import org.learnbench.optim.PolicyProblem;
import org.learnbench.optim.Rollouts;
import org.learnbench.tasks.SupervisedProblem;

/**
 * A forecasting fold posed to an optimizer: exactly the {@link SupervisedProblem} of its windows (backprop,
 * the GA and the policy-gradient bandit train it the same way), with the forecasting measures added to every
 * checkpoint: the model's directional accuracy on validation and test, the baselines' RMSE, MAE and
 * directional accuracy on the same samples (constant over a run), and the model's test RMSE as a multiple
 * of the naive and of the AR forecast's.
 */
public final class SeriesProblem implements DifferentiableProblem, FitnessProblem, PolicyProblem {
    private final SupervisedProblem supervised;
    private final SeriesData series;
    private final Map<String, Double> baselines;
    private final List<Metric> metrics;
    private Map<String, Double> last = Map.of();

    public SeriesProblem(SupervisedProblem supervised, SeriesData series) {
        if (supervised.data() != series.data()) {
            throw new IllegalArgumentException("the supervised problem must train on the series' own prepared data");
        }
        this.supervised = supervised;
        this.series = series;
        this.baselines = series.baselineMetrics();
        List<Metric> all = new ArrayList<>(supervised.metrics());
        for (Metric m : metricsFor()) {
            if (m.name().startsWith("validation_") && series.fold().validationSize() == 0) {
                continue;
            }
            all.add(m);
        }
        this.metrics = List.copyOf(all);
    }

    /** The measures a forecasting task adds to a regression task's (see the class comment). */
    public static List<Metric> metricsFor() {
        List<Metric> out = new ArrayList<>();
        for (Metric.Split split : List.of(Metric.Split.VALIDATION, Metric.Split.TEST)) {
            out.add(Metric.of(split, "direction", Metric.Kind.ACCURACY, Metric.Direction.HIGHER_IS_BETTER, ""));
            for (String b : Baselines.NAMES) {
                out.add(Metric.of(split, b + "_rmse", Metric.Kind.ERROR, Metric.Direction.NONE, "target units"));
                out.add(Metric.of(split, b + "_mae", Metric.Kind.ERROR, Metric.Direction.NONE, "target units"));
                out.add(Metric.of(split, b + "_direction", Metric.Kind.ACCURACY, Metric.Direction.NONE, ""));
            }
        }
        out.add(Metric.of(
                Metric.Split.TEST, "rmse_vs_naive", Metric.Kind.ERROR, Metric.Direction.LOWER_IS_BETTER, "ratio"));
        out.add(Metric.of(
                Metric.Split.TEST, "rmse_vs_ar", Metric.Kind.ERROR, Metric.Direction.LOWER_IS_BETTER, "ratio"));
        return List.copyOf(out);
    }

    /** Every metric a forecasting task records: the regression ones, then {@link #metricsFor()}. */
    public static List<Metric> allMetrics() {
        List<Metric> all =
                new ArrayList<>(SupervisedProblem.metricsFor(org.learnbench.tasks.data.TaskKind.REGRESSION, false));
        all.addAll(metricsFor());
        return List.copyOf(all);
    }

    public SupervisedProblem supervised() {
        return supervised;
    }

    public SeriesData series() {
        return series;
    }

    /** The model's forecasts of a split ("validation" or "test") in the target's units. Not charged. */
    public double[] forecasts(double[] parameters, String split) {
        Matrix out = supervised.outputs(parameters, split);
        return series.data().target().inverse(out);
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        Map<String, Double> m = new LinkedHashMap<>(supervised.evaluate(parameters));
        for (String split : SeriesData.SPLITS) {
            double[] actual = series.actual().get(split);
            if (actual.length == 0) {
                continue;
            }
            m.put(split + "_direction", ForecastMetrics.directionalAccuracy(forecasts(parameters, split), actual));
        }
        m.putAll(baselines);
        Double rmse = m.get("test_rmse");
        m.put("test_rmse_vs_naive", rmse / baselines.get("test_naive_rmse"));
        m.put("test_rmse_vs_ar", rmse / baselines.get("test_ar_rmse"));
        last = Map.copyOf(m);
        return m;
    }

    /** The metrics of the latest {@link #evaluate} (a run's final checkpoint, once it has ended); empty before. */
    public Map<String, Double> lastEvaluation() {
        return last;
    }

    /**
     * A plain statement of whether a test RMSE beats the naive (zero) forecast's, e.g. "test RMSE 1.02x
     * naive: no better than naive".
     */
    public static String verdict(double testRmse, double naiveRmse) {
        double ratio = testRmse / naiveRmse;
        if (!Double.isFinite(ratio)) {
            return "test RMSE not finite: no comparison with naive";
        }
        return String.format(
                java.util.Locale.ROOT,
                "test RMSE %.3fx naive: %s",
                ratio,
                ratio < 1 ? "better than naive" : "no better than naive");
    }

    @Override
    public List<Metric> metrics() {
        return metrics;
    }

    // ---- everything else is the supervised problem's ----

    @Override
    public int dimension() {
        return supervised.dimension();
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        return supervised.initialParameters(random);
    }

    @Override
    public int trainingSize() {
        return supervised.trainingSize();
    }

    @Override
    public double lossAndGradient(double[] parameters, int[] indices, int from, int to, double[] gradient) {
        return supervised.lossAndGradient(parameters, indices, from, to, gradient);
    }

    @Override
    public boolean hasValidation() {
        return supervised.hasValidation();
    }

    @Override
    public double validationLoss(double[] parameters) {
        return supervised.validationLoss(parameters);
    }

    @Override
    public FitnessEvaluator evaluator() {
        return supervised.evaluator();
    }

    @Override
    public long forwardSamplesPerEvaluation(FitnessCase fitnessCase) {
        return supervised.forwardSamplesPerEvaluation(fitnessCase);
    }

    @Override
    public boolean stochastic(FitnessCase fitnessCase) {
        return supervised.stochastic(fitnessCase);
    }

    @Override
    public Rollouts rollouts(double[] policy, int episodes, RandomGenerator random) {
        return supervised.rollouts(policy, episodes, random);
    }

    @Override
    public double policyGradient(
            double[] policy, Rollouts rollouts, double[] weights, double entropyBonus, double[] gradient) {
        return supervised.policyGradient(policy, rollouts, weights, entropyBonus, gradient);
    }

    @Override
    public boolean hasValueFunction() {
        return supervised.hasValueFunction();
    }

    @Override
    public double[] initialValueParameters(RandomGenerator random) {
        return supervised.initialValueParameters(random);
    }

    @Override
    public double[] values(double[] valueParameters, Rollouts rollouts) {
        return supervised.values(valueParameters, rollouts);
    }

    @Override
    public double valueGradient(double[] valueParameters, Rollouts rollouts, double[] targets, double[] gradient) {
        return supervised.valueGradient(valueParameters, rollouts, targets, gradient);
    }
}
