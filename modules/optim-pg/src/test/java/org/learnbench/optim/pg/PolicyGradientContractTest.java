package org.learnbench.optim.pg;

import org.learnbench.optim.BanditProblem;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.OptimizerContract;
import org.learnbench.optim.Problem;
import org.learnbench.optim.ProblemFactory;
import org.learnbench.optim.Target;
import org.learnbench.optim.rules.Adam;

class PolicyGradientContractTest extends OptimizerContract {
    @Override
    protected Optimizer<?> optimizer() {
        return new PolicyGradient(Adam.defaults(), 0.1, 16, 1.0, PolicyGradient.Baseline.NORMALIZE, 0.9, 0.01, 0, 0);
    }

    @Override
    protected ProblemFactory<? extends Problem> problem() {
        return BanditProblem::new;
    }

    @Override
    protected int iterationsToSolve() {
        return 1000;
    }

    @Override
    protected Target solved() {
        return new Target("expected_reward", 0.95, true);
    }
}
