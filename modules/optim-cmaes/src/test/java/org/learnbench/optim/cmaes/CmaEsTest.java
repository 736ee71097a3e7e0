package org.learnbench.optim.cmaes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.optim.Budget;
import org.learnbench.optim.BudgetExhaustedException;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.ProblemFactory;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.Search;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.Target;
import org.learnbench.optim.Termination;
import org.learnbench.optim.TestFunction;
import org.learnbench.optim.WorkMeter;

class CmaEsTest {
    private static ProblemFactory<FitnessProblem> sphere(int dimension) {
        return context -> new TestFunction(context, TestFunction::sphere, dimension, 5.12, 0);
    }

    private static RunResult run(CmaEs cmaes, ProblemFactory<FitnessProblem> factory, long seed, Budget budget) {
        return RunLoop.run(cmaes, factory, new RunSettings(seed, budget, CheckpointSchedule.every(1), 1), List.of());
    }

    private static List<Thread> liveCmaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(CmaEs.THREAD_NAME) && t.isAlive())
                .toList();
    }

    private static RunContext context(Budget budget) {
        MatrixOps ops = MatrixOps.withThreads(1);
        MatrixOps monitor = MatrixOps.withThreads(1);
        return new RunContext(new SeedStreams(1), new WorkMeter(budget, ops, monitor, System::nanoTime), ops, monitor);
    }

    @Test
    void reachesOneMillionthOnTheTenDimensionalSphereWithinTwentyThousandEvaluations() {
        Budget budget = new Budget(0, 0, 20_000, null, Optional.of(new Target("fitness", 1e-6, false)));
        RunResult r = run(CmaEs.of(2.0), sphere(10), 1, budget);
        assertEquals(Termination.TARGET_REACHED, r.termination(), r.detail());
        assertTrue(r.last().metric("fitness") <= 1e-6);
        assertTrue(r.clocks().evaluations() <= 20_000);
    }

    // Without restarts CMA-ES with its default population settles in a local minimum and its own stopping
    // rules end each run after a few thousand evaluations, far inside the budget (about 3 s for all seeds).
    @Test
    void rastriginInTenDimensionsEndsWithAModestMedianOverSeeds() {
        int seeds = 10;
        double[] finals = new double[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            RunResult r = run(
                    CmaEs.of(2.0),
                    context -> new TestFunction(context, TestFunction::rastrigin, 10, 5.12, 0),
                    seed,
                    new Budget(0, 0, 500_000, null, Optional.empty()));
            finals[seed] = r.last().metric("fitness");
        }
        Arrays.sort(finals);
        double median = (finals[seeds / 2 - 1] + finals[seeds / 2]) / 2;
        assertTrue(median < 30, "median final Rastrigin value " + median + " of " + Arrays.toString(finals));
    }

    @Test
    void statisticsHaveTheSameKeysFromTheStartAndTheStepSizeShrinksOnTheSphere() {
        RunContext context = context(Budget.iterations(100));
        Search search = CmaEs.of(2.0).start(new TestFunction(context, TestFunction::sphere, 5, 5.12, 0), context);
        try {
            Map<String, Double> before = search.statistics();
            assertEquals(List.of("best_fitness", "best_so_far", "sigma"), List.copyOf(before.keySet()));
            assertTrue(Double.isNaN(before.get("best_fitness")));
            assertEquals(2.0, before.get("sigma"));
            double lastBestSoFar = Double.POSITIVE_INFINITY;
            for (int g = 0; g < 100; g++) {
                search.step();
                Map<String, Double> now = search.statistics();
                assertEquals(before.keySet(), now.keySet());
                assertTrue(now.get("best_so_far") <= lastBestSoFar);
                assertTrue(now.get("best_so_far") <= now.get("best_fitness"));
                lastBestSoFar = now.get("best_so_far");
            }
            assertTrue(
                    search.statistics().get("sigma") < 0.1,
                    "sigma " + search.statistics().get("sigma"));
            assertEquals(lastBestSoFar, TestFunction.sphere(search.solution()));
        } finally {
            search.close();
        }
    }

    @Test
    void eachStepIsOneGenerationOfLambdaEvaluationsAfterTheInitialPoint() {
        RunContext context = context(Budget.iterations(100));
        CmaEs cmaes = new CmaEs(7, 1.0, false, true, 0);
        Search search = cmaes.start(new TestFunction(context, TestFunction::sphere, 4, 5.12, 0), context);
        try {
            assertEquals(0, context.meter().clocks().evaluations(), "start() evaluates nothing");
            search.step();
            assertEquals(1 + 7, context.meter().clocks().evaluations());
            search.step();
            search.step();
            assertEquals(1 + 3 * 7, context.meter().clocks().evaluations());
        } finally {
            search.close();
        }
        assertEquals(6, CmaEs.defaultPopulationSize(2));
        assertEquals(10, CmaEs.defaultPopulationSize(10));
        assertEquals(10, CmaEs.of(1).lambda(10));
    }

    @Test
    void anEvaluationBudgetEndingMidGenerationIsSpentExactlyAndTheRunIsRepeatable() {
        Budget budget = new Budget(0, 0, 777, null, Optional.empty());
        RunResult a = run(CmaEs.of(1.0), sphere(10), 9, budget);
        RunResult b = run(CmaEs.of(1.0), sphere(10), 9, budget);
        assertEquals(Termination.BUDGET_EXHAUSTED, a.termination());
        assertEquals(777, a.clocks().evaluations());
        // 777 = 1 + 77 whole generations of 10 + 6 candidates of the 78th
        assertEquals(77, a.clocks().iterations());
        assertTrue(Arrays.equals(a.solution(), b.solution()));
        assertEquals(a.last().metrics(), b.last().metrics());
        assertTrue(liveCmaThreads().isEmpty(), "left alive: " + liveCmaThreads());
    }

    @Test
    void theCmaThreadNeverOutlivesARun() {
        run(CmaEs.of(1.0), sphere(3), 1, Budget.iterations(5));
        assertTrue(liveCmaThreads().isEmpty(), "after an iteration budget: " + liveCmaThreads());
        run(CmaEs.of(1.0), sphere(3), 1, new Budget(0, 0, 53, null, Optional.empty()));
        assertTrue(liveCmaThreads().isEmpty(), "after an evaluation budget mid-generation: " + liveCmaThreads());
        run(CmaEs.of(1.0), sphere(3), 1, new Budget(0, 0, 1_000_000, null, Optional.empty()));
        assertTrue(liveCmaThreads().isEmpty(), "after CMA-ES stopped itself: " + liveCmaThreads());
    }

    @Test
    void closingEarlyStopsTheThreadBeforeOrBetweenGenerations() {
        RunContext context = context(Budget.iterations(10));
        Search never = CmaEs.of(1.0).start(new TestFunction(context, TestFunction::sphere, 3, 1, 0), context);
        never.close();
        assertTrue(liveCmaThreads().isEmpty(), "closed before the first step: " + liveCmaThreads());
        Search twice = CmaEs.of(1.0).start(new TestFunction(context, TestFunction::sphere, 3, 1, 0), context);
        twice.step();
        twice.step();
        twice.close();
        assertTrue(liveCmaThreads().isEmpty(), "closed between generations: " + liveCmaThreads());
        assertThrows(IllegalStateException.class, twice::step);
    }

    @Test
    void commonsMathsOwnStoppingRuleEndsTheRunAsEarlyStopped() {
        RunResult r = run(CmaEs.of(1.0), sphere(3), 2, new Budget(0, 0, 1_000_000, null, Optional.empty()));
        assertEquals(Termination.EARLY_STOPPED, r.termination());
        assertEquals("CMA-ES stopped: its own convergence criteria", r.detail());
        assertTrue(r.clocks().evaluations() < 1_000_000);
        assertTrue(r.last().metric("fitness") < 1e-10, "fitness " + r.last().metric("fitness"));
    }

    @Test
    void aFailureOnTheCmaThreadIsRethrownOnTheCallersThreadWithItsCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        ProblemFactory<FitnessProblem> failing = context -> new TestFunction(
                context,
                x -> {
                    if (context.meter().clocks().evaluations() > 30) {
                        throw boom;
                    }
                    return TestFunction.sphere(x);
                },
                3,
                1,
                0);
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> run(CmaEs.of(1.0), failing, 1, new Budget(0, 0, 1000, null, Optional.empty())));
        assertSame(boom, e.getCause());
        assertTrue(liveCmaThreads().isEmpty(), "after a failure: " + liveCmaThreads());
    }

    @Test
    void theBudgetExceptionReachesTheCallerUnwrapped() {
        RunContext context = context(new Budget(0, 0, 5, null, Optional.empty()));
        Search search = CmaEs.of(1.0).start(new TestFunction(context, TestFunction::sphere, 3, 1, 0), context);
        try {
            assertThrows(BudgetExhaustedException.class, search::step);
            assertEquals(5, context.meter().clocks().evaluations());
            // the best of the five paid-for evaluations is kept, with its value
            assertEquals(search.statistics().get("best_so_far"), TestFunction.sphere(search.solution()));
        } finally {
            search.close();
        }
    }

    @Test
    void aNoisyProblemUsesOneFitnessCasePerGenerationAndStaysDeterministic() {
        List<Long> seen = new ArrayList<>();
        ProblemFactory<FitnessProblem> noisy = context -> new TestFunction(context, TestFunction::sphere, 4, 2, 0.1) {
            @Override
            public FitnessEvaluator evaluator() {
                FitnessEvaluator inner = super.evaluator();
                return (x, fitnessCase) -> {
                    seen.add(fitnessCase.seed());
                    return inner.fitness(x, fitnessCase);
                };
            }
        };
        RunResult a = run(new CmaEs(5, 1.0, false, true, 0), noisy, 3, Budget.iterations(4));
        List<Long> first = List.copyOf(seen);
        seen.clear();
        RunResult b = run(new CmaEs(5, 1.0, false, true, 0), noisy, 3, Budget.iterations(4));
        assertEquals(first, seen);
        assertTrue(Arrays.equals(a.solution(), b.solution()));
        // the initial point and generation 1 share a case, then one case per generation of 5
        assertEquals(1 + 4 * 5, first.size());
        assertEquals(1, first.subList(0, 6).stream().distinct().count());
        assertEquals(4, first.stream().distinct().count());
    }

    @Test
    void theDiagonalAndPassiveVariantsAlsoSolveTheSphere() {
        Budget budget = new Budget(0, 0, 20_000, null, Optional.of(new Target("fitness", 1e-6, false)));
        assertEquals(
                Termination.TARGET_REACHED,
                run(new CmaEs(0, 2.0, true, true, 0), sphere(10), 1, budget).termination());
        assertEquals(
                Termination.TARGET_REACHED,
                run(new CmaEs(0, 2.0, false, false, 0), sphere(10), 1, budget).termination());
    }

    @Test
    void rejectsBadParametersNamingTheValues() {
        IllegalArgumentException sigma =
                assertThrows(IllegalArgumentException.class, () -> new CmaEs(0, 0, false, true, 0));
        assertTrue(sigma.getMessage().contains("got 0.0"), sigma.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CmaEs(0, -1, false, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new CmaEs(0, Double.NaN, false, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new CmaEs(0, Double.POSITIVE_INFINITY, false, true, 0));
        IllegalArgumentException negative =
                assertThrows(IllegalArgumentException.class, () -> new CmaEs(-3, 1, false, true, 0));
        assertTrue(negative.getMessage().contains("got -3"), negative.getMessage());
        IllegalArgumentException one =
                assertThrows(IllegalArgumentException.class, () -> new CmaEs(1, 1, false, true, 0));
        assertTrue(one.getMessage().contains("got 1"), one.getMessage());
        IllegalArgumentException batch =
                assertThrows(IllegalArgumentException.class, () -> new CmaEs(0, 1, false, true, -2));
        assertTrue(batch.getMessage().contains("got -2"), batch.getMessage());
        assertEquals(2, new CmaEs(2, 1, false, true, 0).populationSize());
    }

    @Test
    void namesItselfForReports() {
        CmaEs cmaes = CmaEs.of(1);
        assertEquals("cmaes", cmaes.name());
        assertEquals("generation", cmaes.iterationName());
        assertEquals(FitnessProblem.class, cmaes.problemType());
        assertTrue(cmaes.activeCma());
        assertEquals(0, cmaes.batchSize());
    }
}
