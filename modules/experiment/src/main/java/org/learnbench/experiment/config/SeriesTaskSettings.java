package org.learnbench.experiment.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.learnbench.nn.SequenceShape;
import org.learnbench.nn.Shape;
import org.learnbench.tasks.data.CsvReader;
import org.learnbench.tasks.data.CsvTable;
import org.learnbench.tasks.series.Origin;
import org.learnbench.tasks.series.Series;
import org.learnbench.tasks.series.SeriesPreparer;
import org.learnbench.tasks.series.SeriesSpec;
import org.learnbench.tasks.series.SeriesTransform;
import org.learnbench.tasks.trading.TradingMarket;

/**
 * The config sections of the market tasks: {@code type: series} (forecasting a series from windows of its
 * past, evaluated walk-forward) and {@code type: trading} (a short/flat/long agent on a return series). Both
 * read their CSV file when the config is read, so that a window too long for the series, an unknown column
 * or a fold that does not exist is a config error with its line, before any run starts.
 */
public final class SeriesTaskSettings {
    private SeriesTaskSettings() {}

    /** Parsed series files, by path and content digest: a study reads each file once. */
    private static final Map<String, CsvTable> TABLES = new ConcurrentHashMap<>();

    /** The table of a dataset file with this digest (read once per process). */
    static CsvTable table(Path file, String sha256) {
        return TABLES.computeIfAbsent(file.toAbsolutePath() + "|" + sha256, k -> {
            CsvReader.verifySha256(file, sha256);
            return CsvReader.read(file);
        });
    }

    /** A forecasting task's series, read (once) from its file. */
    public static Series series(TaskConfig.Series task) {
        return Series.from(
                table(task.dataset(), task.sha256()),
                task.spec().columns(),
                task.spec().transform());
    }

    /** A trading task's market, read (once) from its file. */
    public static TradingMarket market(TaskConfig.Trading task) {
        Series s = Series.from(table(task.dataset(), task.sha256()), List.of(task.column()), task.transform());
        return TradingMarket.of(
                s,
                task.column(),
                task.transform(),
                task.percent(),
                task.window(),
                task.cost(),
                task.episodeLength(),
                task.validation(),
                task.test());
    }

    /** The input shape of a forecasting task's samples: a flat window, or a sequence of window steps. */
    public static Shape inputShape(TaskConfig.Series task) {
        SeriesSpec s = task.spec();
        return s.sequence()
                ? Shape.sequence(new SequenceShape(s.window(), s.columns().size(), false))
                : Shape.vector(s.window() * s.columns().size());
    }

    /** The file named by {@code dataset}, checked to exist and (when pinned) to have the given sha256. */
    private static Path dataset(Values v) {
        String location = v.s("dataset");
        Path path = v.base().resolve(location).normalize();
        if (!Files.isRegularFile(path)) {
            throw v.error(
                    "dataset",
                    Files.isDirectory(path) ? "is a folder, not a file: " + path : "file not found: " + path);
        }
        return path;
    }

    private static String digest(Values v, Path path) {
        String digest = CsvReader.sha256(path);
        String pinned = v.s("sha256");
        if (pinned != null && !pinned.equalsIgnoreCase(digest)) {
            throw v.error(
                    "sha256",
                    "the file " + path + " has sha256 " + digest + ", not " + pinned.toLowerCase(Locale.ROOT)
                            + " (a different or changed file)");
        }
        return digest;
    }

    /** The columns of a file as series, or a config error at {@code key} naming the file's columns. */
    private static Series read(
            Values v, String key, Path path, String digest, List<String> columns, SeriesTransform t) {
        CsvTable table;
        try {
            table = table(path, digest);
        } catch (org.learnbench.tasks.data.DataException e) {
            throw v.error("dataset", e.getMessage());
        }
        for (String c : columns) {
            if (table.columnIndex(c) < 0) {
                throw v.error(
                        key,
                        "no column '" + c + "' in " + path.getFileName() + " (it has "
                                + String.join(", ", table.columns()) + ")");
            }
        }
        try {
            return Series.from(table, columns, t);
        } catch (IllegalArgumentException e) {
            throw v.error(key, e.getMessage());
        }
    }

