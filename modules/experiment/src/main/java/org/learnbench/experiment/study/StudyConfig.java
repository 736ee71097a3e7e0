package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.learnbench.experiment.tuning.Tuning;

/**
 * A validated study: every run it expands to (tasks x optimizer grid x seeds, the same seeds for every
 * optimizer so that results pair by seed), how many runs go at once, how many threads each may use (0 =
 * auto: an equal share of the cores), how the report judges each task, and, for a tuned study, the
 * protocol and each entry's tuning plan.
 *
 * <p>In a tuned study {@link #runs} holds the trials and the runs of entries with nothing to tune; the
 * evaluation runs of tuned entries exist only once their trials have selected a setting ({@link
 * #withEvaluationRuns}).
 *
 * @param protocols each optimizer setting's protocol in words ("hand-set", "defaults", or "tuned: ...")
 */
public record StudyConfig(
        Path source,
        String name,
        String description,
        List<StudyRun> runs,
        int parallel,
        int threads,
        long seed,
        Map<String, Reporting> reporting,
        Tuning tuning,
        List<TuningPlan> plans,
        Map<String, String> protocols) {
    /**
     * How the report judges a task: the metric compared (empty = chosen from what the runs record), the
     * targets of the fixed-target analysis (empty = chosen from the results), and which checkpoint of a
     * run counts ("final", or "best_validation": the one with the lowest validation loss).
     */
    public record Reporting(String metric, List<Double> targets, String report) {
        public Reporting {
            targets = List.copyOf(targets);
        }
    }

    public StudyConfig {
        runs = List.copyOf(runs);
        reporting = Map.copyOf(reporting);
        plans = List.copyOf(plans);
        protocols = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(protocols));
        if (parallel < 1 || threads < 0) {
            throw new IllegalArgumentException(
                    "parallel must be >= 1 and threads >= 1 (or 0 for auto), got " + parallel + " and " + threads);
        }
    }

    /** An untuned study. */
    public StudyConfig(
            Path source,
            String name,
            String description,
            List<StudyRun> runs,
            int parallel,
            int threads,
            long seed,
            Map<String, Reporting> reporting) {
        this(source, name, description, runs, parallel, threads, seed, reporting, null, List.of(), Map.of());
    }

    /** Task labels in study order. */
    public List<String> tasks() {
        return runs.stream().map(StudyRun::task).distinct().toList();
    }

    /** Optimizer settings in study order. */
    public List<String> optimizers() {
        return runs.stream().map(StudyRun::optimizer).distinct().toList();
    }

    /** The runs that enter the comparison (no trials). */
    public List<StudyRun> evaluationRuns() {
        return runs.stream().filter(r -> !r.isTrial()).toList();
    }

    /** The tuning trials. */
    public List<StudyRun> trialRuns() {
        return runs.stream().filter(StudyRun::isTrial).toList();
    }

    /** This study with the evaluation runs of the tuned entries added. */
    public StudyConfig withEvaluationRuns(List<StudyRun> selected) {
        List<StudyRun> all = new ArrayList<>(runs);
        all.addAll(selected);
        return new StudyConfig(
                source, name, description, all, parallel, threads, seed, reporting, tuning, plans, protocols);
    }
}
