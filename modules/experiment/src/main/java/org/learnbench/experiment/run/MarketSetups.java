package org.learnbench.experiment.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.SeriesTaskSettings;
import org.learnbench.experiment.config.TaskConfig;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MeanSquaredError;
import org.learnbench.nn.Network;
import org.learnbench.nn.Shape;
import org.learnbench.optim.Problem;
import org.learnbench.optim.ProblemFactory;
import org.learnbench.tasks.SupervisedProblem;
import org.learnbench.tasks.series.Series;
import org.learnbench.tasks.series.SeriesData;
import org.learnbench.tasks.series.SeriesPreparer;
import org.learnbench.tasks.series.SeriesProblem;
import org.learnbench.tasks.series.SeriesSpec;
import org.learnbench.tasks.trading.TradingMarket;
import org.learnbench.tasks.trading.TradingProblem;

/**
 * How a run of a market task (a series forecast or a trading agent) builds its problem and describes it in
 * the manifest: the data and its walk-forward blocks or trading periods, the network, and a plain verdict
 * against the naive forecast or buy-and-hold.
 */
final class MarketSetups {
    private MarketSetups() {}

    /** A forecasting task's prepared data (its fold's windows; no seed is involved). */
    static org.learnbench.tasks.data.PreparedData prepare(TaskConfig.Series task) {
        return SeriesPreparer.prepare(SeriesTaskSettings.series(task), task.spec())
                .data();
    }

