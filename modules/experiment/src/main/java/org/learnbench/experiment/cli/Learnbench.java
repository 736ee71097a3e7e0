package org.learnbench.experiment.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
            Learnbench.Verify.class
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
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Learnbench());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("learnbench: " + e.getMessage());
            err.println("Try 'learnbench --help'.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            // Our IllegalArgumentExceptions carry the offending values: a setting the config reader could not
            // check before the run (a target metric the run does not record, a budget too small to start).
            if (e instanceof ConfigException || e instanceof DataException || e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof UncheckedIOException || e instanceof IOException) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            err.println("internal error (please report): " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cli.execute(args);
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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            java.io.PrintWriter out = spec.commandLine().getOut();
            Integer given = threads == null ? null : option(spec, "--threads", () -> Threads.parse(threads));
            List<Long> picked = seeds == null ? null : option(spec, "--seed", () -> SeedList.parse(seeds));
            ExperimentConfig c = ConfigReader.read(config);
            List<Long> chosen = picked == null ? c.seeds() : picked;
            int t = Threads.resolve(given == null ? c.threads() : given, 1);
            ExperimentRunner runner = new ExperimentRunner(resultsOption.results);
            out.printf(
                    Locale.ROOT,
                    "%s: %s, %d seed(s), results in %s%n",
                    c.name(),
                    c.optimizer().name(),
                    chosen.size(),
                    resultsOption.results.resolve(c.name()));
            for (long seed : chosen) {
                String prefix = chosen.size() > 1 ? "[seed " + seed + "] " : "  ";
                List<org.learnbench.optim.RunListener> listeners = quiet
                        ? List.of()
                        : List.of(new ProgressPrinter(
                                out,
                                prefix,
                                c.optimizer().iterationName(),
                                c.budget().maxIterations()));
                RunRecord record = runner.run(c, seed, t, listeners);
                summarise(out, c, record);
            }
            return 0;
        }

        private static void summarise(java.io.PrintWriter out, ExperimentConfig c, RunRecord r) {
            out.printf(
                    Locale.ROOT,
                    "%s seed %d: %s after %d %ss, %s sample-forward-passes, %s evaluations, %.1f s (%s)%n",
                    c.name(),
                    r.seed(),
                    r.result().termination(),
                    r.result().clocks().iterations(),
                    c.optimizer().iterationName(),
                    ProgressPrinter.compact(r.result().clocks().sampleForwardPasses()),
                    ProgressPrinter.compact(r.result().clocks().evaluations()),
                    r.result().clocks().wallNanos() / 1e9,
                    r.result().detail());
            out.println(" " + headline(r.result()));
            boolean chart = java.nio.file.Files.exists(r.directory().resolve("convergence.png"));
            out.println("  wrote " + r.directory().resolve("metrics.csv") + ", manifest.json"
                    + (chart ? ", convergence.png" : " (no finite values to chart)"));
        }
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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (parallel != null && parallel < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--parallel must be >= 1, got " + parallel);
            }
            org.learnbench.experiment.study.StudyConfig study =
                    org.learnbench.experiment.study.StudyReader.read(config);
            int p = parallel == null ? study.parallel() : parallel;
            org.learnbench.experiment.study.StudyRunner runner = new org.learnbench.experiment.study.StudyRunner(
                    resultsOption.results, new org.learnbench.experiment.study.LocalExecutor(p));
            if (dryRun) {
                int done = 0;
                for (org.learnbench.experiment.study.StudyRun r : study.runs()) {
                    boolean complete = runner.complete(study, r);
                    done += complete ? 1 : 0;
                    out.printf(Locale.ROOT, "%-8s %s  (%s)%n", complete ? "done" : "pending", r.label(), r.folder());
                }
                out.printf(
                        Locale.ROOT,
                        "%s: %d runs, %d done, %d to run, %d at once, in %s%n",
                        study.name(),
                        study.runs().size(),
                        done,
                        study.runs().size() - done,
                        p,
                        runner.folder(study));
                return 0;
            }
            out.printf(
                    Locale.ROOT,
                    "%s: %d runs (%d tasks x %d optimizer settings x seeds), %d at once, results in %s%n",
                    study.name(),
                    study.runs().size(),
                    study.tasks().size(),
                    study.optimizers().size(),
                    p,
                    runner.folder(study));
            org.learnbench.experiment.study.StudyRunner.Summary summary =
                    runner.run(study, (run, record, failure, done, total, elapsed) -> {
                        String eta = bar(done, total) + " " + done + "/" + total + ", ETA "
                                + org.learnbench.experiment.study.StudyRunner.duration(elapsed / done * (total - done));
                        if (failure != null) {
                            out.printf(Locale.ROOT, "%s: FAILED: %s  %s%n", run.label(), failure.getMessage(), eta);
                            return;
                        }
                        String metrics = headline(record.result());
                        out.printf(
                                Locale.ROOT,
                                "%s: %s%s (%.1f s)  %s%n",
                                run.label(),
                                record.result().termination(),
                                metrics,
                                record.result().clocks().wallNanos() / 1e9,
                                eta);
                    });
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
            boolean shown = m.split() == org.learnbench.optim.Metric.Split.TEST
                    || (m.split() == org.learnbench.optim.Metric.Split.NONE
                            && m.direction() != org.learnbench.optim.Metric.Direction.NONE);
            if (shown && last.containsKey(m.name())) {
                s.append(String.format(Locale.ROOT, " %s %.4g", m.name(), last.get(m.name())));
            }
        }
        return s.toString();
    }

    /** A 20-character progress bar, e.g. "[#######.............]". */
    static String bar(int done, int total) {
        int filled = total == 0 ? 20 : (int) Math.round(20.0 * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    /** Writes a study's report from its results folder and says where it is. */
    private static void writeReport(Path studyFolder, java.io.PrintWriter out) throws IOException {
        org.learnbench.report.document.StudyReport.Written report = org.learnbench.report.document.StudyReport.write(
                org.learnbench.report.document.StudyResults.load(studyFolder));
        out.printf(
                Locale.ROOT,
                "report: %s, %s (%d chart files)%n",
                report.markdown(),
                report.html(),
                report.charts().size());
    }

    /** `learnbench report`. */
    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description =
                    "Write report.md, report.html and charts for a study's results (reads only the results store).")
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
                throw new CommandLine.ParameterException(spec.commandLine(), "--sample must be >= 1");
            }
            int threads = Threads.resolve(option(spec, "--threads", () -> Threads.parse(this.threads)), 1);
            if (!java.nio.file.Files.isDirectory(folder)) {
                throw new CommandLine.ParameterException(spec.commandLine(), folder + ": no such folder");
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
                throw new CommandLine.ParameterException(
                        spec.commandLine(), folder + ": no finished runs (no manifest.json)");
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
            description = "Check an experiment config without running it.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (YAML)")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ExperimentConfig c = ConfigReader.read(config);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%s: valid (%s on %s, seeds %s, config hash %s)%n",
                            config,
                            c.optimizer().name(),
                            c.task() instanceof TaskConfig.Csv csv
                                    ? csv.dataset().getFileName()
                                    : c.task().type(),
                            c.seeds(),
                            ConfigHash.of(c).substring(0, 12));
            return 0;
        }
    }

    /** Reports the learnbench version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "learnbench " + Provenance.version() + " (Java " + System.getProperty("java.version") + ")"
            };
        }
    }
}
