package org.learnbench.report.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;
import org.learnbench.report.study.RunCurve;

/**
 * A study's results read back from the results store alone: study.json (tasks, targets, optimizer
 * order), runs.csv (one row per finished run) and each run's metrics.csv and manifest.json.
 *
 * @param folder the study's results folder
 * @param description study.json as a map
 * @param runs every finished run's curve, in runs.csv order
 * @param manifests each run's manifest, in the same order
 * @param folders each run's folder, in the same order
 * @param baselines per task, the reference models' results on each seed's split
 */
public record StudyResults(
        Path folder,
        Map<String, Object> description,
        List<RunCurve> runs,
        List<Map<String, Object>> manifests,
        List<Path> folders,
        Map<String, List<Baseline>> baselines,
        List<TrialRun> trials) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One run of a tuning trial (a row of tuning.csv): its entry, trial number, seed and values, the
     * selection metric and the test metric at the checkpoint the task's report judges (NaN when not recorded),
     * its cost, and whether its trial is the one selected.
     */
    public record TrialRun(
            String task,
            String optimizer,
            int trial,
            long seed,
            String values,
            String termination,
            String selectionMetric,
            double selection,
            String testMetric,
            double test,
            double sampleForwardPasses,
            boolean selected) {}

    /** A reference model's final metrics on one seed's split (from {@code <task>/baselines.csv}). */
    public record Baseline(String name, long seed, Map<String, Double> metrics) {
        public Baseline {
            metrics = Map.copyOf(metrics);
        }
    }

    public StudyResults {
        description = Map.copyOf(description);
        runs = List.copyOf(runs);
        manifests = List.copyOf(manifests);
        folders = List.copyOf(folders);
        if (folders.size() != runs.size() || manifests.size() != runs.size()) {
            throw new IllegalArgumentException("a study of " + runs.size()
                    + " runs needs as many manifests and folders, got " + manifests.size() + " and " + folders.size());
        }
        baselines = Map.copyOf(baselines);
        trials = List.copyOf(trials);
    }

    /** Reads a study folder written by {@code learnbench study}. */
    @SuppressWarnings("unchecked")
    public static StudyResults load(Path folder) throws IOException {
        Path studyFile = folder.resolve("study.json");
        Path index = folder.resolve("runs.csv");
        if (!Files.isRegularFile(studyFile) || !Files.isRegularFile(index)) {
            throw new IllegalArgumentException(
                    folder + ": not a study's results folder (expected study.json and runs.csv; "
                            + "run the study with learnbench study first)");
        }
        Map<String, Object> description = JSON.readValue(studyFile.toFile(), Map.class);
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<RunCurve> runs = new ArrayList<>();
        List<Map<String, Object>> manifests = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            String task = cells[header.indexOf("task")];
            String optimizer = cells[header.indexOf("optimizer")];
            long seed = Long.parseLong(cells[header.indexOf("seed")]);
            String termination = cells[header.indexOf("termination")];
            Path run = folder.resolve(cells[header.indexOf("folder")]);
            runs.add(new RunCurve(task, optimizer, seed, termination, checkpoints(run.resolve("metrics.csv"))));
            manifests.add(JSON.readValue(run.resolve("manifest.json").toFile(), Map.class));
            folders.add(run);
        }
        Map<String, List<Baseline>> baselines = new LinkedHashMap<>();
        for (String task : ((Map<String, Object>) description.get("tasks")).keySet()) {
            Path file = folder.resolve(task).resolve("baselines.csv");
            if (Files.isRegularFile(file)) {
                baselines.put(task, readBaselines(file));
            }
        }
        return new StudyResults(
                folder, description, runs, manifests, folders, baselines, readTrials(folder.resolve("tuning.csv")));
    }

    /**
     * The confusion.csv files of the runs of one optimizer setting on one task (what each classification
     * run writes from its returned solution), in seed order; empty when any of its runs lacks one (a
     * regression task, or runs recorded before runs wrote them), so that a sum never silently leaves out a seed.
     */
    public List<Path> confusionFiles(String task, String optimizer) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunCurve run = runs.get(i);
            if (run.task().equals(task) && run.optimizer().equals(optimizer)) {
                Path csv = folders.get(i).resolve("confusion.csv");
                if (!Files.isRegularFile(csv)) {
                    return List.of();
                }
                files.add(csv);
            }
        }
        return files;
    }

    /** The rows of a tuned study's tuning.csv (none for an untuned study). */
    private static List<TrialRun> readTrials(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> h = Arrays.asList(lines.get(0).split(",", -1));
        List<TrialRun> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split(",", -1);
            out.add(new TrialRun(
                    c[h.indexOf("task")],
                    c[h.indexOf("optimizer")],
                    Integer.parseInt(c[h.indexOf("trial")]),
                    Long.parseLong(c[h.indexOf("seed")]),
                    c[h.indexOf("values")],
                    c[h.indexOf("termination")],
                    c[h.indexOf("selection_metric")],
                    number(c[h.indexOf("selection_value")]),
                    c[h.indexOf("test_metric")],
                    number(c[h.indexOf("test_value")]),
                    number(c[h.indexOf("sample_forward_passes")]),
                    h.contains("selected") && Boolean.parseBoolean(c[h.indexOf("selected")])));
        }
        return out;
    }

    private static List<Baseline> readBaselines(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<Baseline> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split(",", -1);
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int i = 2; i < header.size(); i++) {
                metrics.put(header.get(i), number(c[i]));
            }
            out.add(new Baseline(c[0], Long.parseLong(c[1]), metrics));
        }
        return out;
    }

    /** A run's metrics.csv read back as checkpoints (empty cells are NaN). */
    public static List<Checkpoint> checkpoints(Path metricsCsv) throws IOException {
        List<String> lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int firstMetric = header.indexOf("objective") + 1;
        List<Checkpoint> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            Clocks clocks = new Clocks(
                    asLong(c, header, "iteration"),
                    asLong(c, header, "forward_samples"),
                    asLong(c, header, "backward_samples"),
                    asLong(c, header, "evaluations"),
                    asLong(c, header, "env_steps"),
                    asLong(c, header, "episodes"),
                    asLong(c, header, "flops"),
                    Math.round(number(c[header.indexOf("wall_ms")]) * 1e6),
                    asLong(c, header, "monitor_forward_samples"),
                    asLong(c, header, "monitor_flops"),
                    asLong(c, header, "monitor_env_steps"));
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int i = firstMetric; i < header.size(); i++) {
                metrics.put(header.get(i), number(c[i]));
            }
            out.add(new Checkpoint(clocks, number(c[firstMetric - 1]), metrics));
        }
        return out;
    }

    private static long asLong(String[] cells, List<String> header, String column) {
        int i = header.indexOf(column);
        return i < 0 || cells[i].isEmpty() ? 0 : Long.parseLong(cells[i]);
    }

    private static double number(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    /** Task labels in study order. */
    @SuppressWarnings("unchecked")
    public List<String> tasks() {
        return List.copyOf(((Map<String, Object>) description.get("tasks")).keySet());
    }

    /** Optimizer settings in study order. */
    @SuppressWarnings("unchecked")
    public List<String> optimizers() {
        return (List<String>) description.get("optimizers");
    }

    /**
     * What a metric is, as the runs' manifests describe it (the first run that records it); runs
     * recorded before manifests described their metrics fall back to {@link
     * org.learnbench.optim.Metric#legacy}.
     */
    public org.learnbench.optim.Metric describe(String metric) {
        for (Map<String, Object> m : manifests) {
            if (m.get("metrics") instanceof Map<?, ?> described && described.get(metric) instanceof Map<?, ?> d) {
                return org.learnbench.optim.Metric.fromMap(metric, d);
            }
        }
        return org.learnbench.optim.Metric.legacy(metric);
    }

    /**
     * The study's own seed (study.json's "seed"; 1 for studies recorded before it was one): the root of
     * the report's random streams, such as its bootstrap resamples.
     */
    public long seed() {
        return description.get("seed") instanceof Number n ? n.longValue() : 1;
    }

    /** The task's reporting settings from study.json: "metric" and "targets". */
    @SuppressWarnings("unchecked")
    public Map<String, Object> taskSettings(String task) {
        return (Map<String, Object>) ((Map<String, Object>) description.get("tasks")).get(task);
    }
}
