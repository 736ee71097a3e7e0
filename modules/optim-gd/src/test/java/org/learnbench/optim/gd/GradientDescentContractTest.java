package org.learnbench.optim.gd;

import org.learnbench.optim.Optimizer;
import org.learnbench.optim.OptimizerContract;
import org.learnbench.optim.SphereProblem;
import org.learnbench.optim.rules.Adam;
import org.learnbench.optim.rules.LearningRateSchedule;

class GradientDescentContractTest extends OptimizerContract {
    @Override
    protected Optimizer<? super SphereProblem> optimizer() {
        return new GradientDescent(Adam.defaults(), 0.05, 8, 0, 0, new LearningRateSchedule.Cosine(200, 0), 0, null);
    }
}