    /**
     * The reference forecasts or strategy of a market task under the names a study report shows, each with
     * its measures under the model's own metric names (e.g. {@code test_rmse}), so that they stand beside the
     * optimizers' rows: for a forecast the zero forecast, persistence and the autoregression fitted on the
     * training block; for trading, buy-and-hold. Nothing here depends on a seed.
     */
    static Map<String, Map<String, Double>> references(TaskConfig task) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (task instanceof TaskConfig.Series series) {
            Map<String, Double> measures = SeriesPreparer.prepare(SeriesTaskSettings.series(series), series.spec())
                    .baselineMetrics();
            for (String baseline : org.learnbench.tasks.series.Baselines.NAMES) {
                out.put(REFERENCE_NAMES.get(baseline), renamed(measures, "_" + baseline + "_"));
            }
        } else if (task instanceof TaskConfig.Trading trading) {
            out.put("buy-and-hold", renamed(TradingProblem.buyAndHold(SeriesTaskSettings.market(trading)), "_bh_"));
        }
        return out;
    }

    /** How a study report names each forecasting baseline. */
    private static final Map<String, String> REFERENCE_NAMES =
            Map.of("naive", "zero-forecast", "persistence", "persistence", "ar", "autoregression");

    /** {@code <split><infix><measure>} to {@code <split>_<measure>}, in the given order. */
    private static Map<String, Double> renamed(Map<String, Double> measures, String infix) {
        Map<String, Double> out = new LinkedHashMap<>();
        measures.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            int at = e.getKey().indexOf(infix);
            if (at > 0) {
                out.put(e.getKey().substring(0, at) + "_" + e.getKey().substring(at + infix.length()), e.getValue());
            }
        });
        return out;
    }

    static ExperimentRunner.Setup of(ExperimentConfig config) {
        if (config.task() instanceof TaskConfig.Series series) {
            return series(config, series);
        }
        return trading(config, (TaskConfig.Trading) config.task());
    }

    private static ExperimentRunner.Setup series(ExperimentConfig config, TaskConfig.Series task) {
        Series series = SeriesTaskSettings.series(task); // read (and checked) once, before any run starts
        SeriesProblem[] built = new SeriesProblem[1];
        return new ExperimentRunner.Setup() {
            @Override
            public Class<? extends Problem> problemType() {
                return SeriesProblem.class;
            }

            @Override
            public ProblemFactory<Problem> factory() {
                return context -> {
                    SeriesData data = SeriesPreparer.prepare(series, task.spec());
                    Network network = config.network().build(data.data().inputShape(), 1, Activation.IDENTITY);
                    SupervisedProblem supervised = new SupervisedProblem(
                            context, data.data(), network, new MeanSquaredError(), 0.0, task.banditSigma());
                    built[0] = new SeriesProblem(supervised, data);
                    return built[0];
                };
            }

            @Override
            public Map<String, Object> describe() {
                SeriesData data = built[0].series();
                SeriesSpec spec = task.spec();
                Map<String, Object> network = new LinkedHashMap<>();
                network.put(
                        "architecture", config.network().describe(data.data().inputShape(), 1));
                network.put("layers", built[0].supervised().network().describe());
                network.put("parameters", built[0].supervised().network().parameterCount());
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("file", task.dataset().getFileName().toString());
                d.put("sha256", task.sha256());
                d.put("columns", spec.columns());
                d.put("transform", spec.transform().name().toLowerCase(Locale.ROOT));
                d.put("target", spec.target());
                d.put("window", spec.window());
                d.put("horizon", spec.horizon());
                d.put("input_shape", data.data().inputShape().toString());
                d.put("kind", "regression");
                d.put("times", series.length());
                d.put("samples", SeriesPreparer.samples(series.length(), spec.window(), spec.horizon()));
                Map<String, Object> fold = new LinkedHashMap<>();
                fold.put("origin", spec.origin().name().toLowerCase(Locale.ROOT));
                fold.put("folds", spec.folds());
                fold.put("fold", spec.fold());
                fold.put("train", block(data, "train"));
                fold.put("validation", block(data, "validation"));
                fold.put("test", block(data, "test"));
                d.put("walk_forward", fold);
                Map<String, Integer> sizes = new LinkedHashMap<>();
                sizes.put("train", data.fold().trainSize());
                sizes.put("validation", data.fold().validationSize());
                sizes.put("test", data.fold().testSize());
                d.put("split_sizes", sizes);
                d.put("scaling", Map.of("mean", List.of(box(data.mean())), "sd", List.of(box(data.sd()))));
                Map<String, Object> forecast = new LinkedHashMap<>();
                forecast.put("baselines", data.baselineMetrics());
                forecast.put("ar_coefficients", List.of(box(data.arCoefficients())));
                Map<String, Double> last = built[0].lastEvaluation();
                forecast.put(
                        "verdict",
                        SeriesProblem.verdict(
                                last.getOrDefault("test_rmse", Double.NaN),
                                data.baselineMetrics().get("test_naive_rmse")));
                Map<String, Object> sections = new LinkedHashMap<>();
                sections.put("network", network);
                sections.put("data", d);
                sections.put("forecast", forecast);
                return sections;
            }

            @Override
            public List<String> chartSeries() {
                return List.of("train_loss", "validation_loss", "test_loss");
            }
        };
    }

    /** The sample range and the CSV lines of the first and last target of one block. */
    private static Map<String, Object> block(SeriesData data, String split) {
        org.learnbench.tasks.data.Part part =
                switch (split) {
                    case "train" -> data.data().train();
                    case "validation" -> data.data().validation();
                    default -> data.data().test();
                };
        int from =
                switch (split) {
                    case "train" -> data.fold().trainFrom();
                    case "validation" -> data.fold().validationFrom();
                    default -> data.fold().testFrom();
                };
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", List.of(from, from + part.size()));
        if (part.size() > 0) {
            int[] lines = part.sourceLines();
            m.put("target_lines", List.of(lines[0], lines[lines.length - 1]));
        }
        return m;
    }

    private static Double[] box(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static ExperimentRunner.Setup trading(ExperimentConfig config, TaskConfig.Trading task) {
        TradingMarket market = SeriesTaskSettings.market(task);
        TradingProblem[] built = new TradingProblem[1];
        return new ExperimentRunner.Setup() {
            @Override
            public Class<? extends Problem> problemType() {
                return TradingProblem.class;
            }

            @Override
            public ProblemFactory<Problem> factory() {
                return context -> {
                    built[0] =
                            new TradingProblem(context, market, config.network().mlp(), task.evaluationEpisodes());
                    return built[0];
                };
            }

            @Override
            public Map<String, Object> describe() {
                Map<String, Object> environment = new LinkedHashMap<>();
                environment.put("name", "Trading");
                environment.put("file", task.dataset().getFileName().toString());
                environment.put("sha256", task.sha256());
                environment.put("column", task.column());
                environment.put("transform", task.transform().name().toLowerCase(Locale.ROOT));
                environment.put("observation_size", task.window() + 1);
                environment.put("actions", List.of("short", "flat", "long"));
                environment.put("cost", task.cost());
                environment.put("episode_length", task.episodeLength());
                environment.put("evaluation_episodes", task.evaluationEpisodes());
                Map<String, Object> days = new LinkedHashMap<>();
                days.put("train", List.of(0, market.trainEnd()));
                days.put("validation", List.of(market.trainEnd(), market.validationEnd()));
                days.put("test", List.of(market.validationEnd(), market.days()));
                environment.put("days", days);
                environment.put("scaling", Map.of("mean", market.mean(), "sd", market.sd()));
                Map<String, Object> network = new LinkedHashMap<>();
                network.put("architecture", config.network().describe(Shape.vector(task.window() + 1), 3));
                network.put("layers", built[0].policyNetwork().describe());
                network.put("parameters", built[0].policyNetwork().parameterCount());
                Map<String, Object> sections = new LinkedHashMap<>();
                sections.put("environment", environment);
                sections.put("network", network);
                sections.put("trading", Map.of("verdict", TradingProblem.verdict(built[0].lastEvaluation())));
                return sections;
            }

            @Override
            public List<String> chartSeries() {
                return List.of("validation_cumulative_return", "test_cumulative_return", "test_bh_cumulative_return");
            }

            @Override
            public void pictures(
                    ExperimentConfig config,
                    long seed,
                    org.learnbench.optim.RunResult result,
                    java.nio.file.Path folder)
                    throws java.io.IOException {
                TradingProblem.Outcome played = built[0].play(result.solution(), "test");
                double[] hold = TradingProblem.buyAndHoldNet(market, "test");
                org.learnbench.report.EquityChart.write(
                        config.name() + " seed " + seed + ", test period",
                        played.net(),
                        played.positions(),
                        hold,
                        folder.resolve("equity.png"));
            }
        };
    }
}
