package org.learnbench.experiment.config;

import java.util.List;
import java.util.Objects;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.Clocks;

/**
 * When a run records its metrics: every {@code every} iterations, or about {@code logSpaced} points
 * spaced evenly in log scale on a clock up to the budget's limit on it (0 when not log-spaced).
 */
public record Checkpoints(long every, int logSpaced, String clock) {
    /** The clocks log-spaced checkpoints may follow. */
    public static final List<String> CLOCKS =
            List.of("iterations", "sample_forward_passes", "evaluations", "env_steps", "episodes");

    public Checkpoints {
        Objects.requireNonNull(clock, "clock");
        if (!CLOCKS.contains(clock)) {
            throw new IllegalArgumentException("checkpoint clock must be one of " + CLOCKS + ", got " + clock);
        }
        if ((every >= 1) == (logSpaced >= 1) || every < 0 || logSpaced < 0) {
            throw new IllegalArgumentException(
                    "give exactly one of every >= 1 or log_spaced >= 1, got " + every + " and " + logSpaced);
        }
    }

    /** A checkpoint every {@code k} iterations. */
    public static Checkpoints every(long k) {
        return new Checkpoints(k, 0, "iterations");
    }

    /** About {@code points} checkpoints log-spaced on {@code clock}. */
    public static Checkpoints logSpaced(int points, String clock) {
        return new Checkpoints(0, points, clock);
    }

    /** Checkpoints of a study task that gives none: this many, log-spaced on the clock its budget limits. */
    public static final int STUDY_DEFAULT_POINTS = 30;

    /**
     * A study's default schedule: {@link #STUDY_DEFAULT_POINTS} checkpoints log-spaced on the clock the
     * budget limits (the first of sample-forward-passes, evaluations, env steps, episodes, else iterations), so
     * every optimizer is recorded at comparable costs; every iteration when the budget limits none of them.
     */
    public static Checkpoints onBudgetClock(Budget budget) {
        String clock = budget.maxSampleForwardPasses() > 0
                ? "sample_forward_passes"
                : budget.maxEvaluations() > 0
                        ? "evaluations"
                        : budget.maxEnvSteps() > 0 ? "env_steps" : budget.maxEpisodes() > 0 ? "episodes" : "iterations";
        Checkpoints schedule = logSpaced(STUDY_DEFAULT_POINTS, clock);
        return schedule.horizon(budget) == 0 ? every(1) : schedule;
    }

    /** The budget's limit on this schedule's clock (0 = none). */
    public long horizon(Budget budget) {
        return switch (clock) {
            case "sample_forward_passes" -> budget.maxSampleForwardPasses();
            case "evaluations" -> budget.maxEvaluations();
            case "env_steps" -> budget.maxEnvSteps();
            case "episodes" -> budget.maxEpisodes();
            default -> budget.maxIterations();
        };
    }

    /** The schedule the run loop follows under this budget. */
    public CheckpointSchedule schedule(Budget budget) {
        if (logSpaced == 0) {
            return CheckpointSchedule.every(every);
        }
        long horizon = horizon(budget);
        return switch (clock) {
            case "sample_forward_passes" -> CheckpointSchedule.logSpacedOn(
                    Clocks::sampleForwardPasses, logSpaced, horizon);
            case "evaluations" -> CheckpointSchedule.logSpacedOn(Clocks::evaluations, logSpaced, horizon);
            case "env_steps" -> CheckpointSchedule.logSpacedOn(Clocks::envSteps, logSpaced, horizon);
            case "episodes" -> CheckpointSchedule.logSpacedOn(Clocks::episodes, logSpaced, horizon);
            default -> CheckpointSchedule.logSpaced(logSpaced, horizon);
        };
    }
}
