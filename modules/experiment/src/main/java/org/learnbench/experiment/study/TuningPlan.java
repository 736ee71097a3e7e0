package org.learnbench.experiment.study;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.learnbench.experiment.tuning.SearchSpace;

/**
 * How one optimizer entry is tuned on one task: its search space, its trials (each a point of the space run
 * on the trial seeds), the metric the best trial is selected on, and how the selected values become the
 * runs on the study's evaluation seeds that enter the comparison.
 *
 * @param metric the selection metric (a validation or evaluation metric)
 * @param report which checkpoint of a trial counts: "final" or "best_validation" (as the task's report)
 * @param evaluation the evaluation runs of given values (key to config text)
 */
public record TuningPlan(
        String task,
        String optimizer,
        SearchSpace space,
        String metric,
        boolean higherIsBetter,
        String report,
        List<Trial> trials,
        Function<Map<String, String>, List<StudyRun>> evaluation) {
    public TuningPlan {
        trials = List.copyOf(trials);
    }

    /** One trial: its number (from 1), its values (key to config text) and its runs, one per trial seed. */
    public record Trial(int index, Map<String, String> values, List<StudyRun> runs) {
        public Trial {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
            runs = List.copyOf(runs);
        }
    }
}
