package org.learnbench.tasks.trading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MlpSpec;
import org.learnbench.optim.Budget;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.Rollouts;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;
import org.learnbench.tasks.series.Series;
import org.learnbench.tasks.series.SeriesTransform;

class TradingProblemTest {
    private static final MlpSpec SMALL = new MlpSpec(List.of(4), Activation.TANH, null, 0);

    private static RunContext context(long seed) {
        MatrixOps ops = MatrixOps.withThreads(1);
        MatrixOps monitor = MatrixOps.withThreads(1);
        return new RunContext(
                new SeedStreams(seed),
                new WorkMeter(Budget.iterations(100), ops, monitor, System::nanoTime),
                ops,
                monitor);
    }

    private static TradingMarket market() {
        SplittableRandom random = new SplittableRandom(3);
        double[] percent = new double[300];
        for (int t = 0; t < percent.length; t++) {
            percent[t] = random.nextGaussian();
        }
        return TradingMarket.of(Series.of("r", percent), "r", SeriesTransform.NONE, true, 5, 0.0005, 20, 0.2, 0.2);
    }

    /** A policy whose logits are its output biases alone (all weights 0): always the given action. */
    private static double[] always(TradingProblem problem, int action) {
        double[] theta = new double[problem.dimension()];
        theta[theta.length - 3 + action] = 1;
        return theta;
    }

    @Test
    void anAlwaysLongPolicyEarnsExactlyBuyAndHold() {
        TradingProblem problem = new TradingProblem(context(1), market(), SMALL, 2);
        Map<String, Double> m = problem.evaluate(always(problem, 2));
        for (String split : List.of("validation", "test")) {
            assertEquals(m.get(split + "_bh_cumulative_return"), m.get(split + "_cumulative_return"), 1e-12);
            assertEquals(m.get(split + "_bh_sharpe"), m.get(split + "_sharpe"), 1e-9);
            assertEquals(m.get(split + "_bh_max_drawdown"), m.get(split + "_max_drawdown"), 1e-12);
            assertEquals(1, m.get(split + "_exposure"));
            assertEquals(1, m.get(split + "_trades"));
        }
        double[] test = market().returns(240, 300);
        assertEquals(
                TradingMetrics.cumulativeReturn(TradingMetrics.buyAndHold(test, 0.0005)),
                m.get("test_cumulative_return"),
                1e-12);
        assertFalse(m.containsKey("solved"));
    }

    @Test
    void anAlwaysFlatPolicyEarnsNothing() {
        TradingProblem problem = new TradingProblem(context(1), market(), SMALL, 2);
        Map<String, Double> m = problem.evaluate(always(problem, 1));
        assertEquals(0, m.get("test_cumulative_return"));
        assertEquals(0, m.get("test_sharpe"));
        assertEquals(0, m.get("test_trades"));
        assertEquals(0, m.get("eval_return"));
    }

    @Test
    void rolloutsAndFitnessPlayTrainingEpisodesReproduciblyUnderTheRunSeed() {
        double[] a = play(7);
        double[] b = play(7);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, play(8)), "another seed, other episodes");
    }

    private static double[] play(long seed) {
        TradingProblem problem = new TradingProblem(context(seed), market(), SMALL, 2);
        double[] theta = problem.initialParameters(new SplittableRandom(1));
        Rollouts r = problem.rollouts(theta, 3, new SplittableRandom(2));
        assertEquals(60, r.steps(), "3 episodes of 20 days");
        assertTrue(r.truncated()[0]);
        double fitness = problem.evaluator().fitness(theta, new FitnessCase(99, 0));
        double[] out = java.util.Arrays.copyOf(r.episodeReturns(), 4);
        out[3] = fitness;
        return out;
    }
}
