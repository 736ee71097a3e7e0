package org.learnbench.optim.cmaes;

import org.learnbench.optim.Optimizer;
import org.learnbench.optim.OptimizerContract;
import org.learnbench.optim.SphereProblem;

class CmaEsContractTest extends OptimizerContract {
    @Override
    protected Optimizer<? super SphereProblem> optimizer() {
        return CmaEs.of(1.0);
    }

    @Override
    protected int iterationsToSolve() {
        return 400;
    }
}
