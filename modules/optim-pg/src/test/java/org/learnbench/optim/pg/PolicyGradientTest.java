package org.learnbench.optim.pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.learnbench.optim.BanditProblem;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.RunLoop;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.RunSettings;
import org.learnbench.optim.Target;
import org.learnbench.optim.Termination;
import org.learnbench.optim.rules.Adam;
import org.learnbench.optim.rules.Sgd;

class PolicyGradientTest {
    private static RunResult run(PolicyGradient pg, Budget budget) {
        return RunLoop.run(
                pg, BanditProblem::new, new RunSettings(1, budget, CheckpointSchedule.every(1), 1), List.of());
    }

    @ParameterizedTest
    @EnumSource(
            value = PolicyGradient.Baseline.class,
            names = {"NONE", "RUNNING_MEAN", "NORMALIZE"})
    void everyBaselineLearnsTheBandit(PolicyGradient.Baseline baseline) {
        PolicyGradient pg = new PolicyGradient(Adam.defaults(), 0.05, 16, 1.0, baseline, 0.9, 0.01, 0, 0);
        RunResult r = run(pg, Budget.iterations(300).withTarget(new Target("expected_reward", 0.9, true)));
        assertEquals(Termination.TARGET_REACHED, r.termination(), baseline + ": " + r.detail());
    }

    @Test
    void countsEpisodesStepsAndPassesOnTheSharedClocks() {
        PolicyGradient pg =
                new PolicyGradient(Sgd.plain(), 0.1, 8, 0.99, PolicyGradient.Baseline.NONE, 0.9, 0.01, 0, 0);
        RunResult r = run(pg, Budget.iterations(5));
        assertEquals(40, r.clocks().episodes());
        assertEquals(40, r.clocks().envSteps());
        // Per update: 8 forward passes to act, then a forward and a backward pass per step for the gradient.
        assertEquals(5 * (8 + 8), r.clocks().forwardSamples());
        assertEquals(5 * 8, r.clocks().backwardSamples());
    }

    @Test
    void anEpisodeBudgetIsNeverExceeded() {
        PolicyGradient pg =
                new PolicyGradient(Adam.defaults(), 0.01, 7, 1.0, PolicyGradient.Baseline.NORMALIZE, 0.9, 0.01, 0, 0);
        RunResult r = run(pg, new Budget(0, 0, 0, 0, 30, null, java.util.Optional.empty()));
        assertEquals(Termination.BUDGET_EXHAUSTED, r.termination());
        assertEquals(28, r.clocks().episodes());
        assertEquals(4, r.clocks().iterations());
    }

    @Test
    void theEntropyBonusKeepsThePolicyMoreRandom() {
        PolicyGradient plain =
                new PolicyGradient(Adam.defaults(), 0.05, 16, 1.0, PolicyGradient.Baseline.NORMALIZE, 0.9, 0.01, 0, 0);
        PolicyGradient bonus = new PolicyGradient(
                Adam.defaults(), 0.05, 16, 1.0, PolicyGradient.Baseline.NORMALIZE, 0.9, 0.01, 1.0, 0);
        double h0 = run(plain, Budget.iterations(200)).last().metric("entropy");
        double h1 = run(bonus, Budget.iterations(200)).last().metric("entropy");
        assertTrue(h1 > h0 + 0.1, "entropy with bonus " + h1 + ", without " + h0);
    }

    @Test
    void reportsTrainingReturnsAndEntropyFromTheStart() {
        RunResult r = run(
                new PolicyGradient(Adam.defaults(), 0.05, 4, 1.0, PolicyGradient.Baseline.NONE, 0.9, 0.01, 0, 0),
                Budget.iterations(3));
        assertEquals(
                List.of(
                        "accuracy",
                        "expected_reward",
                        "train_return_mean",
                        "train_return_median",
                        "train_return_min",
                        "train_return_max",
                        "train_episode_length",
                        "entropy",
                        "value_loss"),
                List.copyOf(r.checkpoints().get(0).metrics().keySet()));
        assertTrue(Double.isNaN(r.checkpoints().get(0).metric("entropy")));
        assertEquals(1.0, r.last().metric("train_episode_length"));
        double entropy = r.last().metric("entropy");
        assertTrue(entropy > 0 && entropy <= Math.log(3) + 1e-12);
    }

    @Test
    void refusesAValueBaselineWithoutAValueNetworkAndBadSettings() {
        PolicyGradient value =
                new PolicyGradient(Adam.defaults(), 0.05, 4, 1.0, PolicyGradient.Baseline.VALUE, 0.9, 0.01, 0, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> run(value, Budget.iterations(3)));
        assertTrue(e.getMessage().contains("value network"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new PolicyGradient(Adam.defaults(), 0.05, 4, 0, PolicyGradient.Baseline.NONE, 0.9, 0.01, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PolicyGradient(Adam.defaults(), 0.05, 0, 0.9, PolicyGradient.Baseline.NONE, 0.9, 0.01, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PolicyGradient(Adam.defaults(), -1, 4, 0.9, PolicyGradient.Baseline.NONE, 0.9, 0.01, 0, 0));
    }

    @Test
    void sameSeedSameParameters() {
        PolicyGradient pg = new PolicyGradient(
                Adam.defaults(), 0.05, 8, 0.9, PolicyGradient.Baseline.RUNNING_MEAN, 0.9, 0.01, 0.01, 1);
        assertArrayEquals(
                run(pg, Budget.iterations(20)).solution(),
                run(pg, Budget.iterations(20)).solution());
    }
}
