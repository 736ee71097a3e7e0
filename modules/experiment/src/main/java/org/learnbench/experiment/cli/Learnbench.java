package org.learnbench.experiment.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.learnbench.experiment.config.ConfigException;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.SeedList;
import org.learnbench.experiment.config.TaskConfig;
import org.learnbench.experiment.config.Threads;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.Provenance;
import org.learnbench.experiment.run.RunRecord;
import org.learnbench.tasks.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The learnbench command line: {@code run} an experiment, {@code validate} a config, run a {@code study}
 * (tasks x optimizers x seeds, resumable) and write its {@code report}, {@code verify} recorded runs. Exit code 0 on success, 2 for a mistake in the
 * command, the config or the data (one message, no stack trace), 1 for an internal error.
 */
@Command(
        name = "learnbench",
        mixinStandardHelpOptions = true,
        versionProvider = Learnbench.Version.class,
        description = "Compare how optimizers train the same networks on the same tasks.",
        subcommands = {
            Learnbench.Run.class,
            Learnbench.Validate.class,
            Learnbench.Study.class,
            Learnbench.Report.class,
            Learnbench.Verify.class,
            Learnbench.Worker.class,
            CommandLine.HelpCommand.class
        })
public final class Learnbench implements Callable<Integer> {

    /** Exit code for a user's mistake. */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Interrupts.install(System.err);
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Learnbench());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(PREFIX + usageMessage(e));
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
            // Our IllegalArgumentExceptions carry the offending values: a setting the config reader could not
            // check before the run (a target metric the run does not record, a budget too small to start).
            if (t instanceof ConfigException || t instanceof DataException || t instanceof IllegalArgumentException) {
                err.println(PREFIX + oneLine(t.getMessage()));
                return USAGE;
            }
            if (t instanceof java.nio.file.FileSystemException f) {
                // A path the user chose that cannot be read or written: their mistake or their machine's state.
                err.println(PREFIX + describe(f));
                return USAGE;
            }
            if (t instanceof IOException) {
                err.println(PREFIX + oneLine(String.valueOf(t.getMessage())));
                return 1;
            }
            err.println(PREFIX + "internal error (please report): " + e);
            e.printStackTrace(err);
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(PREFIX + "out of memory (" + e.getMessage() + "); give Java more with "
                    + "LEARNBENCH_JAVA_OPTS=-Xmx8g, or use a smaller setting");
            return 1;
        }
    }

    /** Every message starts with this, whichever command and whatever went wrong. */
    static final String PREFIX = "learnbench: ";

    /** A command-line mistake as one line: what was wrong and where the help is; a near command is suggested. */
    static String usageMessage(CommandLine.ParameterException e) {
        CommandLine where = e.getCommandLine();
        String name = where.getCommandSpec().qualifiedName();
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && where.getParent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            String typed = u.getUnmatched().get(0);
            String near = nearest(typed, where.getSubcommands().keySet());
            return "unknown command '" + typed + "'"
                    + (near == null ? "" : " (did you mean " + near + "?)") + "; the commands are "
                    + String.join(", ", where.getSubcommands().keySet()) + " (see learnbench --help)";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && !u.getSuggestions().isEmpty()) {
            return oneLine(e.getMessage()) + " (did you mean "
                    + u.getSuggestions().get(0) + "?)";
        }
        return oneLine(e.getMessage()) + " (see " + name + " --help)";
    }

    /** The name within two edits of {@code typed} (or that it abbreviates), or null. */
    static String nearest(String typed, java.util.Collection<String> names) {
        return org.learnbench.tasks.data.NearestName.of(typed, names).orElse(null);
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replace("\r", "").replace("\n", "; ");
    }

    /** A file-system failure as the user needs it: which path, and why, in words. */
    static String describe(java.nio.file.FileSystemException f) {
        String reason;
        if (f instanceof java.nio.file.AccessDeniedException) {
            reason = "permission denied";
        } else if (f instanceof java.nio.file.NoSuchFileException) {
            reason = "no such file or folder";
        } else if (f instanceof java.nio.file.FileAlreadyExistsException) {
            reason = "something is already there (a file where a folder should be?)";
        } else if (f instanceof java.nio.file.NotDirectoryException) {
            reason = "not a folder";
        } else if (f instanceof java.nio.file.DirectoryNotEmptyException) {
            reason = "the folder is not empty";
        } else {
            reason = f.getReason() == null ? f.getClass().getSimpleName() : f.getReason();
        }
        return "cannot use " + f.getFile() + (f.getOtherFile() == null ? "" : " (or " + f.getOtherFile() + ")") + ": "
                + reason;
    }

    /**
     * The results root a command writes below: a folder, or a path where one can be made. A file in the way,
     * or a path below a file, is refused before anything runs.
     */
    static Path resultsRoot(Path results) {
        Path p = results.toAbsolutePath().normalize();
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new IllegalArgumentException("--results " + results + ": not a folder (a file is there)");
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IllegalArgumentException(
                    "--results " + results + ": " + existing + " is a file, so no folder can be made below it");
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw new IllegalArgumentException("--results " + results + ": " + existing + " is not writable");
        }
        // Normalised, so that no folder named on the way (r2 in r2/../r3) is ever made.
        Path normal = results.normalize();
        return normal.toString().isEmpty() ? Path.of(".") : normal;
    }

    /** `learnbench run`. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Run an experiment config and write its results.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (YAML)")
        Path config;

        @Option(
                names = {"-s", "--seed"},
                paramLabel = "SEEDS",
                description = "run only these seeds, e.g. 3 or 1,2,5 or 1..10 (default: the config's seeds)")
        String seeds;

        @CommandLine.Mixin
        ResultsOption resultsOption;

        @Option(
                names = {"-t", "--threads"},
                paramLabel = "N",
                description = "threads for one run's arithmetic, a number or auto (default: the config's;"
                        + " never changes results)")
        String threads;

        @Option(
                names = {"-q", "--quiet"},
                description = "print only the summary")
        boolean quiet;

        @Option(
                names = "--overwrite",
                description = "replace finished runs of these seeds (by default they are kept and nothing runs)")
        boolean overwrite;

        @Option(
                names = "--cluster",
                paramLabel = "FILE",
                description = "score a population method's candidates on the workers of this cluster file (see:"
                        + " learnbench worker); same results as on local threads")
        Path cluster;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            Integer given = threads == null ? null : option(spec, "--threads", () -> Threads.parse(threads));
            List<Long> picked = seeds == null ? null : option(spec, "--seed", () -> SeedList.parse(seeds));
            Path results = resultsRoot(resultsOption.results);
            ExperimentConfig c = ConfigReader.read(config);
            List<Long> chosen = picked == null ? c.seeds() : picked;
            int t = Threads.resolve(given == null ? c.threads() : given, 1);
            org.learnbench.experiment.study.ClusterEngine.Populations populations = cluster == null
                    ? null
                    : org.learnbench.experiment.study.ClusterEngine.require()
                            .populations(cluster, spec.commandLine().getErr());
            try {
                return run(c, chosen, t, results, populations);
            } finally {
                if (populations != null) {
                    populations.close();
                }
            }
        }

        private Integer run(
                ExperimentConfig c,
                List<Long> chosen,
                int t,
                Path results,
                org.learnbench.experiment.study.ClusterEngine.Populations populations)
                throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            ExperimentRunner runner = new ExperimentRunner(results, populations);
            List<String> kept = new java.util.ArrayList<>();
            for (long seed : chosen) {
                Path folder = runner.runFolder(c, seed);
                if (Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw new IllegalArgumentException(
                                folder + ": a file stands where the run's folder goes; move it away");
                    }
                    if (!overwrite) {
                        kept.add(folder.toString());
                    }
                }
            }
            if (!kept.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", kept) + (kept.size() == 1 ? " holds" : " hold")
                        + " an earlier result, kept: run again with --overwrite to replace "
                        + (kept.size() == 1 ? "it" : "them") + ", or choose other --seed or --results");
            }
            // Everything short of training, before any folder is made.
            for (String w : runner.check(c, chosen.get(0)).warnings()) {
                spec.commandLine().getErr().println(PREFIX + "warning: " + w);
            }
            Path experimentFolder = runner.runFolder(c, chosen.get(0)).getParent();
            out.printf(
                    Locale.ROOT,
                    "%s: %s, %d seed(s), results in %s%n",
                    c.name(),
                    c.optimizer().name(),
                    chosen.size(),
                    experimentFolder);
            List<RunRecord> records = new java.util.ArrayList<>();
            Interrupts.Progress progress = Interrupts.begin(
                    "run",
                    "learnbench run " + config + " --results " + resultsOption.results + " --seed ",
                    chosen.stream().map(s -> "seed " + s).toList());
            try {
                for (long seed : chosen) {
                    String prefix = chosen.size() > 1 ? "[seed " + seed + "] " : "  ";
                    List<org.learnbench.optim.RunListener> listeners = quiet
                            ? List.of()
                            : List.of(new ProgressPrinter(
                                    out, prefix, c.optimizer().iterationName(), c.budget()));
                    RunRecord record = runner.run(c, seed, t, listeners);
                    progress.finished("seed " + seed, Long.toString(seed));
                    records.add(record);
                    summarise(out, c, record);
                }
            } finally {
                Interrupts.end();
            }
            if (records.size() > 1) {
                for (String line : acrossSeeds(records)) {
                    out.println(line);
                }
            }
            out.println("results in " + experimentFolder);
            return 0;
        }

        private static void summarise(java.io.PrintWriter out, ExperimentConfig c, RunRecord r) {
            out.printf(
                    Locale.ROOT,
                    "%s seed %d: %s after %d %ss, %s sample-forward-passes, %s evaluations, %s%n",
                    c.name(),
                    r.seed(),
                    r.result().termination(),
                    r.result().clocks().iterations(),
                    c.optimizer().iterationName(),
                    ProgressPrinter.compact(r.result().clocks().sampleForwardPasses()),
                    ProgressPrinter.compact(r.result().clocks().evaluations()),
                    org.learnbench.optim.Durations.format(r.result().clocks().wallNanos()));
            out.println("  " + r.result().detail());
            out.println(" " + headline(r.result()));
            for (String section : List.of("forecast", "trading")) {
                if (r.manifest().get(section) instanceof Map<?, ?> m && m.get("verdict") != null) {
                    out.println("  " + m.get("verdict"));
                }
            }
            boolean chart = Files.exists(r.directory().resolve("convergence.png"));
            // Whatever else the run's task wrote beside them (pictures, confusion counts).
            List<String> pictures;
            try (java.util.stream.Stream<Path> files = Files.list(r.directory())) {
                pictures = files.map(f -> f.getFileName().toString())
                        .filter(f -> !List.of("metrics.csv", "manifest.json", "convergence.png")
                                .contains(f))
                        .sorted()
                        .toList();
            } catch (java.io.IOException e) {
                pictures = List.of();
            }
            out.println("  wrote " + r.directory() + "/ (metrics.csv, manifest.json"
                    + (chart ? ", convergence.png" : "; no finite values to chart")
                    + (pictures.isEmpty() ? "" : ", " + String.join(", ", pictures))
                    + ")");
        }
    }

    /**
     * The headline metrics over the seeds of a multi-seed run: median and range, one line per metric, e.g.
     * {@code test_accuracy: median 0.9722, range 0.9630 .. 0.9815 over 3 seeds}.
     */
    static List<String> acrossSeeds(List<RunRecord> records) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("across " + records.size() + " seeds:");
        for (org.learnbench.optim.Metric m : records.get(0).result().metrics()) {
            if (!shown(m)) {
                continue;
            }
            double[] v = records.stream()
                    .mapToDouble(r -> r.result().last().metrics().getOrDefault(m.name(), Double.NaN))
                    .filter(Double::isFinite)
                    .sorted()
                    .toArray();
            if (v.length == 0) {
                continue;
            }
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            lines.add(String.format(
                    Locale.ROOT,
                    "  %s: median %.4g, range %.4g .. %.4g%s",
                    m.name(),
                    median,
                    v[0],
                    v[v.length - 1],
                    v.length < records.size() ? " (" + v.length + " finite)" : ""));
        }
        return lines;
    }

    /** `learnbench study`. */
    @Command(
            name = "study",
            mixinStandardHelpOptions = true,
            description = "Run a study (tasks x optimizers x seeds); finished runs are kept, so a re-run resumes.")
    static final class Study implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "STUDY", description = "study file (YAML)")
        Path config;

        @CommandLine.Mixin
        ResultsOption resultsOption;

        @Option(
                names = {"-p", "--parallel"},
                paramLabel = "N",
                description = "runs at once (default: the study's)")
        Integer parallel;

        @Option(names = "--dry-run", description = "list the runs and whether each is already done; run nothing")
        boolean dryRun;

        @Option(
                names = "--cluster",
                paramLabel = "FILE",
                description = "run on the workers of this cluster file (see: learnbench worker); results are"
                        + " written here, as by a local study")
        Path cluster;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (parallel != null && parallel < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--parallel: expected a whole number >= 1, got " + parallel);
            }
            if (cluster != null && parallel != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--parallel and --cluster: on a cluster the cluster file's runs_per_member says how many"
                                + " runs go at once");
            }
            Path results = resultsRoot(resultsOption.results);
            org.learnbench.experiment.study.StudyConfig study =
                    org.learnbench.experiment.study.StudyReader.read(config);
            int p = parallel == null ? study.parallel() : parallel;
            org.learnbench.experiment.study.ClusterEngine engine =
                    cluster == null || dryRun ? null : org.learnbench.experiment.study.ClusterEngine.require();
            org.learnbench.experiment.study.StudyRunner check = new org.learnbench.experiment.study.StudyRunner(
                    results, new org.learnbench.experiment.study.LocalExecutor(p));
            // Everything short of training, once per task and setting, before any folder is made or member joined.
            for (String w : check.check(study)) {
                spec.commandLine().getErr().println(PREFIX + "warning: " + w);
            }
            if (engine == null) {
                return runStudy(study, results, check, p, out);
            }
            try (org.learnbench.experiment.study.ClusterEngine.Coordinator coordinator =
                    engine.coordinate(cluster, spec.commandLine().getErr())) {
                return runStudy(
                        study,
                        results,
                        new org.learnbench.experiment.study.StudyRunner(results, coordinator),
                        coordinator.parallelism(),
                        out);
            }
        }

        private int runStudy(
                org.learnbench.experiment.study.StudyConfig study,
                Path results,
                org.learnbench.experiment.study.StudyRunner runner,
                int p,
                java.io.PrintWriter out)
                throws Exception {
            org.learnbench.experiment.study.StudyConfig known = runner.withSelectedRuns(study);
            int awaiting = 0;
            for (org.learnbench.experiment.study.TuningPlan plan : study.plans()) {
                if (known.evaluationRuns().stream()
                        .noneMatch(r ->
                                r.task().equals(plan.task()) && r.optimizer().equals(plan.optimizer()))) {
                    awaiting += plan.evaluation()
                            .apply(plan.trials().get(0).values())
                            .size();
                }
            }
            String later = awaiting == 0
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            " (and %d evaluation runs of settings the trials have not selected yet)",
                            awaiting);
            if (dryRun) {
                int done = 0;
                for (org.learnbench.experiment.study.StudyRun r : known.runs()) {
                    boolean complete = runner.complete(study, r);
                    done += complete ? 1 : 0;
                    out.printf(Locale.ROOT, "%-8s %s  (%s)%n", complete ? "done" : "pending", r.label(), r.folder());
                }
                out.printf(
                        Locale.ROOT,
                        "%s: %d runs, %d done, %d to run%s, %d at once, in %s%n",
                        study.name(),
                        known.runs().size(),
                        done,
                        known.runs().size() - done,
                        later,
                        p,
                        runner.folder(study));
                return 0;
            }
            out.printf(
                    Locale.ROOT,
                    "%s: %d runs (%d tasks x %d optimizer settings x seeds%s)%s, %d at once%s, results in %s%n",
                    study.name(),
                    known.runs().size(),
                    study.tasks().size(),
                    study.optimizers().size(),
                    study.tuning() == null ? "" : ", " + known.trialRuns().size() + " of them tuning trials",
                    later,
                    p,
                    cluster == null ? "" : " on the cluster",
                    runner.folder(study));
            Interrupts.Progress progress = Interrupts.begin(
                    "study",
                    "learnbench study " + config + " --results " + resultsOption.results
                            + (cluster == null ? "" : " --cluster " + cluster),
                    known.runs().stream()
                            .filter(r -> !runner.complete(study, r))
                            .map(org.learnbench.experiment.study.StudyRun::label)
                            .toList());
            org.learnbench.experiment.study.StudyRunner.Summary summary;
            try {
                summary = runner.run(
                        study,
                        new org.learnbench.experiment.study.StudyRunner.Listener() {
                            @Override
                            public void onFinished(
                                    org.learnbench.experiment.study.StudyRun run,
                                    RunRecord record,
                                    Exception failure,
                                    int done,
                                    int total,
                                    long elapsed) {
                                onFinished(run, record, failure, done, total, elapsed, (double) done / total);
                            }

                            @Override
                            public void onFinished(
                                    org.learnbench.experiment.study.StudyRun run,
                                    RunRecord record,
                                    Exception failure,
                                    int done,
                                    int total,
                                    long elapsed,
                                    double fraction) {
                                String eta = "[" + done + "/" + total
                                        + (done < total && fraction > 0
                                                ? ", ETA "
                                                        + org.learnbench.optim.Durations.format(
                                                                (long) (elapsed * (1 - fraction) / fraction))
                                                : "")
                                        + "] ";
                                if (failure != null) {
                                    out.printf(
                                            Locale.ROOT,
                                            "%s%s: FAILED: %s%n",
                                            eta,
                                            run.label(),
                                            oneLine(failure.getMessage()));
                                    return;
                                }
                                progress.finished(run.label(), null);
                                out.println(studyLine(eta, run.label(), record.result()));
                            }
                        },
                        (plan, result) -> out.println(selectionLine(plan, result)));
            } finally {
                Interrupts.end();
            }
            out.printf(
                    Locale.ROOT,
                    "%s: %d runs, %d already done, %d run now, %d failed; index %s%n",
                    study.name(),
                    summary.total(),
                    summary.skipped(),
                    summary.ran(),
                    summary.failures().size(),
                    summary.index());
            if (!summary.failures().isEmpty()) {
                return 1;
            }
            writeReport(runner.folder(study), out);
            return 0;
        }
    }

    /** "selected digits / backprop: trial 3 of 8 (learning_rate=0.0067), validation_accuracy 0.9444". */
    static String selectionLine(
            org.learnbench.experiment.study.TuningPlan plan,
            org.learnbench.experiment.tuning.TrialSelection.Result result) {
        if (result.selected() == 0) {
            return "no setting selected for " + plan.task() + " / " + plan.optimizer() + ": no trial recorded "
                    + plan.metric();
        }
        var trial = plan.trials().get(result.selected() - 1);
        return String.format(
                Locale.ROOT,
                "selected %s / %s: trial %d of %d (%s), %s %.4g",
                plan.task(),
                plan.optimizer(),
                trial.index(),
                plan.trials().size(),
                String.join(
                        ", ",
                        trial.values().entrySet().stream()
                                .map(e -> e.getKey() + "="
                                        + org.learnbench.report.document.StudyAnalysis.shortValue(e.getValue()))
                                .toList()),
                plan.metric(),
                result.scores().get(result.selected() - 1).score());
    }

    /** The results folder option, shared by the commands that write runs. */
    static final class ResultsOption {
        @Option(
                names = "--results",
                paramLabel = "DIR",
                defaultValue = "results",
                description = "results folder (default: ${DEFAULT-VALUE})")
        Path results;
    }

    /** A command-line value parsed by the config's own grammar: its message becomes a usage error. */
    static <T> T option(CommandLine.Model.CommandSpec spec, String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), name + ": " + e.getMessage());
        }
    }

    /**
     * The metrics a summary line shows, chosen by what the task says they are: its test metrics, or for
     * tasks without splits the ones with a direction (evaluation returns, the solved flag, the fitness).
     */
    static String headline(org.learnbench.optim.RunResult result) {
        StringBuilder s = new StringBuilder();
        Map<String, Double> last = result.last().metrics();
        for (org.learnbench.optim.Metric m : result.metrics()) {
            if (shown(m) && last.containsKey(m.name()) && !Double.isNaN(last.get(m.name()))) {
                s.append(String.format(Locale.ROOT, " %s %.4g", m.name(), last.get(m.name())));
            }
        }
        return s.toString();
    }

    /**
     * A study's line for a finished run, within {@link ProgressPrinter#WIDTH} columns where the label
     * allows: the progress, the run, its termination when it was not the budget, as many headline metrics
     * as fit, and its time.
     */
    static String studyLine(String progress, String label, org.learnbench.optim.RunResult result) {
        StringBuilder s = new StringBuilder(progress).append(label).append(':');
        if (result.termination() != org.learnbench.optim.Termination.BUDGET_EXHAUSTED) {
            s.append(' ').append(result.termination());
        }
        String time =
                " (" + org.learnbench.optim.Durations.format(result.clocks().wallNanos()) + ")";
        for (String metric : headline(result).strip().split(" (?=[a-z])")) {
            if (!metric.isEmpty() && s.length() + 1 + metric.length() + time.length() <= ProgressPrinter.WIDTH) {
                s.append(' ').append(metric);
            }
        }
        return s.append(time).toString();
    }

    /** True for a metric a summary shows: a test metric, or for tasks without splits one with a direction. */
    static boolean shown(org.learnbench.optim.Metric m) {
        return m.split() == org.learnbench.optim.Metric.Split.TEST
                || (m.split() == org.learnbench.optim.Metric.Split.NONE
                        && m.direction() != org.learnbench.optim.Metric.Direction.NONE);
    }

    /** Writes a study's report from its results folder and says where it is. */
    private static void writeReport(Path studyFolder, java.io.PrintWriter out) throws IOException {
        if (!Files.isDirectory(studyFolder)) {
            throw new IllegalArgumentException(studyFolder + ": no such folder");
        }
        if (!Files.isRegularFile(studyFolder.resolve("study.json"))) {
            if (org.learnbench.report.document.ExperimentReport.isExperimentFolder(studyFolder)) {
                // An experiment's folder of seeds: the summary over its seeds.
                Path md = org.learnbench.report.document.ExperimentReport.write(studyFolder);
                out.printf(Locale.ROOT, "report: %s, %s%n", md, md.resolveSibling("report.html"));
                return;
            }
            throw new IllegalArgumentException(studyFolder
                    + ": not a study's results folder (no study.json) nor an experiment's (no seed-<n>/manifest.json)");
        }
        out.println("writing the report...");
        out.flush();
        org.learnbench.report.document.StudyReport.Written report = org.learnbench.report.document.StudyReport.write(
                org.learnbench.report.document.StudyResults.load(studyFolder));
        out.printf(
                Locale.ROOT,
                "report: %s, %s (%d chart files)%n",
                report.markdown(),
                report.html(),
                report.charts().size());
    }

    /** `learnbench worker`. */
    @Command(
            name = "worker",
            mixinStandardHelpOptions = true,
            description = "Start a cluster member on this machine that takes study runs until it is stopped (Ctrl-C).")
    static final class Worker implements Callable<Integer> {
        @Option(names = "--cluster", required = true, paramLabel = "FILE", description = "the cluster file (YAML)")
        Path cluster;

        @Option(
                names = "--address",
                paramLabel = "HOST:PORT",
                description =
                        "which of the file's members this is (default: the first that is this machine's" + " and free)")
        String address;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            org.learnbench.experiment.study.ClusterEngine.require()
                    .work(cluster, address, spec.commandLine().getErr());
            return 0;
        }
    }

    /** `learnbench report`. */
    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description =
                    "Write report.md, report.html and charts for a study's results, or a summary over the seeds of an"
                            + " experiment's folder (reads only the results store).")
    static final class Report implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "RESULTS",
                description = "a study's results folder, e.g. results/quick-compare")
        Path folder;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            writeReport(folder, spec.commandLine().getOut());
            return 0;
        }
    }

    /** `learnbench verify`. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Re-run finished runs from their manifests and check that the learning metrics are identical.")
    static final class Verify implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "RESULTS",
                description = "a study's or experiment's results folder, or one run")
        Path folder;

        @Option(names = "--all", description = "re-run every run (default: a sample)")
        boolean all;

        @Option(
                names = "--sample",
                paramLabel = "N",
                defaultValue = "3",
                description = "runs to re-run (default: ${DEFAULT-VALUE})")
        int sample;

        @Option(
                names = {"-t", "--threads"},
                paramLabel = "N",
                defaultValue = "auto",
                description = "threads for each re-run, a number or auto (default: ${DEFAULT-VALUE});"
                        + " results must not depend on it")
        String threads;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (sample < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--sample: expected a whole number >= 1, got " + sample);
            }
            int threads = Threads.resolve(option(spec, "--threads", () -> Threads.parse(this.threads)), 1);
            if (!java.nio.file.Files.isDirectory(folder)) {
                throw new IllegalArgumentException(folder + ": no such folder");
            }
            List<Path> runs;
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(folder)) {
                runs = files.filter(f -> f.getFileName().toString().equals("manifest.json"))
                        .map(Path::getParent)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted()
                        .toList();
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException(folder + ": no finished runs (no manifest.json)");
            }
            List<Path> chosen = new java.util.ArrayList<>();
            if (all || sample >= runs.size()) {
                chosen.addAll(runs);
            } else {
                // Evenly spread over the sorted runs, so every task and optimizer tends to be sampled.
                for (int i = 0; i < sample; i++) {
                    chosen.add(runs.get((int) ((long) i * runs.size() / sample)));
                }
            }
            int different = 0;
            Path scratch = java.nio.file.Files.createTempDirectory("learnbench-verify-");
            try {
                for (int i = 0; i < chosen.size(); i++) {
                    org.learnbench.experiment.run.Replay.Outcome o = org.learnbench.experiment.run.Replay.verify(
                            chosen.get(i), threads, scratch.resolve("r" + i));
                    if (o.identical()) {
                        out.printf(
                                Locale.ROOT,
                                "IDENTICAL  %s (seed %d, re-run on %d threads)%n",
                                o.run(),
                                o.seed(),
                                threads);
                    } else {
                        different++;
                        out.printf(
                                Locale.ROOT,
                                "DIFFERENT  %s (seed %d): %s%n",
                                o.run(),
                                o.seed(),
                                String.join(
                                        "; ",
                                        o.differences()
                                                .subList(
                                                        0,
                                                        Math.min(
                                                                3,
                                                                o.differences().size()))));
                    }
                }
            } finally {
                org.learnbench.experiment.run.RunDirectory.deleteRecursively(scratch);
            }
            out.printf(Locale.ROOT, "%d of %d re-run runs identical%n", chosen.size() - different, chosen.size());
            return different == 0 ? 0 : 1;
        }
    }

    /** `learnbench validate`. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Check an experiment config or a study without running it: read the data, check"
                    + " columns, classes, splits and the network's size against memory.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (YAML)")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (isStudy(config)) {
                org.learnbench.experiment.study.StudyConfig study =
                        org.learnbench.experiment.study.StudyReader.read(config);
                org.learnbench.experiment.study.StudyRunner runner = new org.learnbench.experiment.study.StudyRunner(
                        Path.of("results"), new org.learnbench.experiment.study.LocalExecutor(1));
                for (String w : runner.check(study)) {
                    spec.commandLine().getErr().println(PREFIX + "warning: " + w);
                }
                out.printf(
                        Locale.ROOT,
                        "%s: valid study (%d runs: %d tasks x %d optimizer settings x seeds%s)%n",
                        config,
                        study.runs().size(),
                        study.tasks().size(),
                        study.optimizers().size(),
                        study.tuning() == null
                                ? ""
                                : "; " + study.trialRuns().size() + " tuning trials, "
                                        + study.plans().size() + " tuned entries whose evaluation runs follow them");
                return 0;
            }
            ExperimentConfig c = ConfigReader.read(config);
            org.learnbench.experiment.run.PreFlight.Report report =
                    new ExperimentRunner(Path.of("results")).check(c, c.seeds().get(0));
            for (String w : report.warnings()) {
                spec.commandLine().getErr().println(PREFIX + "warning: " + w);
            }
            out.printf(
                    Locale.ROOT,
                    "%s: valid (%s on %s, seeds %s, config hash %s)%n",
                    config,
                    c.optimizer().name(),
                    c.task() instanceof TaskConfig.Csv csv
                            ? csv.dataset().getFileName()
                            : c.task() instanceof TaskConfig.Text text
                                    ? text.dataset().getFileName()
                                    : c.task().type(),
                    c.seeds().size() > 10
                            ? c.seeds().size() + " seeds from " + c.seeds().get(0)
                            : c.seeds().toString(),
                    ConfigHash.of(c).substring(0, 12));
            out.printf(
                    Locale.ROOT,
                    "  %s%s, about %s of memory per run%n",
                    report.parameters() > 0 ? report.parameters() + " parameters" : "no network",
                    report.trainRows() >= 0 ? ", " + report.trainRows() + " training rows" : "",
                    org.learnbench.experiment.run.PreFlight.bytes(report.estimatedBytes()));
            return 0;
        }
    }

    /** True for a study file (its top level has tasks: or study:), which validate checks as a study. */
    static boolean isStudy(Path file) {
        org.learnbench.experiment.config.ConfigNode root = org.learnbench.experiment.config.ConfigNode.load(file);
        return root.keys().contains("tasks") || root.keys().contains("study");
    }

    /** Reports the learnbench version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String commit = "commit unknown";
            try {
                Path code = Path.of(Learnbench.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                Map<String, Object> c = Provenance.code(Files.isDirectory(code) ? code : code.getParent());
                String sha = String.valueOf(c.get("commit"));
                if (!sha.equals("unknown")) {
                    commit = "commit " + sha.substring(0, Math.min(12, sha.length()))
                            + (Boolean.TRUE.equals(c.get("dirty")) ? " with uncommitted changes" : "");
                }
            } catch (java.net.URISyntaxException | RuntimeException e) {
                // the version alone then
            }
            return new String[] {
                "learnbench " + Provenance.version() + ", " + commit + " (Java " + System.getProperty("java.version")
                        + ")"
            };
        }
    }
}
