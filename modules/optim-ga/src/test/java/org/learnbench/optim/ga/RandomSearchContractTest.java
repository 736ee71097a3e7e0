package org.learnbench.optim.ga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.OptimizerContract;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.Target;
import org.learnbench.optim.TestFunction;

class RandomSearchContractTest extends OptimizerContract {
    @Override
    protected Optimizer<?> optimizer() {
        return new RandomSearch(50, 0);
    }

    /**
     * Random search cannot get within 1e-3 of a 10-d optimum; in one dimension it can. Each evaluation
     * also charges one forward pass, so the contract's sample-forward-pass budget applies.
     */
    @Override
    protected org.learnbench.optim.ProblemFactory<? extends org.learnbench.optim.Problem> problem() {
        return c -> new TestFunction(c, TestFunction::sphere, 1, 1, 0) {
            @Override
            public FitnessEvaluator evaluator() {
                FitnessEvaluator inner = super.evaluator();
                return (x, fitnessCase) -> {
                    c.meter().chargeForward(1);
                    return inner.fitness(x, fitnessCase);
                };
            }

            @Override
            public long forwardSamplesPerEvaluation(org.learnbench.optim.FitnessCase fitnessCase) {
                return 1;
            }
        };
    }

    @Override
    protected Target solved() {
        return new Target("distance", 1e-3, false);
    }

    @Override
    protected int iterationsToSolve() {
        return 400;
    }

    @Test
    void keepsTheBestPointSeenAndChargesEverySample() {
        RunResult r = RunLoop.run(
                new RandomSearch(20, 0),
                c -> TestFunction.sphere(c, 3, 0),
                new RunSettings(1, Budget.iterations(10), CheckpointSchedule.every(1), 2),
                List.of());
        assertEquals(200, r.clocks().evaluations());
        double previous = Double.POSITIVE_INFINITY;
        for (var c : r.checkpoints().subList(1, r.checkpoints().size())) {
            assertTrue(c.metric("best_so_far") <= previous);
            assertTrue(c.metric("best_so_far") <= c.metric("best_fitness"));
            previous = c.metric("best_so_far");
        }
        assertEquals(r.last().metric("best_so_far"), r.last().metric("fitness"), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new RandomSearch(0, 0));
    }
}
