package org.learnbench.optim.gd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.SphereProblem;
import org.learnbench.optim.Termination;
import org.learnbench.optim.rules.Adagrad;
import org.learnbench.optim.rules.Adam;
import org.learnbench.optim.rules.LearningRateSchedule;
import org.learnbench.optim.rules.RmsProp;
import org.learnbench.optim.rules.Sgd;
import org.learnbench.optim.rules.UpdateRule;

class GradientDescentTest {
    private static double[] step(UpdateRule rule, double lr, double[] start, double[]... gradients) {
        double[] p = start.clone();
        UpdateRule.Stepper s = rule.start(p.length);
        for (double[] g : gradients) {
            s.apply(p, g.clone(), lr);
        }
        return p;
    }

    @Test
    void plainSgdStepsAgainstTheGradient() {
        assertArrayEquals(
                new double[] {1 - 0.1 * 2, -0.1 * -4},
                step(Sgd.plain(), 0.1, new double[] {1, 0}, new double[] {2, -4}),
                1e-15);
    }

    @Test
    void momentumStartsItsBufferAtTheFirstGradient() {
        // b1 = g = 1; b2 = 0.9 * 1 + 1 = 1.9; theta = -0.1 * (1 + 1.9)
        assertEquals(
                -0.29,
                step(new Sgd(0.9, 0, false), 0.1, new double[] {0}, new double[] {1}, new double[] {1})[0],
                1e-15);
        // dampening 0.5: b2 = 0.9 + 0.5 = 1.4
        assertEquals(
                -0.24,
                step(new Sgd(0.9, 0.5, false), 0.1, new double[] {0}, new double[] {1}, new double[] {1})[0],
                1e-15);
        // Nesterov: step 1 uses g + mu b1 = 1.9; step 2 uses 1 + 0.9 * 1.9 = 2.71
        assertEquals(
                -0.1 * (1.9 + 2.71),
                step(new Sgd(0.9, 0, true), 0.1, new double[] {0}, new double[] {1}, new double[] {1})[0],
                1e-15);
    }

    @Test
    void adamFirstStepHasTheLengthOfTheLearningRate() {
        // m_hat = g and v_hat = g^2 after one step, so the step is lr * g / (|g| + eps).
        double[] p = step(Adam.defaults(), 0.01, new double[] {0, 0}, new double[] {3, -1e-3});
        assertEquals(-0.01 * 3 / (3 + 1e-8), p[0], 1e-15);
        assertEquals(0.01 * 1e-3 / (1e-3 + 1e-8), p[1], 1e-15);
        // Second step with gradient 0: m = 0.09 g_1... m_hat = 0.9*0.1*g/(1-0.81) and v_hat = 0.999*0.001
        // g^2/(1-0.998001)
        double g = 3;
        double mHat = 0.9 * 0.1 * g / (1 - 0.81);
        double vHat = 0.999 * 0.001 * g * g / (1 - 0.999 * 0.999);
        double[] two = step(Adam.defaults(), 0.01, new double[] {0}, new double[] {g}, new double[] {0});
        assertEquals(-0.01 * 3 / (3 + 1e-8) - 0.01 * mHat / (Math.sqrt(vHat) + 1e-8), two[0], 1e-15);
    }

    @Test
    void rmsPropAndAdagradFirstSteps() {
        // RMSprop: v = 0.01 g^2, step = lr g / (0.1 |g| + eps) = 10 lr sign(g)
        assertEquals(
                -10 * 0.01 * 2 / (2 + 1e-7),
                step(RmsProp.defaults(), 0.01, new double[] {0}, new double[] {2})[0],
                1e-15);
        // Adagrad: s = g^2, step = lr g / (|g| + eps); second step with the same g: lr g / (sqrt(2) |g|)
        double[] p = step(Adagrad.defaults(), 0.1, new double[] {0}, new double[] {2}, new double[] {2});
        assertEquals(-0.1 * 2 / (2 + 1e-10) - 0.1 * 2 / (Math.sqrt(8) + 1e-10), p[0], 1e-15);
    }

