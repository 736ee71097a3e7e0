package org.learnbench.experiment.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.TaskConfig;
import org.learnbench.nn.Activation;
import org.learnbench.nn.Loss;
import org.learnbench.nn.MeanSquaredError;
import org.learnbench.nn.Network;
import org.learnbench.nn.Shape;
import org.learnbench.nn.SoftmaxCrossEntropy;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.Problem;
import org.learnbench.optim.ProblemFactory;
import org.learnbench.optim.RunListener;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.SeedStreams;
import org.learnbench.report.ConvergenceChart;
import org.learnbench.tasks.SupervisedProblem;
import org.learnbench.tasks.blackbox.BlackBoxProblem;
import org.learnbench.tasks.control.ControlProblem;
import org.learnbench.tasks.control.Environment;
import org.learnbench.tasks.data.CsvReader;
import org.learnbench.tasks.data.CsvTable;
import org.learnbench.tasks.data.DataReport;
import org.learnbench.tasks.data.ImageScaling;
import org.learnbench.tasks.data.Mnist;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.Scaling;
import org.learnbench.tasks.data.SplitCounts;
import org.learnbench.tasks.data.TabularPreparer;
import org.learnbench.tasks.data.TaskKind;
import org.learnbench.tasks.text.TextData;
import org.learnbench.tasks.text.TextPreparer;
import org.learnbench.tasks.text.TextReport;

/**
 * Runs an experiment's seeds one after the other, whatever the task (CSV data or a black-box function)
 * and optimizer, and writes each run to
 * {@code <results>/<experiment>/seed-<seed>/}: metrics.csv, manifest.json and convergence.png, committed
 * atomically. Library code: reports progress only through listeners.
 */
public final class ExperimentRunner {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path resultsRoot;
    private final Map<Path, CsvTable> tables = new java.util.concurrent.ConcurrentHashMap<>();
    private final PopulationScorers scorers;

    public ExperimentRunner(Path resultsRoot) {
        this(resultsRoot, null);
    }

    /**
     * A runner whose population methods score their candidates through {@code scorers} (a cluster), or on the
     * run's own threads when it is null. Results and clocks are the same either way.
     */
    public ExperimentRunner(Path resultsRoot, PopulationScorers scorers) {
        this.resultsRoot = resultsRoot;
        this.scorers = scorers;
    }

    /** Where the runs of a runner score their populations: one scorer per run. */
    public interface PopulationScorers {
        /** A scorer for the run of this experiment and seed (closed when the run ends). */
        org.learnbench.optim.PopulationScorer open(ExperimentConfig config, long seed);

        /** Ends a run's scoring. */
        default void close(org.learnbench.optim.PopulationScorer scorer) {}
    }

    /**
     * The fitness problem of a run of this experiment and seed, built as the run builds it, with a meter of its
     * own and no budget: what a cluster member scores a run's candidates on. Its evaluations give the same
     * values as the run's own, and advance its meter and arithmetic as they would the run's.
     */
    public EvaluationProblem evaluationProblem(ExperimentConfig config, long seed, int threads) {
        org.learnbench.matrix.MatrixOps ops = org.learnbench.matrix.MatrixOps.withThreads(threads);
        org.learnbench.matrix.MatrixOps monitorOps = org.learnbench.matrix.MatrixOps.withThreads(threads);
        org.learnbench.optim.WorkMeter meter = new org.learnbench.optim.WorkMeter(
                org.learnbench.optim.Budget.iterations(Long.MAX_VALUE), ops, monitorOps, System::nanoTime);
        org.learnbench.optim.RunContext context =
                new org.learnbench.optim.RunContext(new SeedStreams(seed), meter, ops, monitorOps, threads);
        Problem problem = setup(config).factory().create(context);
        if (!(problem instanceof org.learnbench.optim.FitnessProblem fitness)) {
            throw new IllegalArgumentException("a " + config.task().type() + " task has no fitness to score");
        }
        return new EvaluationProblem(fitness, meter);
    }

    /** A run's fitness problem and the meter its evaluations advance. */
    public record EvaluationProblem(
            org.learnbench.optim.FitnessProblem problem, org.learnbench.optim.WorkMeter meter) {}

    /** The folder a run of this experiment and seed is written to. */
    public Path runFolder(ExperimentConfig config, long seed) {
        return within(resultsRoot, Path.of(config.name(), runName(seed)));
    }

