package org.learnbench.experiment.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.LegacyConfig;

/**
 * Re-runs a recorded run from its manifest alone and compares the learning columns of the two
 * metrics.csv files: the check behind {@code learnbench verify}. The manifest's resolved config is read
 * back through the same setting declarations as any config file, so a replayed run is configured exactly
 * as the original.
 */
public final class Replay {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Replay() {}

    /** The outcome of replaying one run: where it came from and the rows whose learning columns differ. */
    public record Outcome(Path run, long seed, List<String> differences) {
        public Outcome {
            differences = List.copyOf(differences);
        }

        public boolean identical() {
            return differences.isEmpty();
        }
    }

    /**
     * The experiment recorded in a run folder's manifest, rebuilt from its resolved config (relative dataset
     * paths resolve against the folder of the original config file). Throws IllegalArgumentException
     * naming the reason when the record cannot be rebuilt faithfully.
     */
    @SuppressWarnings("unchecked")
    public static ExperimentConfig config(Path runFolder) throws IOException {
        Map<String, Object> manifest = manifest(runFolder);
        Map<String, Object> config = (Map<String, Object>) manifest.get("config");
        Path source = Path.of(String.valueOf(manifest.get("config_file"))).toAbsolutePath();
        Path record = runFolder.resolve("manifest.json");
        if (hashFormat(manifest) == ConfigHash.FORMAT) {
            return ConfigReader.fromResolved(config, source, record);
        }
        java.util.Optional<String> gap = LegacyConfig.gap(config);
        if (gap.isPresent()) {
            throw new IllegalArgumentException(runFolder + ": " + gap.get());
        }
        return LegacyConfig.read(config, source, record);
    }

    /** The hash format a manifest was written in: recorded since format 2, else 1. */
    public static int hashFormat(Map<String, Object> manifest) {
        return manifest.get("config_hash_format") instanceof Number n ? n.intValue() : 1;
    }

    /** The seed recorded in a run folder's manifest. */
    public static long seed(Path runFolder) throws IOException {
        return ((Number) manifest(runFolder).get("seed")).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> manifest(Path runFolder) throws IOException {
        Path file = runFolder.resolve("manifest.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runFolder + ": no manifest.json (not a finished run)");
        }
        return JSON.readValue(file.toFile(), Map.class);
    }

    /** Re-runs the run in {@code runFolder} with {@code threads} threads and compares its metrics. */
    @SuppressWarnings("unchecked")
    public static Outcome verify(Path runFolder, int threads, Path scratch) throws IOException {
        Map<String, Object> manifest = manifest(runFolder);
        long seed = seed(runFolder);
        Object recorded = manifest.get("config_hash");
        ExperimentConfig config;
        try {
            config = config(runFolder);
        } catch (IllegalArgumentException | org.learnbench.experiment.config.ConfigException e) {
            return new Outcome(runFolder, seed, List.of("not re-run: " + e.getMessage()));
        }
        String now = hashFormat(manifest) == ConfigHash.FORMAT
                ? ConfigHash.of(config)
                : (LegacyConfig.intact((Map<String, Object>) manifest.get("config"), recorded)
                        ? String.valueOf(recorded)
                        : "a different hash");
        if (!now.equals(recorded)) {
            return new Outcome(
                    runFolder,
                    seed,
                    List.of("the recorded config now hashes to " + now.substring(0, 12)
                            + " instead of "
                            + String.valueOf(recorded)
                                    .substring(
                                            0,
                                            Math.min(
                                                    12, String.valueOf(recorded).length()))
                            + " (the dataset or the code's defaults changed), so it was not re-run"));
        }
        Path again = scratch.resolve("run");
        new ExperimentRunner(scratch).runInto(again, config, seed, threads, List.of());
        List<String> differences =
                new ArrayList<>(differences(runFolder.resolve("metrics.csv"), again.resolve("metrics.csv")));
        String wallStop = wallTimeStop(manifest, Replay.manifest(again));
        if (wallStop != null && !differences.isEmpty()) {
            differences.add(0, wallStop);
        }
        if (!differences.isEmpty()
                && manifest.get("environment") instanceof Map<?, ?> env
                && !Integer.valueOf(org.learnbench.tasks.control.ControlTask.DYNAMICS_VERSION)
                        .equals(env.get("dynamics_version") instanceof Number n ? n.intValue() : 1)) {
            differences.add(
                    0,
                    "the run was recorded with version "
                            + (env.get("dynamics_version") == null ? 1 : env.get("dynamics_version"))
                            + " of the environments' arithmetic and this re-run uses version "
                            + org.learnbench.tasks.control.ControlTask.DYNAMICS_VERSION
                            + " (Gymnasium's operation order), so its trajectories differ; run it again to compare");
        }
        Object machine = manifest(runFolder).get("machine");
        Object kernel = machine instanceof Map<?, ?> m ? m.get("matrix_kernel") : null;
        String current = org.learnbench.matrix.MatrixOps.Kernel.preferred().name();
        if (!differences.isEmpty() && kernel != null && !current.equals(kernel)) {
            differences.add(
                    0,
                    "the run used the " + kernel + " multiply kernel and this re-run the " + current
                            + " one, which round differently (run java with --add-modules jdk.incubator.vector,"
                            + " as the learnbench launcher does, for the VECTOR kernel)");
        }
        return new Outcome(runFolder, seed, differences);
    }

    /**
     * Why row counts may differ although nothing is wrong: a run stopped by its wall-time limit stops at a
     * machine-dependent point; null when neither run was stopped by it.
     */
    static String wallTimeStop(Map<String, Object> recorded, Map<String, Object> again) {
        for (Map<String, Object> m : List.of(recorded, again)) {
            String detail = String.valueOf(m.get("termination_detail"));
            if ("BUDGET_EXHAUSTED".equals(m.get("termination")) && detail.startsWith("wall time budget")) {
                return (m == recorded ? "the recorded run" : "the re-run") + " stopped at its wall-time limit ("
                        + detail + "); where that falls depends on the machine's speed, so the rows differ";
            }
        }
        return null;
    }

    /**
     * Rows whose learning columns (every column but wall_ms) differ, as "row N: column X: a vs b", compared
     * by column name; a different row count, or a recorded column the re-run lacks, is a difference too. A
     * column only the re-run has (a metric added since the run was recorded) is not: the recorded run
     * cannot be compared on it.
     */
    public static List<String> differences(Path a, Path b) {
        try {
            List<String> left = Files.readAllLines(a, StandardCharsets.UTF_8);
            List<String> right = Files.readAllLines(b, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            if (left.isEmpty() || right.isEmpty()) {
                out.add("a metrics file is empty");
                return out;
            }
            List<String> recorded = Arrays.asList(left.get(0).split(",", -1));
            List<String> again = Arrays.asList(right.get(0).split(",", -1));
            for (String column : recorded) {
                if (!again.contains(column)) {
                    out.add("the re-run does not record column " + column);
                }
            }
            if (left.size() != right.size()) {
                out.add("row counts differ: " + (left.size() - 1) + " vs " + (right.size() - 1));
            }
            for (int r = 1; r < Math.min(left.size(), right.size()); r++) {
                String[] x = left.get(r).split(",", -1);
                String[] y = right.get(r).split(",", -1);
                for (int c = 0; c < Math.min(x.length, recorded.size()); c++) {
                    String column = recorded.get(c);
                    int k = again.indexOf(column);
                    if (column.equals("wall_ms") || k < 0 || k >= y.length) {
                        continue;
                    }
                    if (!x[c].equals(y[k])) {
                        out.add("row " + r + ": " + column + ": " + x[c] + " vs " + y[k]);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
