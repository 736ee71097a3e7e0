package org.learnbench.report.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Metric;
import org.learnbench.report.stats.Descriptive;
import org.learnbench.report.study.RunCurve;

/**
 * The report of one experiment run over several seeds ({@code results/<experiment>/seed-<n>/}): per
 * metric the median, lowest and highest final value over the seeds and which way is better, and the
 * terminations, read from the run folders alone.
 */
public final class ExperimentReport {
    private ExperimentReport() {}

    /** True when the folder holds finished seeds of one experiment (seed-* folders with manifests). */
    public static boolean isExperimentFolder(Path folder) throws IOException {
        return !seedFolders(folder).isEmpty() && !Files.exists(folder.resolve("study.json"));
    }

    private static List<Path> seedFolders(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> p.getFileName().toString().matches("seed-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve("manifest.json")))
                    .sorted()
                    .toList();
        }
    }

    /** Writes report.md and report.html (and a chart) into the experiment's folder; returns the Markdown file. */
    @SuppressWarnings("unchecked")
    public static Path write(Path folder) throws IOException {
        List<Path> seeds = seedFolders(folder);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no finished seeds (expected seed-<n>/manifest.json)");
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<RunCurve> runs = new ArrayList<>();
        Map<String, List<Double>> finals = new LinkedHashMap<>();
        Map<String, Metric> described = new LinkedHashMap<>();
        List<String> terminations = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        String name = folder.getFileName().toString();
        String optimizer = "";
        for (Path seed : seeds) {
            Map<String, Object> m = json.readValue(seed.resolve("manifest.json").toFile(), Map.class);
            long s = ((Number) m.get("seed")).longValue();
            if (m.get("config") instanceof Map<?, ?> config && config.get("optimizer") instanceof Map<?, ?> o) {
                optimizer = String.valueOf(o.get("type"));
            }
            List<Checkpoint> checkpoints = StudyResults.checkpoints(seed.resolve("metrics.csv"));
            String termination = String.valueOf(m.get("termination"));
            runs.add(new RunCurve(name, optimizer.isEmpty() ? "run" : optimizer, s, termination, checkpoints));
            terminations.add("seed " + s + ": " + termination);
            // Market tasks say in words how the run compares with its baseline (naive forecast, buy-and-hold).
            for (String section : List.of("forecast", "trading")) {
                if (m.get(section) instanceof Map<?, ?> v && v.get("verdict") != null) {
                    verdicts.add("seed " + s + ": " + v.get("verdict"));
                }
            }
            if (m.get("metrics") instanceof Map<?, ?> d) {
                d.forEach((k, v) ->
                        described.putIfAbsent(String.valueOf(k), Metric.fromMap(String.valueOf(k), (Map<?, ?>) v)));
            }
            if (m.get("final_metrics") instanceof Map<?, ?> f) {
                f.forEach((k, v) -> finals.computeIfAbsent(String.valueOf(k), x -> new ArrayList<>())
                        .add(v instanceof Number n ? n.doubleValue() : Double.NaN));
            }
        }
        Document doc = new Document(folder, "Experiment " + name);
        doc.paragraph(
                seeds.size() + " seeds of " + optimizer + ". Terminations: " + String.join("; ", terminations) + ".");
        if (!verdicts.isEmpty()) {
            doc.paragraph("Against the baseline: " + String.join("; ", verdicts) + ".");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : finals.entrySet()) {
            double[] values = e.getValue().stream()
                    .mapToDouble(Double::doubleValue)
                    .filter(Double::isFinite)
                    .toArray();
            if (values.length == 0) {
                continue;
            }
            Metric d = described.getOrDefault(e.getKey(), Metric.legacy(e.getKey()));
            rows.add(List.of(
                    e.getKey(),
                    d.direction() == Metric.Direction.NONE ? "-" : d.higherIsBetter() ? "higher" : "lower",
                    StudyAnalysis.number(Descriptive.median(values)),
                    StudyAnalysis.number(java.util.Arrays.stream(values).min().orElseThrow()),
                    StudyAnalysis.number(java.util.Arrays.stream(values).max().orElseThrow()),
                    Integer.toString(values.length)));
        }
        doc.heading(2, "Final values over seeds");
        doc.table(new Table(List.of("metric", "better", "median", "lowest", "highest", "seeds"), rows));
        doc.paragraph("Each seed's own curves are in its folder (seed-<n>/convergence.png, metrics.csv). A chart of "
                + "medians over seeds is left out here: runs that stop at a target end early, and a median over "
                + "the seeds still running would not say what the table says; compare settings in a study.");
        Path md = folder.resolve("report.md");
        Files.writeString(md, doc.markdown(), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("report.html"), doc.html(), StandardCharsets.UTF_8);
        return md;
    }
}