    /**
     * {@code root/relative}, checked to stay strictly inside {@code root} once both are resolved: no name or
     * label may lead a run outside the results folder (or onto the folder itself).
     */
    public static Path within(Path root, Path relative) {
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        if (relative.isAbsolute() || !resolved.startsWith(base) || resolved.equals(base)) {
            throw new IllegalArgumentException(relative + ": would be written outside the results folder " + root
                    + "; names and labels" + " must be plain folder names");
        }
        return root.resolve(relative);
    }

    /**
     * The checks a run of this config and seed makes before it costs anything (see {@link PreFlight}):
     * reads and prepares the dataset, checks the network's size against the heap; throws on a mistake.
     */
    public PreFlight.Report check(ExperimentConfig config, long seed) {
        return PreFlight.check(config, seed, () -> prepare(config, seed));
    }

    private static String runName(long seed) {
        return "seed-" + seed;
    }

    /**
     * The last few datasets read in this process, by path, size and modification time: validating a study or
     * a batch of configs reads each file once. A table is never changed after it is read.
     */
    private static final Map<String, CsvTable> RECENT =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CsvTable> eldest) {
                    return size() > 4;
                }
            });

    /** The dataset, read and checked against its sha256 once per runner. */
    private CsvTable table(TaskConfig.Csv task) {
        return table(task.dataset(), task.sha256());
    }

    /** A text task's documents, read and checked once per runner. */
    private CsvTable table(TaskConfig.Text task) {
        return table(task.dataset(), task.sha256());
    }

    private CsvTable table(Path dataset, String sha256) {
        return tables.computeIfAbsent(dataset, path -> {
            String key;
            try {
                key = path.toAbsolutePath() + "|" + Files.size(path) + "|"
                        + Files.getLastModifiedTime(path).toMillis() + "|" + sha256;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            CsvTable known = RECENT.get(key);
            if (known != null) {
                return known;
            }
            CsvReader.verifySha256(path, sha256);
            CsvTable read = CsvReader.read(path);
            RECENT.put(key, read);
            return read;
        });
    }

    /**
     * The reference forecasts or strategy of a market task (series: zero forecast, persistence,
     * autoregression; trading: buy-and-hold) with their measures under the model's metric names; empty for
     * other tasks. They do not depend on the seed.
     */
    public Map<String, Map<String, Double>> references(ExperimentConfig config) {
        return MarketSetups.references(config.task());
    }

    /**
     * The prepared data a run of this (CSV) experiment with this seed trains on: the same table, columns
     * and seeded split, so reference models see exactly the runs' data.
     */
    public PreparedData prepare(ExperimentConfig config, long seed) {
        if (config.task() instanceof TaskConfig.Text text) {
            return prepareText(text, new SeedStreams(seed).stream(SeedStreams.SPLIT))
                    .data();
        }
        return prepare(config, new SeedStreams(seed).stream(SeedStreams.SPLIT), this::table);
    }

    /** A text task's documents split by {@code split}, tokenized and represented (see {@link TextPreparer}). */
    TextData prepareText(TaskConfig.Text text, java.util.random.RandomGenerator split) {
        return TextPreparer.prepare(table(text), text.spec(), text.split(), split);
    }

    /**
     * The prepared data of a supervised task, split by {@code split}: a CSV table (tabular, or images scaled
     * per channel) or MNIST. A CSV whose columns do not make images of the declared shape is a {@link
     * org.learnbench.experiment.config.ConfigException} at task.image.
     */
    static PreparedData prepare(
            ExperimentConfig config,
            java.util.random.RandomGenerator split,
            java.util.function.Function<TaskConfig.Csv, CsvTable> tables) {
        if (config.task() instanceof TaskConfig.Mnist mnist) {
            return Mnist.prepare(mnist.folder(), mnist.validation(), mnist.scaling(), split);
        }
        if (config.task() instanceof TaskConfig.Series series) {
            return MarketSetups.prepare(series);
        }
        if (!(config.task() instanceof TaskConfig.Csv csv)) {
            throw new IllegalArgumentException("a " + config.task().type() + " task has no dataset to prepare");
        }
        if (csv.image() == null) {
            return TabularPreparer.prepare(tables.apply(csv), csv.columns(), csv.split(), split, csv.scaling());
        }
        PreparedData raw = TabularPreparer.prepare(tables.apply(csv), csv.columns(), csv.split(), split, Scaling.NONE);
        try {
            return ImageScaling.apply(raw, csv.image(), csv.scaling());
        } catch (IllegalArgumentException e) {
            throw new org.learnbench.experiment.config.ConfigException(
                    config.source(), 0, "task.image", csv.dataset().getFileName() + ": " + e.getMessage());
        }
    }

    /** How one run builds its problem and describes it in the manifest. */
    interface Setup {
        Class<? extends Problem> problemType();

        ProblemFactory<Problem> factory();

        /** Manifest sections describing the task (data report, network), after the run. */
        Map<String, Object> describe();

        /** The checkpoint metrics the convergence chart plots. */
        List<String> chartSeries();

        /** Pictures of the finished run beside its convergence chart (none by default). */
        default void pictures(ExperimentConfig config, long seed, RunResult result, Path folder) throws IOException {}
    }

    private Setup setup(ExperimentConfig config) {
        if (config.task() instanceof TaskConfig.Csv
                || config.task() instanceof TaskConfig.Mnist
                || config.task() instanceof TaskConfig.Text) {
            double wrongReward = config.task() instanceof TaskConfig.Csv csv
                    ? csv.banditWrongReward()
                    : config.task() instanceof TaskConfig.Text text
                            ? text.banditWrongReward()
                            : ((TaskConfig.Mnist) config.task()).banditWrongReward();
            double banditSigma = config.task() instanceof TaskConfig.Csv csv ? csv.banditSigma() : 0.5;
            if (config.task() instanceof TaskConfig.Csv csv) {
                table(csv); // read (and checked) once, before any run starts
            }
            if (config.task() instanceof TaskConfig.Text text) {
                table(text); // read (and checked) once, before any run starts
            }
            SupervisedProblem[] built = new SupervisedProblem[1];
            TextReport[] textReport = new TextReport[1];
            return new Setup() {
                @Override
                public Class<? extends Problem> problemType() {
                    return SupervisedProblem.class;
                }

                @Override
                public ProblemFactory<Problem> factory() {
                    return context -> {
                        PreparedData data;
                        if (config.task() instanceof TaskConfig.Text text) {
                            TextData prepared = prepareText(text, context.seeds().stream(SeedStreams.SPLIT));
                            textReport[0] = prepared.report();
                            data = prepared.data();
                        } else {
                            data = prepare(
                                    config, context.seeds().stream(SeedStreams.SPLIT), ExperimentRunner.this::table);
                        }
                        boolean classification = data.kind() == TaskKind.CLASSIFICATION;
                        Network network = config.network()
                                .withVocabulary(data.vocabulary())
                                .build(data.inputShape(), classification ? data.classCount() : 1, Activation.IDENTITY);
                        Loss loss = classification ? new SoftmaxCrossEntropy() : new MeanSquaredError();
                        built[0] = new SupervisedProblem(context, data, network, loss, wrongReward, banditSigma);
                        return built[0];
                    };
                }

                @Override
                public Map<String, Object> describe() {
                    PreparedData data = built[0].data();
                    Map<String, Object> network = new LinkedHashMap<>();
                    network.put(
                            "architecture",
                            config.network()
                                    .withVocabulary(data.vocabulary())
                                    .describe(
                                            data.inputShape(),
                                            data.kind() == TaskKind.CLASSIFICATION ? data.classCount() : 1));
                    network.put("layers", built[0].network().describe());
                    network.put("parameters", built[0].network().parameterCount());
                    Map<String, Object> sections = new LinkedHashMap<>();
                    sections.put("network", network);
                    sections.put("data", dataSection(config.task(), data));
                    if (textReport[0] != null) {
                        sections.put("text", textSection(textReport[0], data));
                    }
                    return sections;
                }

                @Override
                public List<String> chartSeries() {
                    return List.of("train_loss", "validation_loss", "test_loss");
                }

                @Override
                public void pictures(ExperimentConfig config, long seed, RunResult result, Path folder)
                        throws IOException {
                    RunPictures.write(config, seed, built[0], result.solution(), folder);
                }
            };
        }
        if (config.task() instanceof TaskConfig.Series || config.task() instanceof TaskConfig.Trading) {
            return MarketSetups.of(config);
        }
        if (config.task() instanceof TaskConfig.Control control) {
            ControlProblem[] built = new ControlProblem[1];
            return new Setup() {
                @Override
                public Class<? extends Problem> problemType() {
                    return ControlProblem.class;
                }

                @Override
                public ProblemFactory<Problem> factory() {
                    return context -> {
                        built[0] = new ControlProblem(
                                context, control.task(), config.network().mlp(), control.evaluationEpisodes());
                        return built[0];
                    };
                }

                @Override
                public Map<String, Object> describe() {
                    Environment env = control.task().create();
                    Map<String, Object> environment = new LinkedHashMap<>();
                    environment.put("name", control.task().gymName());
                    environment.put("dynamics_version", org.learnbench.tasks.control.ControlTask.DYNAMICS_VERSION);
                    environment.put("observation_size", env.observationSize());
                    environment.put("actions", env.actionCount());
                    environment.put("max_episode_steps", env.maxEpisodeSteps());
                    environment.put("solved_threshold", env.solvedThreshold());
                    environment.put("evaluation_episodes", control.evaluationEpisodes());
                    Map<String, Object> network = new LinkedHashMap<>();
                    network.put(
                            "architecture",
                            config.network().describe(Shape.vector(env.observationSize()), env.actionCount()));
                    network.put("layers", built[0].policyNetwork().describe());
                    network.put("parameters", built[0].policyNetwork().parameterCount());
                    Map<String, Object> sections = new LinkedHashMap<>();
                    sections.put("environment", environment);
                    sections.put("network", network);
                    return sections;
                }

                @Override
                public List<String> chartSeries() {
                    return List.of("eval_return", "eval_return_stochastic", "train_return_mean");
                }
            };
        }
        TaskConfig.BlackBox box = (TaskConfig.BlackBox) config.task();
        return new Setup() {
            @Override
            public Class<? extends Problem> problemType() {
                return BlackBoxProblem.class;
            }

            @Override
            public ProblemFactory<Problem> factory() {
                return context -> new BlackBoxProblem(context, box.function(), box.dimension(), box.noise());
            }

            @Override
            public Map<String, Object> describe() {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", box.type());
                function.put("dimension", box.dimension());
                function.put("noise", box.noise());
                function.put("optimum_value", box.function().optimumValue());
                function.put(
                        "domain", List.of(box.function().lower(), box.function().upper()));
                return Map.of("function", function);
            }

            @Override
            public List<String> chartSeries() {
                return List.of("fitness");
            }
        };
    }

    /** Runs one seed into {@code <results>/<experiment>/seed-<seed>}; listeners see the run as it goes. */
    public RunRecord run(ExperimentConfig config, long seed, int threads, List<RunListener> listeners)
            throws IOException {
        return runInto(runFolder(config, seed), config, seed, threads, listeners);
    }

    /** Runs one seed into the given folder (committed atomically, replacing an earlier result there). */
    public RunRecord runInto(
            Path runFolder, ExperimentConfig config, long seed, int threads, List<RunListener> listeners)
            throws IOException {
        return runInto(runFolder, config, seed, threads, listeners, Map.of());
    }

    /**
     * As {@link #runInto(Path, ExperimentConfig, long, int, List)}, with further manifest sections (a
     * cluster member records where it computed the run); they never change the learning metrics.
     */
    public RunRecord runInto(
            Path runFolder,
            ExperimentConfig config,
            long seed,
            int threads,
            List<RunListener> listeners,
            Map<String, Object> manifestSections)
            throws IOException {
        Setup setup = setup(config);
        Optimizer<?> optimizer = config.optimizer();
        if (!optimizer.problemType().isAssignableFrom(setup.problemType())) {
            throw new IllegalArgumentException("optimizer " + optimizer.name() + " cannot work on a "
                    + config.task().type() + " task");
        }
        PreFlight.Report checked = check(config, seed);
        RunDirectory.removeStale(runFolder.getParent(), 1);
        RunDirectory folder = RunDirectory.begin(
                runFolder.getParent(), runFolder.getFileName().toString());
        try {
            Instant started = Instant.now();
            RunResult result;
            org.learnbench.optim.PopulationScorer scorer =
                    scorers != null && optimizer.problemType() == org.learnbench.optim.FitnessProblem.class
                            ? scorers.open(config, seed)
                            : null;
            ProblemFactory<Problem> factory = setup.factory();
            if (scorer != null) {
                ProblemFactory<Problem> local = factory;
                factory = context ->
                        new ScoredProblem((org.learnbench.optim.FitnessProblem) local.create(context), scorer);
            }
            try (MetricsCsvWriter csv =
                    new MetricsCsvWriter(folder.workingFolder().resolve("metrics.csv"))) {
                List<RunListener> all = new ArrayList<>(listeners);
                all.add(0, csv);
                result = runLoop(
                        optimizer,
                        factory,
                        new RunSettings(
                                seed, config.budget(), config.checkpoints().schedule(config.budget()), threads),
                        all);
            } finally {
                if (scorer != null) {
                    scorers.close(scorer);
                }
            }
            Instant finished = Instant.now();
            setup.pictures(config, seed, result, folder.workingFolder());
            writeChart(
                    config,
                    seed,
                    setup.chartSeries(),
                    result,
                    folder.workingFolder().resolve("convergence.png"));
            Map<String, Object> manifest = manifest(config, seed, threads, setup, result, started, finished);
            manifest.put("warnings", checked.warnings());
            manifest.putAll(manifestSections);
            Files.writeString(
                    folder.workingFolder().resolve("manifest.json"),
                    JSON.writeValueAsString(manifest) + "\n",
                    StandardCharsets.UTF_8);
            Path done = folder.commit();
            return new RunRecord(seed, done, result, manifest);
        } catch (IOException | RuntimeException e) {
            folder.abandon();
            throw e;
        }
    }

    /** How far above its first value a charted metric of a diverged run may go before the chart stops. */
    private static final double DIVERGED_FACTOR = 1e4;

    /**
     * The run's convergence chart. A diverged run is charted up to its last checkpoint whose values were
     * all finite (the values just before a NaN are often so large that they would flatten the rest), with
     * DIVERGED in the title, a line where the curve stops, and the reason in the plot. A run whose optimizer
     * restored its best epoch at the end is charted up to its last trained checkpoint, with a line at the
     * kept epoch.
     */
    static void writeChart(ExperimentConfig config, long seed, List<String> series, RunResult result, Path file)
            throws IOException {
        List<org.learnbench.optim.Checkpoint> shown = result.checkpoints();
        boolean diverged = result.termination() == org.learnbench.optim.Termination.DIVERGED;
        if (diverged) {
            shown = untilDivergence(series, shown);
        }
        if (!ConvergenceChart.hasData(series, shown)) {
            return;
        }
        // With restore_best the last checkpoint is an earlier epoch's model measured again: drawn as the
        // curve's last point it would look like a jump back; the curve ends with the training instead and
        // a line marks the epoch that was kept.
        org.learnbench.optim.Checkpoint restored =
                !diverged && restoresBest(config) ? restoredFrom(series, shown) : null;
        if (restored != null) {
            shown = shown.subList(0, shown.size() - 1);
        }
        String title = config.name() + " (seed " + seed + ", "
                + config.optimizer().name() + ")" + (diverged ? ": DIVERGED" : "");
        org.knowm.xchart.XYChart chart =
                ConvergenceChart.build(title, config.optimizer().iterationName(), series, shown);
        if (restored != null) {
            markIteration(
                    chart,
                    restored.iteration(),
                    new java.awt.Color(0x2c, 0xa0, 0x2c),
                    new java.awt.BasicStroke(1.5f),
                    new java.awt.Color(0x1a, 0x6b, 0x1a),
                    "kept: the model of " + config.optimizer().iterationName() + " " + restored.iteration()
                            + " (lowest validation loss), restored at the end: the run's final metrics are that "
                            + config.optimizer().iterationName() + "'s");
        }
        if (diverged) {
            double last = shown.get(shown.size() - 1).iteration();
            java.awt.Color red = new java.awt.Color(0xd6, 0x27, 0x28);
            markIteration(
                    chart,
                    last,
                    red,
                    new java.awt.BasicStroke(
                            1.5f,
                            java.awt.BasicStroke.CAP_BUTT,
                            java.awt.BasicStroke.JOIN_ROUND,
                            10f,
                            new float[] {4f, 4f},
                            0f),
                    red,
                    "DIVERGED: " + result.detail() + "; the curve stops at the last checkpoint before it ("
                            + config.optimizer().iterationName() + " " + (long) last + ")");
        }
        ConvergenceChart.writePng(chart, file);
    }

    /** A vertical line at an iteration and a note in the top left of the plot explaining it. */
    private static void markIteration(
            org.knowm.xchart.XYChart chart,
            double iteration,
            java.awt.Color lineColor,
            java.awt.BasicStroke stroke,
            java.awt.Color textColor,
            String note) {
        chart.getStyler().setAnnotationLineColor(lineColor);
        chart.getStyler().setAnnotationLineStroke(stroke);
        chart.addAnnotation(new org.knowm.xchart.AnnotationLine(iteration, true, false));
        chart.getStyler().setAnnotationTextPanelFontColor(textColor);
        chart.addAnnotation(new org.knowm.xchart.AnnotationTextPanel(note, 80, 495, true));
    }

    /** True when the optimizer hands back its best-validated parameters at the end (early stopping with restore). */
    private static boolean restoresBest(ExperimentConfig config) {
        return config.optimizer() instanceof org.learnbench.optim.gd.GradientDescent gd
                && gd.earlyStopping()
                        .map(org.learnbench.optim.gd.EarlyStopping::restoreBest)
                        .orElse(false);
    }

    /**
     * The earlier checkpoint whose model the last one measured again, or null: the last checkpoint (always
     * the kept solution) has exactly the values of an earlier one in every charted series, as when early
     * stopping restores its best epoch. Null when the kept solution is the trained one (its values are new).
     */
    static org.learnbench.optim.Checkpoint restoredFrom(
            List<String> series, List<org.learnbench.optim.Checkpoint> checkpoints) {
        if (checkpoints.size() < 2) {
            return null;
        }
        org.learnbench.optim.Checkpoint last = checkpoints.get(checkpoints.size() - 1);
        for (int i = checkpoints.size() - 2; i >= 0; i--) {
            org.learnbench.optim.Checkpoint c = checkpoints.get(i);
            boolean same = c.iteration() < last.iteration();
            int compared = 0;
            for (String m : series) {
                Double a = c.metrics().get(m);
                Double b = last.metrics().get(m);
                if (a == null && b == null) {
                    continue;
                }
                same &= a != null && a.equals(b) && Double.isFinite(a);
                compared++;
            }
            if (same && compared > 0) {
                return c;
            }
        }
        return null;
    }

    /**
     * The checkpoints of a diverged run worth charting: up to the last one before the values exploded
     * (became non-finite, or grew {@link #DIVERGED_FACTOR} times their first value, or 1 if that is smaller).
     */
    static List<org.learnbench.optim.Checkpoint> untilDivergence(
            List<String> series, List<org.learnbench.optim.Checkpoint> checkpoints) {
        List<org.learnbench.optim.Checkpoint> kept = new ArrayList<>();
        Map<String, Double> start = new LinkedHashMap<>();
        for (org.learnbench.optim.Checkpoint c : checkpoints) {
            boolean sane = true;
            for (String m : series) {
                if (!c.metrics().containsKey(m)) {
                    continue;
                }
                double v = c.metric(m);
                double scale = Math.max(1, Math.abs(start.computeIfAbsent(m, k -> v)));
                sane &= Double.isFinite(v) && Math.abs(v) <= DIVERGED_FACTOR * scale;
            }
            if (!sane) {
                break;
            }
            kept.add(c);
        }
        return kept;
    }

    /** The caller has checked that the optimizer accepts the task's problem type. */
    @SuppressWarnings("unchecked")
    private static RunResult runLoop(
            Optimizer<?> optimizer,
            ProblemFactory<Problem> factory,
            RunSettings settings,
            List<RunListener> listeners) {
        return RunLoop.run((Optimizer<Problem>) optimizer, factory, settings, listeners);
    }

    /** The hash that identifies a run's settings (see {@link ConfigHash}). */
    public static String configHash(ExperimentConfig config) {
        return ConfigHash.of(config);
    }

    private Map<String, Object> manifest(
            ExperimentConfig config,
            long seed,
            int threads,
            Setup setup,
            RunResult result,
            Instant started,
            Instant finished) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", config.name());
        m.put("run", runName(seed));
        m.put("learnbench", Provenance.version());
        m.put("status", "complete");
        m.put("seed", seed);
        m.put("termination", result.termination().name());
        m.put("termination_detail", result.detail());
        m.put("config_file", config.source().toAbsolutePath().normalize().toString());
        m.put("config_hash", ConfigHash.of(config));
        m.put("config_hash_format", ConfigHash.FORMAT);
        m.put("config", config.resolved());
        m.put("started", started.toString());
        m.put("finished", finished.toString());
        Map<String, Object> clocks = new LinkedHashMap<>();
        clocks.put("iterations", result.clocks().iterations());
        clocks.put("sample_forward_passes", result.clocks().sampleForwardPasses());
        clocks.put("forward_samples", result.clocks().forwardSamples());
        clocks.put("backward_samples", result.clocks().backwardSamples());
        clocks.put("evaluations", result.clocks().evaluations());
        clocks.put("env_steps", result.clocks().envSteps());
        clocks.put("episodes", result.clocks().episodes());
        clocks.put("flops", result.clocks().flops());
        clocks.put("monitor_forward_samples", result.clocks().monitorForwardSamples());
        clocks.put("monitor_flops", result.clocks().monitorFlops());
        clocks.put("monitor_env_steps", result.clocks().monitorEnvSteps());
        clocks.put("wall_seconds", result.clocks().wallNanos() / 1e9);
        m.put("clocks", clocks);
        Map<String, Object> last = new LinkedHashMap<>();
        result.last().metrics().forEach((k, v) -> last.put(k, Double.isFinite(v) ? v : null));
        m.put("final_metrics", last);
        Map<String, Object> described = new LinkedHashMap<>();
        result.metrics().forEach(d -> described.put(d.name(), d.toMap()));
        result.statistics().forEach(d -> described.put(d.name(), d.toMap()));
        m.put("metrics", described);
        m.putAll(setup.describe());
        m.put("code", Provenance.code(config.source().toAbsolutePath().getParent()));
        m.put("machine", Provenance.machine(threads));
        m.put("dependencies", Provenance.dependencies());
        return m;
    }

    private static Map<String, Object> dataSection(TaskConfig task, PreparedData data) {
        DataReport r = data.report();
        Map<String, Object> d = new LinkedHashMap<>();
        if (task instanceof TaskConfig.Csv csv) {
            d.put("file", csv.dataset().getFileName().toString());
            d.put("sha256", CsvReader.sha256(csv.dataset()));
        } else if (task instanceof TaskConfig.Text text) {
            d.put("file", text.dataset().getFileName().toString());
            d.put("sha256", CsvReader.sha256(text.dataset()));
        } else {
            Map<String, Object> files = new LinkedHashMap<>();
            Mnist.FILES.forEach(f -> files.put(f, Mnist.SHA256.get(f)));
            d.put("files", files);
        }
        d.put("input_shape", data.inputShape().toString());
        d.put("kind", data.kind().name().toLowerCase(Locale.ROOT));
        d.put("rows_read", r.rowsRead());
        d.put("rows_kept", r.rowsKept());
        d.put("dropped_missing_target", r.droppedMissingTarget());
        d.put("dropped_missing_features", r.droppedMissingFeatures());
        d.put("numeric_columns", r.numericColumns());
        d.put("categorical_columns", r.categoricalColumns());
        d.put("features", data.featureCount());
        if (data.kind() == TaskKind.CLASSIFICATION) {
            d.put("classes", data.classLabels());
        }
        d.put("split_sizes", counts(r.splitSizes()));
        d.put("imputed_cells", counts(r.imputedCells()));
        d.put("unseen_categories", counts(r.unseenCategories()));
        return d;
    }

    /** The text preparation's report: documents, vocabulary, unknown tokens, cut documents. */
    private static Map<String, Object> textSection(TextReport r, PreparedData data) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("documents", counts(r.documents()));
        t.put("vocabulary_size", r.vocabularySize());
        t.put("input_ids", data.vocabulary());
        t.put("tokens", counts(r.tokens()));
        t.put("unknown_tokens", counts(r.unknownTokens()));
        t.put("test_unknown_rate", r.testUnknownRate());
        t.put("truncated_documents", counts(r.truncatedDocuments()));
        return t;
    }

    private static Map<String, Integer> counts(SplitCounts c) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("train", c.train());
        m.put("validation", c.validation());
        m.put("test", c.test());
        return m;
    }
}