    private static TaskConfig.Series series(Values v) {
        Path path = dataset(v);
        String digest = digest(v, path);
        List<String> columns = v.as("columns");
        String target = v.s("target") == null ? columns.get(0) : v.s("target");
        if (!columns.contains(target)) {
            throw v.error("target", "expected one of the columns " + columns + ", got '" + target + "'");
        }
        if (v.i("fold") > v.i("folds")) {
            throw v.error("fold", "expected a fold in 1 .. folds = " + v.i("folds") + ", got " + v.i("fold"));
        }
        SeriesSpec spec = new SeriesSpec(
                columns,
                v.as("transform"),
                target,
                v.i("window"),
                v.i("horizon"),
                v.as("origin"),
                v.i("folds"),
                v.i("fold"),
                v.d("validation"),
                v.s("layout").equals("sequence"));
        Series series = read(v, "columns", path, digest, columns, spec.transform());
        try {
            SeriesPreparer.prepare(series, spec);
        } catch (IllegalArgumentException e) {
            throw v.error("window", e.getMessage());
        }
        return new TaskConfig.Series(path, v.s("dataset"), digest, spec, v.d("bandit_sigma"));
    }

    private static TaskConfig.Trading trading(Values v) {
        Path path = dataset(v);
        String digest = digest(v, path);
        TaskConfig.Trading task = new TaskConfig.Trading(
                path,
                v.s("dataset"),
                digest,
                v.s("column"),
                v.as("transform"),
                v.b("percent"),
                v.i("window"),
                v.d("cost"),
                v.i("episode_length"),
                v.d("validation"),
                v.d("test"),
                v.i("evaluation_episodes"));
        if (task.percent() && task.transform() == SeriesTransform.LOG_RETURNS) {
            throw v.error("percent", "applies to transform none only (log returns of prices are fractions)");
        }
        if (v.d("validation") + v.d("test") >= 1) {
            throw v.error(
                    "test",
                    "validation + test must leave days for training, got " + v.d("validation") + " + " + v.d("test"));
        }
        Series series = read(v, "column", path, digest, List.of(task.column()), task.transform());
        try {
            TradingMarket.of(
                    series,
                    task.column(),
                    task.transform(),
                    task.percent(),
                    task.window(),
                    task.cost(),
                    task.episodeLength(),
                    task.validation(),
                    task.test());
        } catch (IllegalArgumentException e) {
            throw v.error(e.getMessage().contains("episode") ? "episode_length" : "window", e.getMessage());
        }
        return task;
    }

