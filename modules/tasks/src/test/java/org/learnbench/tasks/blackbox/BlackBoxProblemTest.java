package org.learnbench.tasks.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.optim.Budget;
import org.learnbench.optim.BudgetExhaustedException;
import org.learnbench.optim.Clocks;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem.FitnessEvaluator;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;

class BlackBoxProblemTest {
    private static RunContext context(Budget budget) {
        MatrixOps ops = MatrixOps.withThreads(1);
        MatrixOps monitor = MatrixOps.withThreads(1);
        return new RunContext(new SeedStreams(1), new WorkMeter(budget, ops, monitor, System::nanoTime), ops, monitor);
    }

    private static RunContext context() {
        return context(Budget.iterations(1));
    }

    @Test
    void eachEvaluationChargesOneEvaluationItsFlopsAndNoForwardPasses() {
        RunContext context = context();
        BlackBoxProblem problem = new BlackBoxProblem(context, BlackBoxFunction.RASTRIGIN, 10, 0);
        FitnessEvaluator evaluator = problem.evaluator();
        double[] x = problem.initialParameters(new SplittableRandom(2));
        evaluator.fitness(x, new FitnessCase(1, 0));
        evaluator.fitness(x, new FitnessCase(2, 0));
        evaluator.fitness(x, new FitnessCase(3, 0));
        Clocks clocks = context.meter().clocks();
        assertEquals(3, clocks.evaluations());
        assertEquals(0, clocks.sampleForwardPasses());
        assertEquals(3 * BlackBoxFunction.RASTRIGIN.flopsPerEvaluation(10), clocks.flops());
        assertEquals(0, problem.forwardSamplesPerEvaluation(new FitnessCase(1, 0)));
    }

    @Test
    void anEvaluationPastTheBudgetIsRefusedBeforeItIsCounted() {
        RunContext context = context(new Budget(0, 0, 2, null, Optional.empty()));
        FitnessEvaluator evaluator = new BlackBoxProblem(context, BlackBoxFunction.SPHERE, 3, 0).evaluator();
        double[] x = {1, 2, 3};
        evaluator.fitness(x, new FitnessCase(0, 0));
        evaluator.fitness(x, new FitnessCase(0, 0));
        assertThrows(BudgetExhaustedException.class, () -> evaluator.fitness(x, new FitnessCase(0, 0)));
        assertEquals(2, context.meter().clocks().evaluations());
        assertEquals(
                2 * BlackBoxFunction.SPHERE.flopsPerEvaluation(3),
                context.meter().clocks().flops());
    }

    @Test
    void withoutNoiseTheFitnessIsTheFunctionValueOnEveryCase() {
        BlackBoxProblem problem = new BlackBoxProblem(context(), BlackBoxFunction.ROSENBROCK, 4, 0);
        double[] x = {0.5, -1, 2, 0};
        assertFalse(problem.stochastic(new FitnessCase(9, 0)));
        assertEquals(BlackBoxFunction.ROSENBROCK.value(x), problem.evaluator().fitness(x, new FitnessCase(9, 0)));
        assertEquals(BlackBoxFunction.ROSENBROCK.value(x), problem.evaluator().fitness(x, new FitnessCase(10, 0)));
    }

