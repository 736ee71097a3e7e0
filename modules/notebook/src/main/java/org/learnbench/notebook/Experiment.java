package org.learnbench.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.RunRecord;
import org.learnbench.optim.Checkpoint;
import org.learnbench.report.document.StudyAnalysis;
import org.learnbench.report.document.Table;

/**
 * An experiment config run from a notebook exactly as {@code learnbench run} runs it: every seed into
 * {@code results/<name>/seed-<seed>} with its metrics.csv and manifest.json, here without progress
 * output. The finished runs stay in memory for charts and tables.
 */
public final class Experiment {
    private final ExperimentConfig config;
    private final Path folder;
    private final List<RunRecord> runs;

    private Experiment(ExperimentConfig config, Path folder, List<RunRecord> runs) {
        this.config = config;
        this.folder = folder;
        this.runs = List.copyOf(runs);
    }

    /** Runs every seed the config lists, with the config's thread count; paths resolve by {@link Workspace}. */
    public static Experiment run(String configFile) {
        ExperimentConfig config = ConfigReader.read(Workspace.resolve(configFile));
        return run(config, config.seeds().stream().mapToLong(Long::longValue).toArray());
    }

    /** Runs the given seeds of the config. */
    public static Experiment run(String configFile, long... seeds) {
        return run(ConfigReader.read(Workspace.resolve(configFile)), seeds);
    }

    private static Experiment run(ExperimentConfig config, long[] seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException(config.name() + ": no seeds to run");
        }
        ExperimentRunner runner = new ExperimentRunner(Workspace.results());
        List<RunRecord> runs = new ArrayList<>();
        try {
            for (long seed : seeds) {
                runs.add(runner.run(
                        config,
                        seed,
                        org.learnbench.experiment.config.Threads.resolve(config.threads(), 1),
                        List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(config.name() + ": could not write results", e);
        }
        return new Experiment(config, Workspace.results().resolve(config.name()), runs);
    }

    public String name() {
        return config.name();
    }

    /** The resolved config the runs used. */
    public ExperimentConfig config() {
        return config;
    }

    /** {@code results/<name>}, holding one folder per seed. */
    public Path folder() {
        return folder;
    }

    /** One record per seed, in the order run. */
    public List<RunRecord> runs() {
        return runs;
    }

    /** The checkpoints of the first seed's run. */
    public List<Checkpoint> checkpoints() {
        return runs.get(0).result().checkpoints();
    }

    /**
     * One row per seed: termination, iterations, sample-forward-passes, wall seconds and every metric of
     * the final checkpoint.
     */
    public Table summary() {
        List<String> metrics =
                new ArrayList<>(runs.get(0).result().last().metrics().keySet());
        List<String> header = new ArrayList<>(List.of(
                "seed", "termination", config.optimizer().iterationName() + "s", "sample-forward-passes", "wall s"));
        header.addAll(metrics);
        List<List<String>> rows = new ArrayList<>();
        for (RunRecord r : runs) {
            Map<String, Double> last = r.result().last().metrics();
            List<String> row = new ArrayList<>(List.of(
                    Long.toString(r.seed()),
                    r.result().termination().toString(),
                    Long.toString(r.result().clocks().iterations()),
                    StudyAnalysis.compact(r.result().clocks().sampleForwardPasses()),
                    String.format(Locale.ROOT, "%.1f", r.result().clocks().wallNanos() / 1e9)));
            for (String m : metrics) {
                row.add(StudyAnalysis.number(last.getOrDefault(m, Double.NaN)));
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    @Override
    public String toString() {
        return name() + ": " + runs.size() + " run(s) in " + folder + "\n" + summary();
    }
}
