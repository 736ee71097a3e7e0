package org.learnbench.experiment.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Re-runs a recorded run from its manifest alone and compares the learning columns of the two
 * metrics.csv files: the check behind {@code learnbench verify}. The manifest's resolved config is
 * written back as an experiment file (the dataset path made absolute) and read by the same reader as
 * any config, so a replayed run is configured exactly as the original.
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

    /** The experiment and seed recorded in a run folder's manifest. */
    public static ExperimentConfig config(Path runFolder, Path scratch) throws IOException {
        Map<String, Object> manifest = manifest(runFolder);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) manifest.get("config");
        Path source = Path.of(String.valueOf(manifest.get("config_file"))).toAbsolutePath();
        return fromResolved(config, source, seed(runFolder), scratch);
    }

    /**
     * An experiment from a resolved config (as a manifest records it), written back as a file in
     * {@code scratch} and read by the ordinary reader; relative dataset paths resolve against the folder
     * of the original config file {@code source}.
     */
    public static ExperimentConfig fromResolved(Map<String, Object> resolved, Path source, long seed, Path scratch)
            throws IOException {
        Map<String, Object> config = new LinkedHashMap<>(resolved);
        @SuppressWarnings("unchecked")
        Map<String, Object> task = new LinkedHashMap<>((Map<String, Object>) config.get("task"));
        task.remove("dataset_sha256");
        if (task.containsKey("dataset")) {
            Path dataset = source.toAbsolutePath()
                    .getParent()
                    .resolve(String.valueOf(task.get("dataset")))
                    .normalize();
            task.put("dataset", dataset.toString());
        }
        config.put("task", task);
        config.put("seeds", List.of(seed));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.createDirectories(scratch);
        Path file = scratch.resolve("replay.yaml");
        Files.writeString(file, new Yaml(options).dump(withoutNulls(config)), StandardCharsets.UTF_8);
        return ConfigReader.read(file);
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

    /** Null means "not set" in a resolved config; an experiment file leaves such keys out. */
    @SuppressWarnings("unchecked")
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), withoutNulls(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Replay::withoutNulls).toList();
        }
        return value;
    }

    /** Re-runs the run in {@code runFolder} with {@code threads} threads and compares its metrics. */
    public static Outcome verify(Path runFolder, int threads, Path scratch) throws IOException {
        ExperimentConfig config = config(runFolder, scratch);
        long seed = seed(runFolder);
        Object recorded = manifest(runFolder).get("config_hash");
        String now = ExperimentRunner.configHash(config);
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
     * Rows whose learning columns (every column but wall_ms) differ, as "row N: column X: a vs b"; a
     * different header or row count is one difference.
     */
    public static List<String> differences(Path a, Path b) {
        try {
            List<String> left = Files.readAllLines(a, StandardCharsets.UTF_8);
            List<String> right = Files.readAllLines(b, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            if (left.isEmpty() || right.isEmpty() || !left.get(0).equals(right.get(0))) {
                out.add("the headers differ");
                return out;
            }
            List<String> header = Arrays.asList(left.get(0).split(",", -1));
            int wall = header.indexOf("wall_ms");
            if (left.size() != right.size()) {
                out.add("row counts differ: " + (left.size() - 1) + " vs " + (right.size() - 1));
            }
            for (int r = 1; r < Math.min(left.size(), right.size()); r++) {
                String[] x = left.get(r).split(",", -1);
                String[] y = right.get(r).split(",", -1);
                for (int c = 0; c < Math.min(x.length, y.length); c++) {
                    if (c != wall && !x[c].equals(y[c])) {
                        out.add("row " + r + ": " + header.get(c) + ": " + x[c] + " vs " + y[c]);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
