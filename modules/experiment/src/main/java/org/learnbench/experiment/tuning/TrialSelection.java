package org.learnbench.experiment.tuning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Selects the best trial of a tuned optimizer entry from its runs' checkpoints. Each run's score is the
 * selection metric at the checkpoint the task's report judges (the last one, or the one with the lowest
 * validation loss); a trial's score is the mean over its seeds, and a run that recorded no value (it
 * failed, or its metric is missing) makes its trial the worst. Equal scores (accuracy on a small
 * validation split ties often) are broken by the mean validation loss, then by the lower trial number.
 * Only the selection metric and the validation loss are ever read: the selection never sees test data.
 */
public final class TrialSelection {
    private TrialSelection() {}

    /** Reads the named columns of a run's metrics.csv (missing file: empty map; empty cells: NaN). */
    @FunctionalInterface
    public interface Columns {
        Map<String, double[]> read(Path metricsCsv, Set<String> names);
    }

    /** One trial's runs: its number and the metrics.csv of each of its seeds. */
    public record TrialRuns(int index, List<Path> metricsFiles) {
        public TrialRuns {
            metricsFiles = List.copyOf(metricsFiles);
        }
    }

    /**
     * A trial's score: the mean over its seeds, each seed's value (NaN when it recorded none), and the mean
     * validation loss at the same checkpoints (the tie-break; NaN when not recorded).
     */
    public record Score(int trial, double score, List<Double> perSeed, double validationLoss) {
        public Score {
            perSeed = List.copyOf(perSeed);
        }
    }

    /** The scores of every trial, and the selected trial's number (0 when no trial recorded a value). */
    public record Result(int selected, List<Score> scores) {
        public Result {
            scores = List.copyOf(scores);
        }
    }

    /** The validation-best trial; ties go to the lower trial number. */
    public static Result select(
            List<TrialRuns> trials, String metric, boolean higherIsBetter, boolean bestValidation, Columns columns) {
        if (metric.startsWith("test_")) {
            throw new IllegalArgumentException("a configuration is never selected on test data: " + metric);
        }
        Set<String> wanted = new java.util.HashSet<>(List.of(metric, "validation_loss"));
        List<Score> scores = new ArrayList<>();
        Score best = null;
        for (TrialRuns t : trials) {
            List<Double> perSeed = new ArrayList<>();
            double sum = 0;
            double lossSum = 0;
            for (Path file : t.metricsFiles()) {
                Map<String, double[]> read = columns.read(file, wanted);
                double v = value(read, metric, bestValidation);
                perSeed.add(v);
                sum += v;
                lossSum += value(read, "validation_loss", bestValidation);
            }
            int n = perSeed.size();
            Score score =
                    new Score(t.index(), n == 0 ? Double.NaN : sum / n, perSeed, n == 0 ? Double.NaN : lossSum / n);
            scores.add(score);
            if (!Double.isNaN(score.score()) && (best == null || better(score, best, higherIsBetter))) {
                best = score;
            }
        }
        return new Result(best == null ? 0 : best.trial(), scores);
    }

    /** True when {@code a} beats {@code b}: a better score, or an equal one with a lower validation loss. */
    private static boolean better(Score a, Score b, boolean higherIsBetter) {
        if (a.score() != b.score()) {
            return higherIsBetter ? a.score() > b.score() : a.score() < b.score();
        }
        return !Double.isNaN(a.validationLoss())
                && (Double.isNaN(b.validationLoss()) || a.validationLoss() < b.validationLoss());
    }

    /** The metric at the judged checkpoint: the last, or the one of lowest validation loss (NaN: none). */
    public static double value(Map<String, double[]> columns, String metric, boolean bestValidation) {
        double[] values = columns.get(metric);
        if (values == null || values.length == 0) {
            return Double.NaN;
        }
        int row = values.length - 1;
        if (bestValidation) {
            double[] loss = columns.get("validation_loss");
            int found = -1;
            for (int i = 0; loss != null && i < loss.length; i++) {
                if (!Double.isNaN(loss[i]) && (found < 0 || loss[i] < loss[found])) {
                    found = i;
                }
            }
            row = found < 0 ? row : found;
        }
        return values[row];
    }

    /** Reads columns of a metrics.csv as the run writer wrote it (plain numbers, empty for NaN). */
    public static Map<String, double[]> readColumns(Path metricsCsv, Set<String> names) {
        if (!Files.isRegularFile(metricsCsv)) {
            return Map.of();
        }
        try {
            List<String> lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Map.of();
            }
            String[] header = lines.get(0).split(",", -1);
            Map<String, double[]> out = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                if (!names.contains(header[c])) {
                    continue;
                }
                double[] column = new double[lines.size() - 1];
                for (int r = 1; r < lines.size(); r++) {
                    String[] cells = lines.get(r).split(",", -1);
                    column[r - 1] = c < cells.length && !cells[c].isEmpty() ? Double.parseDouble(cells[c]) : Double.NaN;
                }
                out.put(header[c], column);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return Map.of();
        }
    }
}
