package org.learnbench.tasks.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnbench.tasks.control.StateAssertions.assertStateEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MountainCarTest {
    private final MountainCar env = new MountainCar();
    private final double[] obs = new double[2];

    private void startFrom(double... state) {
        env.reset(new SplittableRandom(0), obs);
        env.setState(state);
    }

    @Test
    void fiveStepsFromAKnownStateMatchTheReferenceNumbers() {
        // Expected values from a plain-math float64 Python script written from the Gymnasium formulas; the same
        // script agreed to the last bit with Gymnasium 1.3.0's MountainCarEnv.step on this sequence.
        double[][] expected = {
            {-0.48917684300416925, 0.010823156995830743},
            {-0.47761139191054885, 0.011565451093620416},
            {-0.46738975310612013, 0.010221638804428723},
            {-0.4575876869233449, 0.00980206618277523},
            {-0.4472774742844961, 0.010310212638848818},
        };
        int[] actions = {2, 2, 0, 1, 2};
        startFrom(-0.5, 0.01);
        for (int t = 0; t < actions.length; t++) {
            assertEquals(-1.0, env.step(actions[t], obs));
            assertStateEquals(expected[t], env.state(), "step " + (t + 1));
            assertArrayEquals(env.state(), obs, "the observation is the state");
            assertFalse(env.done());
        }
    }

    @Test
    void reachingTheFlagWithForwardVelocityTerminatesWithTheUsualPenalty() {
        // Reference script: 0.49 + 0.020748435666532672.
        startFrom(0.49, 0.02);
        assertEquals(-1.0, env.step(2, obs));
        assertStateEquals(new double[] {0.5107484356665326, 0.020748435666532672}, obs, "goal");
        assertTrue(env.terminated());
        assertFalse(env.truncated());
    }

    @Test
    void stoppingShortOfTheFlagDoesNotTerminate() {
        startFrom(0.45, 0.02);
        env.step(2, obs);
        assertStateEquals(new double[] {0.4704524832822674, 0.020452483282267397}, obs, "short");
        assertFalse(env.terminated());
    }

    @Test
    void beingPastTheFlagWhileRollingBackDoesNotTerminate() {
        startFrom(0.55, -0.001);
        env.step(0, obs);
        assertTrue(obs[0] >= 0.5 && obs[1] < 0, "still past the flag, moving left");
        assertFalse(env.terminated());
    }

    @Test
    void theRightEndClipsThePositionAndStillCountsAsTheGoal() {
        startFrom(0.59, 0.03);
        env.step(1, obs);
        assertEquals(0.6, obs[0]);
        assertEquals(0.030494722036522773, obs[1], 1e-12);
        assertTrue(env.terminated());
    }

    @Test
    void theLeftWallStopsTheCarDead() {
        startFrom(-1.19, -0.02);
        env.step(0, obs);
        assertEquals(-1.2, obs[0]);
        assertEquals(0.0, obs[1]);
        assertFalse(env.terminated());
    }

    @Test
    void velocityIsClippedToTheMaximumSpeed() {
        // Unclipped the velocity would be 0.0699 + 0.001 - cos(-1.56) * 0.0025, above 0.07.
        startFrom(-0.52, 0.0699);
        env.step(2, obs);
        assertEquals(0.07, obs[1]);
        assertEquals(-0.45, obs[0], 1e-12);
    }

    @Test
    void coastingFromTheResetStateIsTruncatedAtStepTwoHundred() {
        SplittableRandom random = new SplittableRandom(3);
        env.reset(random, obs);
        double total = 0;
        for (int t = 1; t <= 200; t++) {
            assertFalse(env.done(), "done before step " + t);
            total += env.step(1, obs);
            assertFalse(env.terminated(), "terminated at step " + t);
            assertEquals(t == 200, env.truncated(), "truncated at step " + t);
        }
        assertEquals(-200.0, total);
    }
}
