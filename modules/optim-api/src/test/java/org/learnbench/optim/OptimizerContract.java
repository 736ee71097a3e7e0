package org.learnbench.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract every optimizer passes: the same seed gives the same result; the budget is never
 * exceeded on any clock; listeners see every iteration exactly once and checkpoints in order; the
 * sphere is solved; a thread count never changes the result. Subclasses supply the optimizer under
 * test, configured to bring {@link SphereProblem} of dimension 10 within 1e-3 of its optimum in
 * {@link #iterationsToSolve()} iterations.
 */
public abstract class OptimizerContract {
    /** The optimizer under test, configured for its problem (by default a 10-dimensional sphere). */
    protected abstract Optimizer<?> optimizer();

    /** The problem the contract runs on; a policy learner overrides it with {@link BanditProblem}. */
    protected ProblemFactory<? extends Problem> problem() {
        return SPHERE;
    }

    /** When the problem counts as solved: by default within 1e-3 of the sphere's optimum. */
    protected Target solved() {
        return new Target("distance", 1e-3, false);
    }

    /** Iterations the optimizer may take to solve the sphere. */
    protected int iterationsToSolve() {
        return 200;
    }

    private static final ProblemFactory<SphereProblem> SPHERE = context -> new SphereProblem(context, 10, 64, 7);

    @SuppressWarnings("unchecked")
    private RunResult run(long seed, Budget budget, int threads, List<RunListener> listeners) {
        Optimizer<Problem> o = (Optimizer<Problem>) optimizer();
        ProblemFactory<Problem> p = (ProblemFactory<Problem>) problem();
        return RunLoop.run(o, p, new RunSettings(seed, budget, CheckpointSchedule.every(1), threads), listeners);
    }

    @Test
    void sameSeedGivesTheSameResult() {
        RunResult a = run(3, Budget.iterations(20), 1, List.of());
        RunResult b = run(3, Budget.iterations(20), 1, List.of());
        assertArrayEquals(a.solution(), b.solution());
        assertEquals(a.checkpoints().size(), b.checkpoints().size());
        for (int i = 0; i < a.checkpoints().size(); i++) {
            assertEquals(
                    a.checkpoints().get(i).metrics(), b.checkpoints().get(i).metrics());
            assertEquals(
                    a.checkpoints().get(i).clocks().sampleForwardPasses(),
                    b.checkpoints().get(i).clocks().sampleForwardPasses());
        }
    }

    @Test
    void threadCountNeverChangesTheResult() {
        assertArrayEquals(
                run(5, Budget.iterations(10), 1, List.of()).solution(),
                run(5, Budget.iterations(10), 2, List.of()).solution());
    }

    @Test
    void neverExceedsASampleForwardPassBudget() {
        // Room for a few generations of a population of 20 evaluated on all 64 samples.
        long limit = 10_000;
        RunResult r = run(1, new Budget(0, limit, 0, null, Optional.empty()), 1, List.of());
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertTrue(r.clocks().sampleForwardPasses() <= limit, r.clocks().sampleForwardPasses() + " > " + limit);
        assertTrue(r.clocks().sampleForwardPasses() > 0);
    }

    @Test
    void neverExceedsAnEvaluationBudget() {
        // Capped in iterations too: an optimizer that does no fitness evaluations (backprop) never reaches it.
        long limit = 777;
        RunResult r = run(1, new Budget(2000, 0, limit, null, Optional.empty()), 2, List.of());
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertTrue(r.clocks().evaluations() <= limit, r.clocks().evaluations() + " > " + limit);
    }

    @Test
    void stopsAtTheIterationBudget() {
        RunResult r = run(1, Budget.iterations(7), 1, List.of());
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertEquals(7, r.clocks().iterations());
        assertEquals(8, r.checkpoints().size());
    }

    @Test
    void listenersSeeEveryIterationOnceAndCheckpointsInOrder() {
        List<Long> iterations = new ArrayList<>();
        List<Long> checkpoints = new ArrayList<>();
        List<RunResult> finished = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void onIteration(long iteration, double objective, Clocks clocks) {
                iterations.add(iteration);
            }

            @Override
            public void onCheckpoint(Checkpoint checkpoint) {
                checkpoints.add(checkpoint.iteration());
            }

            @Override
            public void onFinish(RunResult result) {
                finished.add(result);
            }
        };
        run(2, Budget.iterations(5), 1, List.of(listener));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), iterations);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), checkpoints);
        assertEquals(1, finished.size());
    }

    @Test
    void solvesItsProblem() {
        Target target = solved();
        RunResult r = run(4, Budget.iterations(iterationsToSolve()).withTarget(target), 1, List.of());
        assertEquals(Termination.TARGET_REACHED, r.termination(), r.detail());
        assertTrue(target.reachedBy(r.last().metric(target.metric())));
    }
}
