package org.learnbench.tasks.control;

import java.util.random.RandomGenerator;

/**
 * Gymnasium's MountainCar-v0: an underpowered car in a valley must rock back and forth to reach the flag at
 * position 0.5, paying -1 per step for up to 200 steps; actions push left (0), coast (1) or push right (2).
 *
 * <p>State and observation are both {@code [position, velocity]}. The left end of the track at -1.2 is an
 * inelastic wall that stops the car. Observations are float64 where Gymnasium's are float32. Every floating-point
 * operation of a step is Gymnasium's, in Gymnasium's order, so that with the same cosine a trajectory is
 * Gymnasium's to the last bit.
 */
public final class MountainCar extends EpisodicEnvironment {
    /** Gymnasium's id for this environment. */
    public static final String NAME = "MountainCar-v0";

    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double GOAL_VELOCITY = 0.0;

    private final ElementaryFunctions math;
    private double position;
    private double velocity;

    /** A car at rest at position 0, to be started with {@link #reset}. */
    public MountainCar() {
        this(ElementaryFunctions.STRICT);
    }

    MountainCar(ElementaryFunctions math) {
        super(NAME, 2, 3, 2, 200, -110.0);
        this.math = math;
    }

    @Override
    void resetState(RandomGenerator random) {
        position = random.nextDouble(-0.6, -0.4);
        velocity = 0.0;
    }

    @Override
    boolean advance(int action) {
        velocity += (action - 1) * FORCE + math.cos(3 * position) * (-GRAVITY);
        velocity = clip(velocity, -MAX_SPEED, MAX_SPEED);
        position += velocity;
        position = clip(position, MIN_POSITION, MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0.0;
        }
        return position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    }

    /** numpy's clip: min(max(x, low), high). */
    private static double clip(double value, double low, double high) {
        return Math.min(Math.max(value, low), high);
    }

    @Override
    double reward(boolean terminal) {
        return -1.0;
    }

    @Override
    void writeObservation(double[] observation) {
        observation[0] = position;
        observation[1] = velocity;
    }

    @Override
    double[] copyState() {
        return new double[] {position, velocity};
    }

    @Override
    void assignState(double[] state) {
        position = state[0];
        velocity = state[1];
    }
}
