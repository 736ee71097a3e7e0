package org.learnbench.tasks.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnbench.tasks.control.StateAssertions.assertStateEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CartPoleTest {
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;

    private final CartPole env = new CartPole();
    private final double[] obs = new double[4];

    /** Resets (so stepping is allowed), then pins the state. */
    private void startFrom(double... state) {
        env.reset(new SplittableRandom(0), obs);
        env.setState(state);
    }

    @Test
    void sixStepsFromAKnownStateMatchTheReferenceNumbers() {
        // Expected values from a plain-math float64 Python script written from the Gymnasium formulas
        // (explicit Euler, tau 0.02, force +-10); the same script agreed to the last bit with Gymnasium 1.3.0's
        // CartPoleEnv.step on this sequence.
        double[][] expected = {
            {0.096, -0.005625065781779709, 0.056, 0.02349585151852651},
            {0.09588749868436441, 0.18865093898455243, 0.056469917030370534, -0.2510059417029993},
            {0.09966051746405546, -0.007230027226275915, 0.05144979819631055, 0.058940488981630124},
            {0.09951591691952995, 0.18711792449209894, 0.052628607975943154, -0.21707611436266538},
            {0.10325827540937192, -0.008715334557741372, 0.04828708568868985, 0.09173272727627108},
            {0.1030839687182171, -0.20449494541706414, 0.05012174023421527, 0.39925073102827696},
        };
        int[] actions = {1, 1, 0, 1, 0, 0};
        startFrom(0.1, -0.2, 0.05, 0.3);
        for (int t = 0; t < actions.length; t++) {
            assertEquals(1.0, env.step(actions[t], obs));
            assertStateEquals(expected[t], env.state(), "step " + (t + 1));
            assertArrayEquals(env.state(), obs, "the observation is the state");
            assertFalse(env.done());
        }
        assertEquals(6, env.episodeSteps());
    }

    @Test
    void theCartTerminatesJustPastEitherEdgeOfTheTrackButNotJustInside() {
        // x moves by tau * x_dot = 0.002 (past 2.4 by 0.001) or 0.0008 (inside by 0.0002).
        startFrom(2.399, 0.1, 0, 0);
        env.step(1, obs);
        assertEquals(2.401, obs[0], 1e-12);
        assertTrue(env.terminated());

        startFrom(2.399, 0.04, 0, 0);
        env.step(1, obs);
        assertEquals(2.3998, obs[0], 1e-12);
        assertFalse(env.terminated());

        startFrom(-2.399, -0.1, 0, 0);
        env.step(1, obs);
        assertTrue(env.terminated());

        startFrom(-2.399, -0.04, 0, 0);
        env.step(1, obs);
        assertFalse(env.terminated());
    }

    @Test
    void aCartExactlyOnTheEdgeHasNotYetLeftTheTrack() {
        // With x_dot = 0 the position after the step is exactly +-2.4, and Gymnasium's test is strict.
        startFrom(2.4, 0, 0, 0);
        env.step(0, obs);
        assertEquals(2.4, obs[0]);
        assertFalse(env.terminated());

        startFrom(-2.4, 0, 0, 0);
        env.step(1, obs);
        assertEquals(-2.4, obs[0]);
        assertFalse(env.terminated());
    }

    @Test
    void thePoleTerminatesJustPastTwelveDegreesEitherWayButNotJustInside() {
        double start = THETA_THRESHOLD - 0.001;
        startFrom(0, 0, start, 0.1);
        env.step(1, obs);
        assertEquals(THETA_THRESHOLD + 0.001, obs[2], 1e-12);
        assertTrue(env.terminated());

        startFrom(0, 0, start, 0.04);
        env.step(1, obs);
        assertFalse(env.terminated());

        startFrom(0, 0, -start, -0.1);
        env.step(1, obs);
        assertTrue(env.terminated());

        startFrom(0, 0, -start, -0.04);
        env.step(1, obs);
        assertFalse(env.terminated());

        // Exactly at the threshold (theta_dot = 0 keeps theta unchanged) is still upright enough.
        startFrom(0, 0, THETA_THRESHOLD, 0);
        env.step(1, obs);
        assertEquals(THETA_THRESHOLD, obs[2]);
        assertFalse(env.terminated());
    }

    @Test
    void theTerminatingStepStillEarnsOneAndIsNotTruncated() {
        startFrom(2.399, 0.1, 0, 0);
        assertEquals(1.0, env.step(1, obs));
        assertTrue(env.terminated());
        assertFalse(env.truncated());
        assertTrue(env.done());
    }

    @Test
    void anUprightPoleIsTruncatedExactlyAtStepFiveHundred() {
        startFrom(0, 0, 0, 0);
        double total = 0;
        for (int t = 1; t <= 500; t++) {
            assertFalse(env.done(), "done before step " + t);
            total += env.step(t % 2, obs);
            assertEquals(t, env.episodeSteps());
            assertFalse(env.terminated(), "terminated at step " + t);
            assertEquals(t == 500, env.truncated(), "truncated at step " + t);
            // Pinning the pole upright keeps the episode alive; setState must not touch the step count.
            env.setState(new double[4]);
            assertEquals(t, env.episodeSteps());
        }
        assertTrue(env.done());
        assertEquals(500.0, total);
    }

    @Test
    void terminationOnTheLastAllowedStepIsReportedAsTerminationOnly() {
        startFrom(0, 0, 0, 0);
        for (int t = 1; t < 500; t++) {
            env.step(1, obs);
            env.setState(new double[4]);
        }
        env.setState(new double[] {2.399, 0.1, 0, 0});
        env.step(1, obs);
        assertEquals(500, env.episodeSteps());
        assertTrue(env.terminated());
        assertFalse(env.truncated());
    }
}
