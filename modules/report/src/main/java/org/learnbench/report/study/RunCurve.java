package org.learnbench.report.study;

import java.util.List;
import org.learnbench.optim.Checkpoint;

/**
 * One run as read back from the results store: which optimizer ran on which task with which seed, why it
 * stopped, and the checkpoints it recorded in order.
 *
 * @param task the task name
 * @param optimizer the optimizer name
 * @param seed the run's seed
 * @param termination why the run stopped ("budget", "target", "diverged", ...); may be empty if unknown
 * @param checkpoints the recorded checkpoints in the order they were taken; may be empty for a run that
 *     failed before its first checkpoint
 */
public record RunCurve(String task, String optimizer, long seed, String termination, List<Checkpoint> checkpoints) {
    /** Validates the names and copies the checkpoints. */
    public RunCurve {
        if (task == null || task.isBlank() || optimizer == null || optimizer.isBlank()) {
            throw new IllegalArgumentException(
                    "run curve needs a task and an optimizer name, got task=" + task + ", optimizer=" + optimizer);
        }
        if (termination == null) {
            throw new IllegalArgumentException("run curve of " + optimizer + " on " + task + " seed " + seed
                    + " needs a termination (empty if unknown), got null");
        }
        // An immutable list's contains(null) throws, so nulls are looked for one by one.
        if (checkpoints == null || checkpoints.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("run curve of " + optimizer + " on " + task + " seed " + seed
                    + " needs a list of checkpoints without nulls, got " + checkpoints);
        }
        checkpoints = List.copyOf(checkpoints);
    }
}
