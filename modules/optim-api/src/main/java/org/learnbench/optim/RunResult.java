package org.learnbench.optim;

import java.util.List;

/**
 * The outcome of a run: why it ended, every checkpoint, the final cost clocks and the solution kept.
 *
 * @param detail a human-readable reason, e.g. "sample-forward-pass budget of 10000 reached"
 * @param metrics what the problem's metrics are, in checkpoint order
 * @param statistics what the optimizer's own statistics are
 */
public record RunResult(
        Termination termination,
        String detail,
        List<Checkpoint> checkpoints,
        Clocks clocks,
        double[] solution,
        List<Metric> metrics,
        List<Metric> statistics) {
    public RunResult {
        checkpoints = List.copyOf(checkpoints);
        metrics = List.copyOf(metrics);
        statistics = List.copyOf(statistics);
        solution = solution.clone();
    }

    /** The last checkpoint (always taken on the final solution). */
    public Checkpoint last() {
        return checkpoints.get(checkpoints.size() - 1);
    }

    @Override
    public double[] solution() {
        return solution.clone();
    }
}