    @Test
    void schedulesFollowTheirFormulas() {
        assertEquals(0.1, new LearningRateSchedule.Constant().rate(0.1, 99));
        assertEquals(0.1 * 0.5 * 0.5, new LearningRateSchedule.Step(10, 0.5).rate(0.1, 25), 1e-15);
        assertEquals(0.1 * Math.pow(0.9, 3), new LearningRateSchedule.Exponential(0.9).rate(0.1, 3), 1e-15);
        LearningRateSchedule.Cosine cosine = new LearningRateSchedule.Cosine(100, 0.001);
        assertEquals(0.1, cosine.rate(0.1, 0), 1e-15);
        assertEquals(0.001 + 0.099 / 2, cosine.rate(0.1, 50), 1e-15);
        assertEquals(0.001, cosine.rate(0.1, 100), 1e-15);
        assertEquals(0.001, cosine.rate(0.1, 150), 1e-15);
    }

    @Test
    void rejectsImpossibleHyperparameters() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new GradientDescent(Sgd.plain(), -0.1, 32, 0, 0, new LearningRateSchedule.Constant(), 0, null));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(1.0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 0, true));
    }

    private static RunResult sphere(GradientDescent gd, Budget budget) {
        return RunLoop.run(
                gd,
                c -> new SphereProblem(c, 5, 40, 3),
                new RunSettings(1, budget, CheckpointSchedule.every(1), 1),
                List.of());
    }

    @Test
    void aDivergingRunIsRecordedAsDivergedNotThrown() {
        GradientDescent tooFast =
                new GradientDescent(Sgd.plain(), 50, 0, 0, 0, new LearningRateSchedule.Constant(), 0, null);
        RunResult r = sphere(tooFast, Budget.iterations(10_000));
        assertEquals(Termination.DIVERGED, r.termination());
        assertTrue(r.detail().contains("Infinity") || r.detail().contains("NaN"), r.detail());
        assertTrue(r.clocks().iterations() < 10_000);
    }

    @Test
    void gradientClippingBoundsTheStep() {
        // Full-batch plain SGD from x0 in [2,4]^5: the gradient norm is about 13; clipped to 0.01, one step
        // of lr 1 moves x by 0.01 (less the 1e-6 of torch's clip coefficient).
        GradientDescent clipped =
                new GradientDescent(Sgd.plain(), 1.0, 0, 0, 0, new LearningRateSchedule.Constant(), 0.01, null);
        RunResult r = sphere(clipped, Budget.iterations(1));
        double moved = r.checkpoints().get(0).metric("distance") - r.last().metric("distance");
        assertEquals(0.01, moved, 1e-6);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestParameters() {
        // Stochastic SGD with a large step never settles: the validation loss (here the same points as
        // training) wanders, so patience runs out, and the kept parameters are those of the best epoch.
        Optional<EarlyStopping> restore = Optional.of(new EarlyStopping(5, 0, true));
        GradientDescent noisy =
                new GradientDescent(Sgd.plain(), 0.4, 1, 0, 0, new LearningRateSchedule.Constant(), 0, restore);
        RunResult r = sphere(noisy, Budget.iterations(5000));
        assertEquals(Termination.EARLY_STOPPED, r.termination(), r.detail());
        double best = Double.POSITIVE_INFINITY;
        for (var c : r.checkpoints().subList(1, r.checkpoints().size() - 1)) {
            best = Math.min(best, c.metric("train_loss"));
        }
        assertEquals(best, r.last().metric("train_loss"), 0.0, "the final checkpoint is the best epoch");
        double stoppedAt = r.checkpoints().get(r.checkpoints().size() - 2).metric("train_loss");
        assertTrue(stoppedAt > best, "the last epoch was worse than the best");
    }

    @Test
    void decoupledAndCoupledWeightDecayDiffer() {
        GradientDescent coupled =
                new GradientDescent(Adam.defaults(), 0.1, 0, 0.5, 0, new LearningRateSchedule.Constant(), 0, null);
        GradientDescent decoupled =
                new GradientDescent(Adam.defaults(), 0.1, 0, 0, 0.5, new LearningRateSchedule.Constant(), 0, null);
        RunResult a = sphere(coupled, Budget.iterations(300));
        RunResult b = sphere(decoupled, Budget.iterations(300));
        // Both pull towards 0 and away from the optimum; they must not coincide.
        assertTrue(a.last().metric("distance") > 1e-3 && b.last().metric("distance") > 1e-3);
        assertTrue(Math.abs(a.last().metric("distance") - b.last().metric("distance")) > 1e-3);
    }
}