    @Test
    void noiseHasTheConfiguredStandardDeviationAndZeroMean() {
        double sd = 0.7;
        BlackBoxProblem problem = new BlackBoxProblem(context(), BlackBoxFunction.SPHERE, 2, sd);
        assertTrue(problem.stochastic(new FitnessCase(0, 0)));
        FitnessEvaluator evaluator = problem.evaluator();
        double[] x = {1, 1};
        int n = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double e = evaluator.fitness(x, new FitnessCase(i, 0)) - 2;
            sum += e;
            squares += e * e;
        }
        double mean = sum / n;
        double measuredSd = Math.sqrt(squares / n - mean * mean);
        // standard errors: sd / sqrt(n) = 0.005 for the mean, about sd / sqrt(2n) = 0.0035 for the sd
        assertEquals(0, mean, 4 * sd / Math.sqrt(n));
        assertEquals(sd, measuredSd, 4 * sd / Math.sqrt(2.0 * n));
    }

    @Test
    void theSameCaseGivesTheSameNoiseAndAnotherCaseOtherNoise() {
        BlackBoxProblem problem = new BlackBoxProblem(context(), BlackBoxFunction.ACKLEY, 3, 1.0);
        double[] x = {0.1, 0.2, 0.3};
        double a = problem.evaluator().fitness(x, new FitnessCase(42, 0));
        double b = problem.evaluator().fitness(x, new FitnessCase(42, 0));
        double c = problem.evaluator().fitness(x, new FitnessCase(43, 0));
        assertEquals(a, b);
        assertNotEquals(a, c);
        // each candidate has its own noise on a case: a shared offset would leave every ranking unchanged
        double[] y = {1, 2, 3};
        assertNotEquals(
                a - BlackBoxFunction.ACKLEY.value(x),
                problem.evaluator().fitness(y, new FitnessCase(42, 0)) - BlackBoxFunction.ACKLEY.value(y));
    }

    @Test
    void monitoringReportsTheNoiseFreeValueAndTheDistanceWithoutChargingTheBudget() {
        RunContext context = context();
        BlackBoxProblem problem = new BlackBoxProblem(context, BlackBoxFunction.ROSENBROCK, 2, 5.0);
        Map<String, Double> metrics = problem.evaluate(new double[] {1, 4});
        assertEquals(List.of("fitness", "distance_to_optimum"), List.copyOf(metrics.keySet()));
        assertEquals(problem.metricNames(), List.copyOf(metrics.keySet()));
        assertEquals(900, metrics.get("fitness"));
        assertEquals(3, metrics.get("distance_to_optimum"));
        Clocks clocks = context.meter().clocks();
        assertEquals(0, clocks.evaluations());
        assertEquals(0, clocks.flops());
        assertTrue(clocks.monitorFlops() > 0);
    }

    @Test
    void initialParametersAreUniformInTheDomain() {
        BlackBoxProblem problem = new BlackBoxProblem(context(), BlackBoxFunction.ACKLEY, 1000, 0);
        double[] x = problem.initialParameters(new SplittableRandom(5));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min >= -32.768 && max < 32.768, min + " .. " + max);
        assertTrue(min < -30 && max > 30, "a uniform draw of 1000 should come near both ends: " + min + " .. " + max);
        // the mean of 1000 uniform draws on [-a, a] has sd a / sqrt(3000) = 0.6
        assertEquals(0, sum / x.length, 2.4);
        assertEquals(1000, problem.dimension());
    }

    @Test
    void rejectsBadDimensionsAndNoiseNamingTheValues() {
        RunContext context = context();
        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class, () -> new BlackBoxProblem(context, BlackBoxFunction.SPHERE, 0, 0));
        assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
        IllegalArgumentException one = assertThrows(
                IllegalArgumentException.class, () -> new BlackBoxProblem(context, BlackBoxFunction.ROSENBROCK, 1, 0));
        assertTrue(one.getMessage().contains("ROSENBROCK") && one.getMessage().contains("got 1"), one.getMessage());
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class, () -> new BlackBoxProblem(context, BlackBoxFunction.SPHERE, 2, -0.5));
        assertTrue(negative.getMessage().contains("-0.5"), negative.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new BlackBoxProblem(context, BlackBoxFunction.SPHERE, 2, Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BlackBoxProblem(context, BlackBoxFunction.SPHERE, 2, Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsAVectorOfTheWrongLength() {
        BlackBoxProblem problem = new BlackBoxProblem(context(), BlackBoxFunction.SPHERE, 3, 0);
        assertThrows(IllegalArgumentException.class, () -> problem.evaluator()
                .fitness(new double[2], new FitnessCase(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> problem.evaluate(new double[4]));
    }
}
