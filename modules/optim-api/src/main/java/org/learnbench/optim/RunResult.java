package org.learnbench.optim;

import java.util.List;

/**
 * The outcome of a run: why it ended, every checkpoint, the final cost clocks and the solution kept.
 *
 * @param detail a human-readable reason, e.g. "sample-forward-pass budget of 10000 reached"
 */
public record RunResult(
        Termination termination, String detail, List<Checkpoint> checkpoints, Clocks clocks, double[] solution) {
    public RunResult {
        checkpoints = List.copyOf(checkpoints);
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
