package org.learnbench.tasks.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnvironmentContractTest {
    @Test
    void eachTaskCreatesTheGymnasiumEnvironmentOfItsName() {
        assertSpec(ControlTask.CARTPOLE, "CartPole-v1", 4, 2, 500, 475.0, CartPole.class);
        assertSpec(ControlTask.ACROBOT, "Acrobot-v1", 6, 3, 500, -100.0, Acrobot.class);
        assertSpec(ControlTask.MOUNTAINCAR, "MountainCar-v0", 2, 3, 200, -110.0, MountainCar.class);
    }

    private static void assertSpec(
            ControlTask task, String name, int obs, int actions, int steps, double solved, Class<?> type) {
        Environment env = task.create();
        assertEquals(type, env.getClass());
        assertEquals(name, task.gymName());
        assertEquals(name, env.name());
        assertEquals(obs, env.observationSize());
        assertEquals(actions, env.actionCount());
        assertEquals(steps, env.maxEpisodeSteps());
        assertEquals(solved, env.solvedThreshold());
        assertNotSame(env, task.create(), "create() must return a fresh environment");
    }

    @ParameterizedTest
    @EnumSource(ControlTask.class)
    void steppingBeforeResetIsALifecycleError(ControlTask task) {
        Environment env = task.create();
        double[] obs = new double[env.observationSize()];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(0, obs));
        assertTrue(e.getMessage().contains("before reset"), e.getMessage());
        // A pinned state does not start an episode either.
        env.setState(env.state());
        assertThrows(IllegalStateException.class, () -> env.step(0, obs));
    }

    @ParameterizedTest
    @EnumSource(ControlTask.class)
    void steppingAfterTheEpisodeEndedIsALifecycleErrorUntilTheNextReset(ControlTask task) {
        Environment env = task.create();
        double[] obs = new double[env.observationSize()];
        SplittableRandom random = new SplittableRandom(5);
        env.reset(random, obs);
        while (!env.done()) {
            env.step(random.nextInt(env.actionCount()), obs);
        }
        int steps = env.episodeSteps();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(0, obs));
        assertTrue(e.getMessage().contains("after " + steps + " steps"), e.getMessage());
        assertEquals(steps, env.episodeSteps(), "the refused step is not counted");

        env.reset(random, obs);
        assertEquals(0, env.episodeSteps());
        assertFalse(env.terminated() || env.truncated() || env.done());
        env.step(0, obs);
        assertEquals(1, env.episodeSteps());
    }

    @ParameterizedTest
    @EnumSource(ControlTask.class)
    void anOutOfRangeActionIsRejectedAndLeavesTheEnvironmentUntouched(ControlTask task) {
        Environment env = task.create();
        double[] obs = new double[env.observationSize()];
        env.reset(new SplittableRandom(9), obs);
        double[] before = env.state();
        for (int bad : new int[] {-1, env.actionCount()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(bad, obs));
            assertTrue(e.getMessage().contains("got " + bad), e.getMessage());
        }
        assertArrayEquals(before, env.state());
        assertEquals(0, env.episodeSteps());
    }

    @ParameterizedTest
    @EnumSource(ControlTask.class)
    void badBuffersAndStatesAreRejectedWithTheirSizesOrValues(ControlTask task) {
        Environment env = task.create();
        int n = env.observationSize();
        IllegalArgumentException shortBuffer = assertThrows(
                IllegalArgumentException.class, () -> env.reset(new SplittableRandom(1), new double[n - 1]));
        assertTrue(shortBuffer.getMessage().contains("got " + (n - 1)), shortBuffer.getMessage());

        double[] obs = new double[n];
        env.reset(new SplittableRandom(1), obs);
        assertThrows(IllegalArgumentException.class, () -> env.step(0, new double[n + 1]));
        assertEquals(0, env.episodeSteps());

        int stateSize = env.state().length;
        IllegalArgumentException wrongLength =
                assertThrows(IllegalArgumentException.class, () -> env.setState(new double[stateSize + 1]));
        assertTrue(wrongLength.getMessage().contains("got " + (stateSize + 1)), wrongLength.getMessage());
        double[] nan = new double[stateSize];
        nan[0] = Double.NaN;
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class, () -> env.setState(nan));
        assertTrue(notFinite.getMessage().contains("NaN"), notFinite.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ControlTask.class)
    void stateReturnsACopy(ControlTask task) {
        Environment env = task.create();
        env.reset(new SplittableRandom(2), new double[env.observationSize()]);
        double[] s = env.state();
        double[] copy = s.clone();
        s[0] += 1;
        assertArrayEquals(copy, env.state());
    }

    @ParameterizedTest
    @EnumSource(ControlTask.class)
    void theSameSeedReplaysTheSameRandomActionEpisode(ControlTask task) {
        List<double[]> first = randomEpisode(task, 42);
        List<double[]> second = randomEpisode(task, 42);
        assertEquals(first.size(), second.size());
        for (int t = 0; t < first.size(); t++) {
            assertArrayEquals(first.get(t), second.get(t), "record " + t);
        }
        assertNotEquals(first.get(0)[0], randomEpisode(task, 43).get(0)[0], "another seed starts elsewhere");
    }

    /** Observation, reward and flags of each transition, driven by one seeded stream for resets and actions. */
    private static List<double[]> randomEpisode(ControlTask task, long seed) {
        Environment env = task.create();
        SplittableRandom random = new SplittableRandom(seed);
        double[] obs = new double[env.observationSize()];
        List<double[]> records = new ArrayList<>();
        env.reset(random, obs);
        records.add(obs.clone());
        while (!env.done()) {
            double reward = env.step(random.nextInt(env.actionCount()), obs);
            double[] record = new double[obs.length + 3];
            System.arraycopy(obs, 0, record, 0, obs.length);
            record[obs.length] = reward;
            record[obs.length + 1] = env.terminated() ? 1 : 0;
            record[obs.length + 2] = env.truncated() ? 1 : 0;
            records.add(record);
        }
        return records;
    }

    @ParameterizedTest
    @EnumSource(ControlTask.class)
    void resetStatesFollowTheUniformResetDistribution(ControlTask task) {
        double[] low;
        double[] high;
        switch (task) {
            case CARTPOLE -> {
                low = new double[] {-0.05, -0.05, -0.05, -0.05};
                high = new double[] {0.05, 0.05, 0.05, 0.05};
            }
            case ACROBOT -> {
                low = new double[] {-0.1, -0.1, -0.1, -0.1};
                high = new double[] {0.1, 0.1, 0.1, 0.1};
            }
            default -> {
                // The velocity starts at exactly 0: a degenerate uniform on [0, 0].
                low = new double[] {-0.6, 0};
                high = new double[] {-0.4, 0};
            }
        }
        Environment env = task.create();
        double[] obs = new double[env.observationSize()];
        SplittableRandom random = new SplittableRandom(2024);
        int n = 10_000;
        int d = low.length;
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        for (int i = 0; i < n; i++) {
            env.reset(random, obs);
            assertEquals(0, env.episodeSteps());
            double[] s = env.state();
            for (int j = 0; j < d; j++) {
                assertTrue(s[j] >= low[j] && s[j] <= high[j], "entry " + j + " = " + s[j] + " out of bounds");
                sum[j] += s[j];
                sumSq[j] += s[j] * s[j];
            }
        }
        for (int j = 0; j < d; j++) {
            double width = high[j] - low[j];
            double mean = (low[j] + high[j]) / 2;
            double variance = width * width / 12;
            double sampleMean = sum[j] / n;
            double sampleVariance = (sumSq[j] - n * sampleMean * sampleMean) / (n - 1);
            // Standard errors of the sample mean and variance of a uniform: fourth central moment width^4 / 80.
            double meanError = Math.sqrt(variance / n);
            double varianceError = Math.sqrt((Math.pow(width, 4) / 80 - variance * variance) / n);
            assertEquals(mean, sampleMean, 4 * meanError + 1e-15, "mean of entry " + j);
            assertEquals(variance, sampleVariance, 4 * varianceError + 1e-15, "variance of entry " + j);
        }
    }
}
