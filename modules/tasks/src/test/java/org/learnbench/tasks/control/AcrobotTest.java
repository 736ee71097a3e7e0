package org.learnbench.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnbench.tasks.control.StateAssertions.assertStateEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AcrobotTest {
    private final Acrobot env = new Acrobot();
    private final double[] obs = new double[6];

    private void startFrom(double... state) {
        env.reset(new SplittableRandom(0), obs);
        env.setState(state);
    }

    private static double[] observationOf(double[] s) {
        return new double[] {Math.cos(s[0]), Math.sin(s[0]), Math.cos(s[1]), Math.sin(s[1]), s[2], s[3]};
    }

    @Test
    void twoRungeKuttaStepsFromAMovingStateMatchTheReferenceNumbers() {
        // Expected values from a plain-math float64 Python script written from the Gymnasium "book" equations
        // and one RK4 step of 0.2 s; the same script agreed to the last bit with Gymnasium 1.3.0's
        // AcrobotEnv.step on this sequence (torque +1, then -1).
        double[][] expected = {
            {0.4693034588482764, -1.0534556055068036, 0.47277089812603135, -1.0104241815488697},
            {0.506414153466415, -1.1580083867958149, -0.10546168738616302, -0.029416264762485378},
        };
        int[] actions = {2, 0};
        startFrom(0.3, -0.7, 1.2, -2.5);
        for (int t = 0; t < actions.length; t++) {
            assertEquals(-1.0, env.step(actions[t], obs));
            assertStateEquals(expected[t], env.state(), "step " + (t + 1));
            assertStateEquals(observationOf(expected[t]), obs, "observation after step " + (t + 1));
            assertFalse(env.done());
        }
    }

    @Test
    void anglesAreWrappedAndTheSecondVelocityIsClippedAfterTheStep() {
        // Same reference script: theta1 leaves [-pi, pi] and is wrapped, theta2 likewise, and dtheta2 ends at
        // the 9 pi limit.
        startFrom(3.0, -3.0, 12.0, 27.0);
        env.step(2, obs);
        double[] s = env.state();
        assertStateEquals(
                new double[] {-1.5567289417758703, -3.0856143494045254, -1.6528879280413964, 9 * Math.PI},
                s,
                "wrapped and clipped");
        assertEquals(9 * Math.PI, s[3]);
    }

    @Test
    void theWrapShiftsByWholePeriodsAndLeavesInteriorValuesUntouched() {
        assertEquals(0.5, Acrobot.wrap(0.5, -Math.PI, Math.PI));
        assertEquals(Math.PI, Acrobot.wrap(Math.PI, -Math.PI, Math.PI));
        assertEquals(4.0 - 2 * Math.PI, Acrobot.wrap(4.0, -Math.PI, Math.PI), 1e-15);
        assertEquals(-7.0 + 2 * Math.PI, Acrobot.wrap(-7.0, -Math.PI, Math.PI), 1e-15);
        double far = Acrobot.wrap(1e12, -Math.PI, Math.PI);
        assertTrue(far >= -Math.PI && far <= Math.PI, "huge angles are reduced too, got " + far);
    }

    @Test
    void theEpisodeTerminatesOnceTheTipIsAboveTheLineAfterTheStep() {
        // Reference script, at rest with no torque from theta1 = 2.2: tip height 1.177 before, 1.0731 after.
        startFrom(2.2, 0, 0, 0);
        assertEquals(0.0, env.step(1, obs), "the terminal step is free");
        double[] s = env.state();
        assertEquals(1.0731407533369943, env.tipHeight(s[0], s[1]), 1e-12);
        assertTrue(env.terminated());
        assertFalse(env.truncated());
    }

    @Test
    void aTipThatFallsBelowTheLineDuringTheStepDoesNotTerminate() {
        // From theta1 = 2.15 the tip starts above the line (1.0947) but is at 0.98374 after the step, and only
        // the state after the step counts.
        startFrom(2.15, 0, 0, 0);
        assertTrue(env.tipHeight(2.15, 0) > 1.0);
        assertEquals(-1.0, env.step(1, obs));
        double[] s = env.state();
        assertEquals(0.9837449869229198, env.tipHeight(s[0], s[1]), 1e-12);
        assertFalse(env.terminated());
    }

    @Test
    void hangingAtRestIsTruncatedAtStepFiveHundredWithMinusOnePerStep() {
        env.reset(new SplittableRandom(0), obs);
        double total = 0;
        for (int t = 1; t <= 500; t++) {
            env.setState(new double[4]);
            total += env.step(1, obs);
            assertFalse(env.terminated());
            assertEquals(t == 500, env.truncated(), "truncated at step " + t);
        }
        assertEquals(-500.0, total);
    }
}
