package org.learnbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The run loop on a scripted optimizer: every way a run ends (budget on each clock, divergence, the
 * optimizer's own stop, a target), with the reason it gives, and that no clock ever passes its limit.
 */
class RunLoopTest {
    private static final ProblemFactory<SphereProblem> SPHERE = context -> new SphereProblem(context, 3, 16, 5);

    /**
     * An optimizer that, at each iteration, charges a forward and backward pass over {@code batch}
     * samples and reports the objective the script gives for that iteration (1-based).
     */
    private record Scripted(int batch, LongFunction<StepOutcome> script) implements Optimizer<SphereProblem> {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Class<SphereProblem> problemType() {
            return SphereProblem.class;
        }

        @Override
        public Search start(SphereProblem problem, RunContext context) {
            double[] x = problem.initialParameters(context.seeds().stream(SeedStreams.INIT));
            return new Search() {
                long step;

                @Override
                public StepOutcome step() {
                    problem.lossAndGradient(x, new int[batch], 0, batch, new double[x.length]);
                    return script.apply(++step);
                }

                @Override
                public double[] solution() {
                    return x;
                }
            };
        }
    }

    private static RunResult run(Scripted optimizer, Budget budget, List<RunListener> listeners) {
        return RunLoop.run(optimizer, SPHERE, new RunSettings(1, budget, CheckpointSchedule.every(1), 1), listeners);
    }

    private static Scripted steady(int batch) {
        return new Scripted(batch, i -> StepOutcome.proceed(1.0 / i));
    }

    @Test
    void stopsAtTheIterationBudgetAndSaysWhich() {
        RunResult r = run(steady(4), Budget.iterations(5), List.of());
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertEquals("iteration budget of 5 reached", r.detail());
        assertEquals(5, r.clocks().iterations());
        assertEquals(
                List.of(0L, 1L, 2L, 3L, 4L, 5L),
                r.checkpoints().stream().map(Checkpoint::iteration).toList());
    }

    @Test
    void neverPassesTheSampleBudget() {
        // Each iteration costs 3 x 16 = 48 sample-forward-passes: two fit in 100, a third would not.
        Budget budget = new Budget(0, 100, 0, null, Optional.empty());
        RunResult r = run(steady(16), budget, List.of());
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertEquals("sample-forward-pass budget of 100 reached", r.detail());
        assertEquals(96, r.clocks().sampleForwardPasses());
        assertEquals(2, r.clocks().iterations());
    }

    @Test
    void aNonFiniteObjectiveEndsTheRunAsDivergedWithItsIteration() {
        RunResult r = run(
                new Scripted(2, i -> StepOutcome.proceed(i == 3 ? Double.NaN : 1.0)), Budget.iterations(10), List.of());
        assertEquals(Termination.DIVERGED, r.termination());
        assertEquals("training objective became NaN at iteration 3", r.detail());
        assertEquals(3, r.clocks().iterations());
    }

    @Test
    void theOptimizersOwnStopEndsTheRunWithItsReason() {
        RunResult r = run(
                new Scripted(2, i -> i == 4 ? StepOutcome.stop(0.5, "patience ran out") : StepOutcome.proceed(1)),
                Budget.iterations(10),
                List.of());
        assertEquals(Termination.EARLY_STOPPED, r.termination());
        assertEquals("patience ran out", r.detail());
        assertEquals(4, r.clocks().iterations());
    }

    @Test
    void aReachedTargetEndsTheRunAtItsCheckpoint() {
        // The sphere's train loss starts far from 0 and this optimizer never moves, so a target above the
        // start is reached at the first checkpoint after iteration 0.
        Budget budget = Budget.iterations(10).withTarget(new Target("train_loss", 1e9, false));
        RunResult r = run(steady(2), budget, List.of());
        assertEquals(Termination.TARGET_REACHED, r.termination());
        assertTrue(r.detail().startsWith("train_loss reached "), r.detail());
        assertEquals(1, r.clocks().iterations());
    }

    @Test
    void aTargetOnAMetricTheRunDoesNotRecordIsRefused() {
        Budget budget = Budget.iterations(10).withTarget(new Target("accuracy", 0.9, true));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> run(steady(2), budget, List.of()));
        assertTrue(e.getMessage().contains("'accuracy' is not recorded"), e.getMessage());
    }

    @Test
    void theWallTimeLimitIsReadFromTheRunsClockAndNamedInWords() {
        long[] now = {0};
        // Every reading of the clock advances it by a second.
        RunResult r = RunLoop.run(
                steady(2),
                SPHERE,
                new RunSettings(
                        1,
                        new Budget(0, 0, 0, Duration.ofSeconds(30), Optional.empty()),
                        CheckpointSchedule.every(1000),
                        1),
                List.of(),
                () -> now[0] += 1_000_000_000L);
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertEquals("wall time budget of 30 s reached", r.detail());
        assertTrue(
                r.clocks().iterations() > 0 && r.clocks().iterations() < 30,
                "" + r.clocks().iterations());
    }

    @Test
    void listenersSeeEveryIterationOnceAndTheFinishOnce() {
        List<Long> iterations = new ArrayList<>();
        int[] finished = {0};
        RunListener l = new RunListener() {
            @Override
            public void onIteration(long iteration, double objective, Clocks clocks) {
                iterations.add(iteration);
            }

            @Override
            public void onFinish(RunResult result) {
                finished[0]++;
            }
        };
        run(steady(2), Budget.iterations(4), List.of(l));
        assertEquals(List.of(1L, 2L, 3L, 4L), iterations);
        assertEquals(1, finished[0]);
    }

    @Test
    void aBudgetTooSmallToStartIsRefusedWithTheOptimizersName() {
        Optimizer<SphereProblem> greedy = new Optimizer<>() {
            @Override
            public String name() {
                return "greedy";
            }

            @Override
            public Class<SphereProblem> problemType() {
                return SphereProblem.class;
            }

            @Override
            public Search start(SphereProblem problem, RunContext context) {
                context.meter().chargeEvaluations(50);
                throw new AssertionError("the charge above must not pass the budget");
            }
        };
        Budget budget = new Budget(0, 0, 10, null, Optional.empty());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RunLoop.run(
                        greedy, SPHERE, new RunSettings(1, budget, CheckpointSchedule.every(1), 1), List.of()));
        assertTrue(e.getMessage().contains("too small for greedy to start"), e.getMessage());
    }
}
