package org.learnbench.tasks.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Network;
import org.learnbench.nn.Pass;
import org.learnbench.optim.Budget;
import org.learnbench.optim.BudgetExhaustedException;
import org.learnbench.optim.Clocks;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.Rollouts;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.WorkMeter;

class ControlProblemTest {
    private static RunContext context(Budget budget) {
        MatrixOps ops = MatrixOps.withThreads(1);
        MatrixOps monitor = MatrixOps.withThreads(1);
        return new RunContext(new SeedStreams(7), new WorkMeter(budget, ops, monitor, System::nanoTime), ops, monitor);
    }

    private static final MlpSpec SMALL = new MlpSpec(List.of(8), Activation.TANH, null, 0);

    @Test
    void rolloutsLayOutEpisodesAndChargeEveryStepAndPass() {
        RunContext context = context(Budget.iterations(10));
        ControlProblem problem = new ControlProblem(context, ControlTask.CARTPOLE, SMALL, 5);
        double[] theta = problem.initialParameters(new SplittableRandom(1));
        Rollouts r = problem.rollouts(theta, 3, new SplittableRandom(2));
        assertEquals(3, r.episodes());
        assertEquals(r.steps(), r.episodeEnds()[2]);
        for (int e = 0; e < 3; e++) {
            int length = r.episodeEnds()[e] - r.episodeStart(e);
            assertTrue(length >= 1 && length <= 500);
            assertEquals(length, r.episodeReturns()[e], 0.0, "CartPole pays 1 per step");
        }
        Clocks k = context.meter().clocks();
        assertEquals(3, k.episodes());
        assertEquals(r.steps(), k.envSteps());
        assertEquals(r.steps(), k.forwardSamples(), "one policy forward pass per step");
        assertEquals(0, k.backwardSamples());
    }

    @Test
    void theSameSeedsReplayTheSameEpisodes() {
        Rollouts a = replay();
        Rollouts b = replay();
        assertTrue(a.observations().contentEquals(b.observations()));
        assertArrayEquals(a.actions(), b.actions());
    }

    private static Rollouts replay() {
        ControlProblem problem = new ControlProblem(context(Budget.iterations(1)), ControlTask.ACROBOT, SMALL, 2);
        return problem.rollouts(problem.initialParameters(new SplittableRandom(3)), 2, new SplittableRandom(4));
    }

    @Test
    void policyGradientIsTheDerivativeOfTheWeightedLogLikelihoodWithEntropy() {
        RunContext context = context(Budget.iterations(10));
        ControlProblem problem = new ControlProblem(context, ControlTask.ACROBOT, SMALL, 2);
        double[] theta = problem.initialParameters(new SplittableRandom(5));
        Rollouts r = problem.rollouts(theta, 1, new SplittableRandom(6));
        double[] w = new double[r.steps()];
        SplittableRandom random = new SplittableRandom(8);
        for (int t = 0; t < w.length; t++) {
            w[t] = random.nextDouble(-2, 2);
        }
        double beta = 0.3;
        double[] g = new double[theta.length];
        problem.policyGradient(theta, r, w, beta, g);
        double h = 1e-6;
        for (int p : new int[] {0, 5, theta.length - 1}) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[p] += h;
            minus[p] -= h;
            double numeric = (loss(plus, r, w, beta) - loss(minus, r, w, beta)) / (2 * h);
            assertEquals(numeric, g[p], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + p);
        }
    }

    /** L = -(1/T) sum w_t log pi(a_t|s_t) - beta (1/T) sum H_t, computed directly. */
    private static double loss(double[] theta, Rollouts r, double[] w, double beta) {
        Network net = SMALL.build(6, 3, Activation.IDENTITY);
        net.setParameters(theta);
        MatrixOps ops = MatrixOps.withThreads(1);
        Matrix logits = net.forward(Pass.inference(ops), r.observations());
        Matrix lse = ops.logSumExpRows(logits, null);
        double total = 0;
        for (int t = 0; t < r.steps(); t++) {
            double logPiA = logits.get(t, r.actions()[t]) - lse.get(t, 0);
            double entropy = 0;
            for (int a = 0; a < 3; a++) {
                double logPi = logits.get(t, a) - lse.get(t, 0);
                entropy -= Math.exp(logPi) * logPi;
            }
            total += -w[t] * logPiA - beta * entropy;
        }
        return total / r.steps();
    }

    @Test
    void valuesCoverEveryStepThenEveryFinalObservation() {
        RunContext context = context(Budget.iterations(1));
        ControlProblem problem = new ControlProblem(context, ControlTask.MOUNTAINCAR, SMALL, 1);
        double[] theta = problem.initialParameters(new SplittableRandom(1));
        Rollouts r = problem.rollouts(theta, 2, new SplittableRandom(2));
        assertTrue(r.truncated()[0] && r.truncated()[1], "a random MountainCar policy hits the 200-step limit");
        double[] v = problem.values(problem.initialValueParameters(new SplittableRandom(3)), r);
        assertEquals(r.steps() + 2, v.length);
        double[] vp = problem.initialValueParameters(new SplittableRandom(3));
        double[] grad = new double[vp.length];
        double before = problem.valueGradient(vp, r, new double[r.steps()], grad);
        for (int i = 0; i < vp.length; i++) {
            vp[i] -= 0.05 * grad[i];
        }
        assertTrue(
                problem.valueGradient(vp, r, new double[r.steps()], grad) < before, "a gradient step lowers the error");
    }

    @Test
    void evaluationIsTheSameAtEveryCheckpointAndChargesOnlyMonitoringClocks() {
        RunContext context = context(Budget.iterations(1));
        ControlProblem problem = new ControlProblem(context, ControlTask.CARTPOLE, SMALL, 10);
        double[] theta = problem.initialParameters(new SplittableRandom(1));
        Map<String, Double> first = problem.evaluate(theta);
        assertEquals(first, problem.evaluate(theta));
        assertEquals(
                List.of("eval_return", "eval_return_stochastic", "eval_episode_length", "solved"),
                List.copyOf(first.keySet()));
        Clocks k = context.meter().clocks();
        assertEquals(0, k.envSteps());
        assertEquals(0, k.episodes());
        assertTrue(k.monitorEnvSteps() > 0);
        assertEquals(first.get("eval_return"), first.get("eval_episode_length"), 0.0);
    }

    @Test
    void fitnessIsMinusTheGreedyReturnOfTheCasesEpisode() {
        RunContext context = context(Budget.iterations(1));
        ControlProblem problem = new ControlProblem(context, ControlTask.CARTPOLE, SMALL, 1);
        double[] theta = problem.initialParameters(new SplittableRandom(1));
        double f = problem.evaluator().fitness(theta, new FitnessCase(99, 0));
        assertEquals(f, problem.evaluator().fitness(theta, new FitnessCase(99, 0)));
        assertTrue(f <= -1 && f >= -500);
        Clocks k = context.meter().clocks();
        assertEquals(2, k.evaluations());
        assertEquals(2, k.episodes());
        assertEquals((long) (-2 * f), k.envSteps());
    }

    @Test
    void anEnvStepBudgetStopsARollout() {
        RunContext context = context(new Budget(0, 0, 0, 30, 0, null, Optional.empty()));
        ControlProblem problem = new ControlProblem(context, ControlTask.MOUNTAINCAR, SMALL, 1);
        double[] theta = problem.initialParameters(new SplittableRandom(1));
        assertThrows(BudgetExhaustedException.class, () -> problem.rollouts(theta, 1, new SplittableRandom(2)));
        assertTrue(context.meter().clocks().envSteps() <= 30);
    }
}
