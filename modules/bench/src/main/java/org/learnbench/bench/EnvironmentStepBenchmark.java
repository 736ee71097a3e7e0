package org.learnbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.tasks.control.ControlTask;
import org.learnbench.tasks.control.Environment;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classic-control environment steps per second on one thread (the "steps" secondary result; "episodes" counts
 * the resets), with uniformly random actions and a reset whenever an episode ends, so the figure is the
 * ceiling a policy-gradient or GA rollout loop can reach before any policy cost.
 *
 * <p>Parameters: all three environments, because their costs differ in kind (CartPole is a few flops and one
 * sine and cosine, Acrobot is four RK4 derivative evaluations with trigonometry in each, MountainCar is one
 * cosine). Random actions are the natural baseline policy and fix the episode-length mix: CartPole episodes
 * end after about 20 steps, so its figure includes a reset every few dozen steps, while Acrobot and
 * MountainCar mostly run to their 500 and 200 step limits. One thread only, because environments are
 * independent and single-threaded, so two threads on this project's 2-core machines would only measure the
 * machine. The seeded SplittableRandom makes every run step the same episodes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvironmentStepBenchmark {
    @Param({"CARTPOLE", "ACROBOT", "MOUNTAINCAR"})
    public ControlTask task;

    private Environment env;
    private SplittableRandom random;
    private double[] observation;
    private int actions;

    /** Counts environment steps and completed episodes so JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Steps {
        public long steps;
        public long episodes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        env = task.create();
        random = new SplittableRandom(1);
        observation = new double[env.observationSize()];
        actions = env.actionCount();
        env.reset(random, observation);
    }

    @Benchmark
    public double step(Steps counter) {
        double reward = env.step(random.nextInt(actions), observation);
        counter.steps++;
        if (env.done()) {
            counter.episodes++;
            env.reset(random, observation);
        }
        // Returning a value read from the observation keeps the whole transition live for JMH.
        return reward + observation[0];
    }
}
