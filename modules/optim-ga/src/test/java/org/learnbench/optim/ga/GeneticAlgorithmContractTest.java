package org.learnbench.optim.ga;

import java.util.Optional;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.OptimizerContract;
import org.learnbench.optim.SphereProblem;

class GeneticAlgorithmContractTest extends OptimizerContract {
    @Override
    protected Optimizer<? super SphereProblem> optimizer() {
        return new GeneticAlgorithm(
                20,
                1,
                new Selection.Tournament(2),
                new Crossover.None(),
                0,
                new Mutation(1.0, 1.0, Mutation.Schedule.SELF_ADAPTIVE, 1, 1e-12, 0),
                Optional.empty(),
                0,
                0,
                1,
                1,
                0,
                0,
                0);
    }

    @Override
    protected int iterationsToSolve() {
        return 1000;
    }
}
