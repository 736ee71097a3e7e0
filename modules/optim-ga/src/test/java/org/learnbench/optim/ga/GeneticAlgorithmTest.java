package org.learnbench.optim.ga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.optim.Budget;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.ProblemFactory;
import org.learnbench.optim.RunListener;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.Target;
import org.learnbench.optim.Termination;
import org.learnbench.optim.TestFunction;

class GeneticAlgorithmTest {
    private static RunResult run(
            GeneticAlgorithm ga,
            ProblemFactory<TestFunction> problem,
            long seed,
            Budget budget,
            int threads,
            int checkpointEvery,
            RunListener... listeners) {
        return RunLoop.run(
                ga,
                problem,
                new RunSettings(seed, budget, CheckpointSchedule.every(checkpointEvery), threads),
                List.of(listeners));
    }

    private static GeneticAlgorithm gaWith(Mutation mutation) {
        return new GeneticAlgorithm(
                50,
                1,
                new Selection.Tournament(3),
                new Crossover.None(),
                0,
                mutation,
                Optional.empty(),
                0,
                0,
                1,
                1,
                0,
                0,
                0);
    }

    @ParameterizedTest
    @EnumSource(
            value = Mutation.Schedule.class,
            names = {"DECAY", "SELF_ADAPTIVE"})
    void reachesOneInAMillionOnTheTenDimensionalSphereWithin200kEvaluations(Mutation.Schedule schedule) {
        GeneticAlgorithm ga = gaWith(new Mutation(1.0, 1.0, schedule, 0.99, 1e-12, 0));
        Budget budget = new Budget(0, 0, 200_000, null, Optional.of(new Target("fitness", 1e-6, false)));
        for (long seed = 1; seed <= 3; seed++) {
            RunResult r = run(ga, c -> TestFunction.sphere(c, 10, 0), seed, budget, 1, 1);
            assertEquals(Termination.TARGET_REACHED, r.termination(), schedule + " seed " + seed + ": " + r.detail());
            assertTrue(r.clocks().evaluations() <= 200_000);
        }
    }

    /** The best preset for Rastrigin: uniform crossover exploits the function's separability. */
    static GeneticAlgorithm rastriginPreset() {
        return new GeneticAlgorithm(
                100,
                2,
                new Selection.Tournament(3),
                new Crossover.Uniform(),
                0.9,
                new Mutation(0.5, 0.1, Mutation.Schedule.DECAY, 0.999, 1e-12, 0),
                Optional.empty(),
                0,
                0,
                1,
                2,
                0,
                0,
                0);
    }

    @Test
    void medianOfTenSeedsOnTenDimensionalRastriginIsBelowThreeWithin500kEvaluations() {
        double[] finals = new double[10];
        for (int seed = 1; seed <= 10; seed++) {
            RunResult r = run(
                    rastriginPreset(),
                    c -> TestFunction.rastrigin(c, 10),
                    seed,
                    new Budget(0, 0, 500_000, null, Optional.empty()),
                    1,
                    1_000_000);
            assertTrue(r.clocks().evaluations() <= 500_000);
            finals[seed - 1] = r.last().metric("fitness");
        }
        Arrays.sort(finals);
        double median = (finals[4] + finals[5]) / 2;
        assertTrue(median < 3.0, "median " + median + " of " + Arrays.toString(finals));
    }

    @Test
    void resultsAreIdenticalWhateverTheThreadCountEvenWithNoisyFitness() {
        GeneticAlgorithm ga = new GeneticAlgorithm(
                30,
                2,
                new Selection.LinearRank(1.8),
                new Crossover.Blend(0.3),
                0.5,
                new Mutation(0.5, 0.5, Mutation.Schedule.SELF_ADAPTIVE, 1, 0, 0),
                Optional.of(new Bounds(-3, 3)),
                0.1,
                0,
                3,
                5,
                4,
                0,
                0);
        List<double[]> solutions = new ArrayList<>();
        List<List<Double>> curves = new ArrayList<>();
        for (int threads : new int[] {1, 2, 3}) {
            List<Double> curve = new ArrayList<>();
            RunResult r = run(
                    ga, c -> TestFunction.sphere(c, 8, 0.5), 11, Budget.iterations(15), threads, 1, new RunListener() {
                        @Override
                        public void onCheckpoint(Checkpoint c) {
                            curve.addAll(c.metrics().values());
                        }
                    });
            solutions.add(r.solution());
            curves.add(curve);
        }
        assertArrayEquals(solutions.get(0), solutions.get(1));
        assertArrayEquals(solutions.get(0), solutions.get(2));
        assertEquals(curves.get(0), curves.get(1));
        assertEquals(curves.get(0), curves.get(2));
    }

    @Test
    void chargesEveryEvaluationIncludingEliteReevaluations() {
        // Noisy fitness: all 30 members on k = 3 cases, then the 5 elite candidates on 4 extra cases.
        GeneticAlgorithm ga = new GeneticAlgorithm(
                30,
                2,
                new Selection.Tournament(3),
                new Crossover.None(),
                0,
                Mutation.constant(0.1),
                Optional.empty(),
                0,
                0,
                3,
                5,
                4,
                0,
                0);
        RunResult r = run(ga, c -> TestFunction.sphere(c, 4, 0.1), 1, Budget.iterations(6), 1, 1);
        long perGeneration = 30 * 3 + 5 * 4;
        assertEquals(7 * perGeneration, r.clocks().evaluations());
        // Deterministic fitness: the elite keeps its score, only the 29 children are evaluated.
        GeneticAlgorithm plain = gaWith(Mutation.constant(0.1));
        RunResult d = run(plain, c -> TestFunction.sphere(c, 4, 0), 1, Budget.iterations(6), 1, 1);
        assertEquals(50 + 6 * 49, d.clocks().evaluations());
    }

