package org.learnbench.experiment.config;

import org.learnbench.optim.Budget;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.gd.GradientDescent;
import org.learnbench.optim.pg.PolicyGradient;

/**
 * Whether an optimizer can work on a task within a budget: backprop needs labels, policy gradient needs
 * episodes, and a budget must limit a clock the pair actually advances.
 */
final class Compatibility {
    private Compatibility() {}

    static void check(Values v, TaskConfig task, Budget budget, Optimizer<?> optimizer) {
        check(
                message -> {
                    ConfigException at = v.error("optimizer", message);
                    return new ConfigException(at.file(), at.line(), "optimizer.type", message);
                },
                task,
                budget,
                optimizer);
    }

    /** As above, with {@code error} making the exception for a message (at the optimizer's type). */
    static void check(
            java.util.function.Function<String, ConfigException> error,
            TaskConfig task,
            Budget budget,
            Optimizer<?> optimizer) {
        String type = OptimizerSettings.OPTIMIZERS.nameOf(optimizer);
        if (optimizer instanceof GradientDescent) {
            if (task instanceof TaskConfig.Control || task instanceof TaskConfig.Trading) {
                throw error.apply("backprop needs labels, and a " + task.type() + " task has none (only "
                        + "rewards); use policy_gradient, genetic or cmaes");
            }
            if (task instanceof TaskConfig.BlackBox) {
                throw error.apply("backprop needs labelled data to differentiate, and a " + task.type()
                        + " task is a black-box function; use genetic or cmaes");
            }
            if (budget.maxIterations() == 0 && budget.maxSampleForwardPasses() == 0 && budget.maxWallTime() == null) {
                throw error.apply("backprop does no fitness evaluations, so an evaluations-only budget would "
                        + "never end; give budget.epochs, sample_forward_passes or wall_time");
            }
        }
        if (optimizer instanceof PolicyGradient && task instanceof TaskConfig.BlackBox) {
            throw error.apply("a policy-gradient learner needs a policy acting in episodes; a " + task.type()
                    + " task is a black-box function (use genetic or cmaes)");
        }
        if (task instanceof TaskConfig.BlackBox
                && budget.maxIterations() == 0
                && budget.maxEvaluations() == 0
                && budget.maxEnvSteps() == 0
                && budget.maxEpisodes() == 0
                && budget.maxWallTime() == null) {
            throw error.apply("a " + task.type() + " task passes no samples forward, so a budget of "
                    + "sample_forward_passes alone would never end with " + type
                    + "; give budget.iterations, evaluations or wall_time");
        }
    }
}
