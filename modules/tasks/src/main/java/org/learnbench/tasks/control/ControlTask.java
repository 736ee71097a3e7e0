package org.learnbench.tasks.control;

/** The classic-control environments available to the learners, each creating fresh instances. */
public enum ControlTask implements EnvironmentFactory {
    /** Balance a pole on a cart by pushing left or right; Gymnasium's CartPole-v1. */
    CARTPOLE("CartPole-v1"),
    /** Swing the tip of a two-link pendulum above a line by torquing the middle joint; Gymnasium's Acrobot-v1. */
    ACROBOT("Acrobot-v1"),
    /** Rock an underpowered car out of a valley to the flag on the right; Gymnasium's MountainCar-v0. */
    MOUNTAINCAR("MountainCar-v0");

    /**
     * The version of the environments' arithmetic, recorded in manifests: 2 since the dynamics follow
     * Gymnasium's floating-point operations in Gymnasium's order with StrictMath (runs recorded with 1 or
     * none replay differently, and verify says so).
     */
    public static final int DYNAMICS_VERSION = 2;

    private final String gymName;

    ControlTask(String gymName) {
        this.gymName = gymName;
    }

    /** A new environment, not yet reset. */
    @Override
    public Environment create() {
        return switch (this) {
            case CARTPOLE -> new CartPole();
            case ACROBOT -> new Acrobot();
            case MOUNTAINCAR -> new MountainCar();
        };
    }

    /** The Gymnasium id, equal to {@link Environment#name()} of the created environments. */
    public String gymName() {
        return gymName;
    }
}