    @Test
    void aGenerationRunsWholeOrNotAtAllWhenTheBudgetEnds() {
        RunResult r = run(
                gaWith(Mutation.constant(0.1)),
                c -> TestFunction.sphere(c, 4, 0),
                1,
                new Budget(0, 0, 50 + 3 * 49 + 20, null, Optional.empty()),
                2,
                1);
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertEquals(3, r.clocks().iterations());
        assertEquals(50 + 3 * 49, r.clocks().evaluations());
        assertEquals(
                r.last().metric("best_fitness"),
                r.last().metric("fitness"),
                0.0,
                "the kept solution is the scored best");
    }

    @Test
    void eliteIsNeverLostWithDeterministicFitness() {
        List<Double> best = new ArrayList<>();
        run(
                gaWith(Mutation.constant(2.0)),
                c -> TestFunction.rastrigin(c, 5),
                2,
                Budget.iterations(40),
                1,
                1,
                new RunListener() {
                    @Override
                    public void onCheckpoint(Checkpoint c) {
                        best.add(c.metric("best_fitness"));
                    }
                });
        for (int i = 1; i < best.size(); i++) {
            assertTrue(best.get(i) <= best.get(i - 1), "best fitness rose at generation " + i + ": " + best);
        }
    }

    @Test
    void reportsPopulationStatisticsAtEveryCheckpoint() {
        RunResult r = run(
                gaWith(new Mutation(1.0, 1.0, Mutation.Schedule.DECAY, 0.5, 0.05, 0)),
                c -> TestFunction.sphere(c, 6, 0),
                3,
                Budget.iterations(5),
                1,
                1);
        Checkpoint first = r.checkpoints().get(0);
        assertEquals(
                List.of(
                        "fitness",
                        "distance",
                        "best_fitness",
                        "mean_fitness",
                        "fitness_sd",
                        "best_so_far",
                        "diversity",
                        "sigma"),
                List.copyOf(first.metrics().keySet()));
        assertEquals(1.0, first.metric("sigma"));
        assertEquals(0.125, r.checkpoints().get(3).metric("sigma"), 1e-15); // 1.0 * 0.5^3
        assertEquals(0.05, r.last().metric("sigma"), 1e-15); // 0.5^5 = 0.031 is below the floor of 0.05
        for (Checkpoint c : r.checkpoints()) {
            assertTrue(c.metric("mean_fitness") >= c.metric("best_fitness"));
            assertTrue(c.metric("fitness_sd") >= 0 && c.metric("diversity") > 0);
        }
    }

    @Test
    void steadyFitnessStopsTheRun() {
        GeneticAlgorithm ga = new GeneticAlgorithm(
                10,
                1,
                new Selection.Tournament(2),
                new Crossover.None(),
                0,
                Mutation.constant(1e-9),
                Optional.empty(),
                0,
                0,
                1,
                1,
                0,
                5,
                1e-3);
        RunResult r = run(ga, c -> TestFunction.sphere(c, 3, 0), 1, Budget.iterations(1000), 1, 1);
        assertEquals(Termination.EARLY_STOPPED, r.termination(), r.detail());
        assertEquals(5, r.clocks().iterations());
    }

    @Test
    void rejectsImpossibleSettingsNamingTheValues() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new GeneticAlgorithm(
                        1,
                        0,
                        new Selection.Tournament(1),
                        new Crossover.None(),
                        0,
                        Mutation.constant(0.1),
                        Optional.empty(),
                        0,
                        0,
                        1,
                        0,
                        0,
                        0,
                        0));
        assertTrue(e.getMessage().contains("population must be >= 2, got 1"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new GeneticAlgorithm(
                        10,
                        10,
                        new Selection.Tournament(3),
                        new Crossover.None(),
                        0,
                        Mutation.constant(0.1),
                        Optional.empty(),
                        0,
                        0,
                        1,
                        10,
                        0,
                        0,
                        0));
        var t = assertThrows(
                IllegalArgumentException.class,
                () -> new GeneticAlgorithm(
                        10,
                        1,
                        new Selection.Tournament(11),
                        new Crossover.None(),
                        0,
                        Mutation.constant(0.1),
                        Optional.empty(),
                        0,
                        0,
                        1,
                        1,
                        0,
                        0,
                        0));
        assertTrue(t.getMessage().contains("tournament size must be <= population (10), got 11"), t.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new GeneticAlgorithm(
                        10,
                        1,
                        new Selection.Tournament(3),
                        new Crossover.Uniform(),
                        1.5,
                        Mutation.constant(0.1),
                        Optional.empty(),
                        0,
                        0,
                        1,
                        1,
                        0,
                        0,
                        0));
        assertThrows(IllegalArgumentException.class, () -> Mutation.constant(0));
        assertThrows(
                IllegalArgumentException.class, () -> new Mutation(0.1, -0.1, Mutation.Schedule.CONSTANT, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Bounds(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Selection.LinearRank(2.5));
    }
}