    static final Section<TaskConfig.Series> SERIES = Section.of(
            "task: series",
            SeriesTaskSettings::series,
            Setting.of(
                    "dataset",
                    Kind.TEXT,
                    "the CSV file of the series (one column per series, rows in time order), relative to the config"
                            + " file",
                    TaskConfig.Series::location),
            Setting.of(
                            "sha256",
                            Kind.TEXT,
                            "refuse the file unless its content has this digest (recorded: the content's digest)",
                            TaskConfig.Series::sha256)
                    .optional("none")
                    .check((String s) -> s.matches("[0-9a-fA-F]{64}"), "64 hexadecimal digits"),
            Setting.of(
                            "columns",
                            Kind.TEXTS,
                            "the input series, in the order they stand in each step of a window",
                            (TaskConfig.Series t) -> t.spec().columns())
                    .check((List<String> c) -> !c.isEmpty(), "at least one column"),
            Setting.of(
                            "transform",
                            Kind.of(SeriesTransform.class),
                            "none: the columns are the series (e.g. returns); log_returns: prices become ln(p_t/p_{t-1})",
                            (TaskConfig.Series t) -> t.spec().transform())
                    .standard(SeriesTransform.NONE),
            Setting.of(
                            "target",
                            Kind.TEXT,
                            "the series forecast (one of the columns)",
                            (TaskConfig.Series t) -> t.spec().target())
                    .standard(v -> ((List<?>) v.get("columns")).get(0), "the first column"),
            Setting.of(
                            "window",
                            Kind.INT,
                            "past times each forecast sees (all columns at each)",
                            (TaskConfig.Series t) -> t.spec().window())
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "horizon",
                            Kind.INT,
                            "steps ahead: the target at t is forecast from the window ending at t - horizon",
                            (TaskConfig.Series t) -> t.spec().horizon())
                    .standard(1)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "origin",
                            Kind.of(Origin.class),
                            "walk-forward history: expanding (all earlier samples) or rolling (as long as fold 1's)",
                            (TaskConfig.Series t) -> t.spec().origin())
                    .standard(Origin.EXPANDING),
            Setting.of(
                            "folds",
                            Kind.INT,
                            "test blocks: the samples are cut into folds + 1 equal blocks, the first history only",
                            (TaskConfig.Series t) -> t.spec().folds())
                    .standard(5)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "fold",
                            Kind.INT,
                            "the block this run tests on, 1 .. folds (a study's grid covers the folds)",
                            (TaskConfig.Series t) -> t.spec().fold())
                    .standard(v -> v.get("folds"), "folds (the latest block)")
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "validation",
                            Kind.NUMBER,
                            "share of the fold's history (its latest samples) for validation and early stopping",
                            (TaskConfig.Series t) -> t.spec().validation())
                    .standard(0.2)
                    .check((Double f) -> f >= 0 && f < 1, "a fraction in [0, 1)"),
            Setting.of(
                            "layout",
                            Kind.choice(List.of("flat", "sequence")),
                            "the input as a flat vector, or as a sequence of window steps x columns (recurrent layers);"
                                    + " the same values either way",
                            (TaskConfig.Series t) -> t.spec().sequence() ? "sequence" : "flat")
                    .standard("flat"),
            Setting.of(
                            "bandit_sigma",
                            Kind.NUMBER,
                            "policy_gradient: sd of the Gaussian policy (standardised target units)",
                            TaskConfig.Series::banditSigma)
                    .standard(0.5)
                    .check((Double s) -> s > 0, "a positive standard deviation"));

    static final Section<TaskConfig.Trading> TRADING = Section.of(
            "task: trading",
            SeriesTaskSettings::trading,
            Setting.of(
                    "dataset",
                    Kind.TEXT,
                    "the CSV file of the series, relative to the config file",
                    TaskConfig.Trading::location),
            Setting.of(
                            "sha256",
                            Kind.TEXT,
                            "refuse the file unless its content has this digest (recorded: the content's digest)",
                            TaskConfig.Trading::sha256)
                    .optional("none")
                    .check((String s) -> s.matches("[0-9a-fA-F]{64}"), "64 hexadecimal digits"),
            Setting.of("column", Kind.TEXT, "the traded series", TaskConfig.Trading::column),
            Setting.of(
                            "transform",
                            Kind.of(SeriesTransform.class),
                            "none: the column holds returns; log_returns: it holds prices (observed as log returns,"
                                    + " earned as simple returns)",
                            TaskConfig.Trading::transform)
                    .standard(SeriesTransform.NONE),
            Setting.of(
                            "percent",
                            Kind.BOOL,
                            "the column's returns are in percent (divided by 100 to earn); transform none only",
                            TaskConfig.Trading::percent)
                    .standard(false),
            Setting.of(
                            "window",
                            Kind.INT,
                            "past days observed (standardised on training days)",
                            TaskConfig.Trading::window)
                    .standard(10)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "cost",
                            Kind.NUMBER,
                            "cost of a unit position change, a fraction of wealth (0.0005 = 5 basis points)",
                            TaskConfig.Trading::cost)
                    .standard(0.0005)
                    .check((Double c) -> c >= 0 && c < 1, "a fraction in [0, 1)"),
            Setting.of(
                            "episode_length",
                            Kind.INT,
                            "decision days per training episode (random starts in the training days)",
                            TaskConfig.Trading::episodeLength)
                    .standard(250)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "validation",
                            Kind.NUMBER,
                            "share of the days, after training, for validation",
                            TaskConfig.Trading::validation)
                    .standard(0.2)
                    .check((Double f) -> f >= 0 && f < 1, "a fraction in [0, 1)"),
            Setting.of(
                            "test",
                            Kind.NUMBER,
                            "share of the days, at the end, for test (only reported)",
                            TaskConfig.Trading::test)
                    .standard(0.2)
                    .check((Double f) -> f > 0 && f < 1, "a fraction in (0, 1)"),
            Setting.of(
                            "evaluation_episodes",
                            Kind.INT,
                            "fixed-seed training-day episodes the greedy and stochastic policy play at every checkpoint",
                            TaskConfig.Trading::evaluationEpisodes)
                    .standard(10)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"));
}
