package org.learnbench.tasks.control;

import java.util.random.RandomGenerator;

/**
 * Gymnasium's Acrobot-v1: a two-link pendulum hanging from a fixed pivot, actuated only at the joint between
 * the links with torque -1, 0 or +1 (actions 0, 1, 2); the goal is to swing the free end above a line one link
 * length above the pivot, paying -1 per step (0 on the terminal step) for up to 500 steps.
 *
 * <p>The state is {@code [theta1, theta2, dtheta1, dtheta2]} (theta2 relative to the first link), integrated
 * with one classical Runge-Kutta step of 0.2 s using the "book" equations of motion (Sutton and Barto) and no
 * torque noise, then angles are wrapped to [-pi, pi] and velocities clipped to 4 pi and 9 pi. The observation
 * is {@code [cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2]}, in float64 where Gymnasium's
 * is float32. Every floating-point operation of a step (the equations of motion, the Runge-Kutta combination,
 * the wrap and the clip) is Gymnasium's, in Gymnasium's order, so that with the same cosine, sine and square a
 * trajectory is Gymnasium's to the last bit; like Gymnasium, the reset state is drawn in float32.
 */
public final class Acrobot extends EpisodicEnvironment {
    /** Gymnasium's id for this environment. */
    public static final String NAME = "Acrobot-v1";

    private static final double DT = 0.2;
    private static final double L1 = 1.0;
    private static final double M1 = 1.0;
    private static final double M2 = 1.0;
    private static final double LC1 = 0.5;
    private static final double LC2 = 0.5;
    // Gymnasium's lc1**2 and so on: squares of these constants are exact whatever computes them.
    private static final double L1_SQUARED = L1 * L1;
    private static final double LC1_SQUARED = LC1 * LC1;
    private static final double LC2_SQUARED = LC2 * LC2;
    private static final double I1 = 1.0;
    private static final double I2 = 1.0;
    private static final double G = 9.8;
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] TORQUE = {-1.0, 0.0, 1.0};
    private static final double RESET_BOUND = 0.1;
    // Beyond this many turns the subtraction loop of the wrap would crawl (or never move a huge double).
    private static final double WRAP_LOOP_LIMIT = 64;

    private final ElementaryFunctions math;
    private final double[] s = new double[4];
    // Runge-Kutta scratch, kept as fields so that a step does not allocate.
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] y = new double[4];

    /** An acrobot hanging straight down at rest, to be started with {@link #reset}. */
    public Acrobot() {
        this(ElementaryFunctions.STRICT);
    }

    Acrobot(ElementaryFunctions math) {
        super(NAME, 6, 3, 4, 500, -100.0);
        this.math = math;
    }

    @Override
    void resetState(RandomGenerator random) {
        for (int i = 0; i < 4; i++) {
            // Gymnasium draws the reset state in float64 and stores it as float32 (step then works in float64).
            s[i] = (float) random.nextDouble(-RESET_BOUND, RESET_BOUND);
        }
    }

    @Override
    boolean advance(int action) {
        double torque = TORQUE[action];
        double half = DT / 2.0;
        derivative(s, torque, k1);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + half * k1[i];
        }
        derivative(y, torque, k2);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + half * k2[i];
        }
        derivative(y, torque, k3);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + DT * k3[i];
        }
        derivative(y, torque, k4);
        // Gymnasium's rk4 computes y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4) elementwise, in this order.
        for (int i = 0; i < 4; i++) {
            s[i] = s[i] + DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        s[0] = wrap(s[0], -Math.PI, Math.PI);
        s[1] = wrap(s[1], -Math.PI, Math.PI);
        s[2] = clip(s[2], -MAX_VEL_1, MAX_VEL_1);
        s[3] = clip(s[3], -MAX_VEL_2, MAX_VEL_2);
        // Gymnasium's _terminal: -cos(s[0]) - cos(s[1] + s[0]) > 1.0.
        return tipHeight(s[0], s[1]) > 1.0;
    }

    /** Height of the free end above the pivot, in link lengths, for the given joint angles. */
    double tipHeight(double theta1, double theta2) {
        return -math.cos(theta1) - math.cos(theta2 + theta1);
    }

    /**
     * The time derivative of (theta1, theta2, dtheta1, dtheta2) under the held torque; the torque's own is 0.
     * Written term for term as Gymnasium's {@code _dsdt} ("book" branch) with Python's precedence and
     * left-to-right evaluation, {@code x**2} being {@link ElementaryFunctions#square}.
     */
    private void derivative(double[] q, double torque, double[] out) {
        double theta1 = q[0];
        double theta2 = q[1];
        double dtheta1 = q[2];
        double dtheta2 = q[3];
        double cos2 = math.cos(theta2);
        double sin2 = math.sin(theta2);
        double d1 = M1 * LC1_SQUARED + M2 * (L1_SQUARED + LC2_SQUARED + 2 * L1 * LC2 * cos2) + I1 + I2;
        double d2 = M2 * (LC2_SQUARED + L1 * LC2 * cos2) + I2;
        double phi2 = M2 * LC2 * G * math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -M2 * L1 * LC2 * math.square(dtheta2) * sin2
                - 2 * M2 * L1 * LC2 * dtheta2 * dtheta1 * sin2
                + (M1 * LC1 + M2 * L1) * G * math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (torque + d2 / d1 * phi1 - M2 * L1 * LC2 * math.square(dtheta1) * sin2 - phi2)
                / (M2 * LC2_SQUARED + I2 - math.square(d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /**
     * Gymnasium's wrap: shifts by whole periods into [low, high], leaving values already inside untouched, one
     * subtraction or addition at a time as Gymnasium does (so the rounding is the same).
     */
    static double wrap(double x, double low, double high) {
        double period = high - low;
        if (Math.abs(x) > WRAP_LOOP_LIMIT * period) {
            // Only reachable through setState; states produced by step stay within a few periods. Gymnasium
            // would loop here for ever (1e300) or for hours; this reduction can differ from its loop in the last
            // bits.
            x = low + (x - low) % period;
        }
        while (x > high) {
            x -= period;
        }
        while (x < low) {
            x += period;
        }
        return x;
    }

    /** Gymnasium's bound: Python's min(max(x, m), M). */
    private static double clip(double value, double low, double high) {
        return Math.min(Math.max(value, low), high);
    }

    @Override
    double reward(boolean terminal) {
        return terminal ? 0.0 : -1.0;
    }

    @Override
    void writeObservation(double[] observation) {
        observation[0] = math.cos(s[0]);
        observation[1] = math.sin(s[0]);
        observation[2] = math.cos(s[1]);
        observation[3] = math.sin(s[1]);
        observation[4] = s[2];
        observation[5] = s[3];
    }

    @Override
    double[] copyState() {
        return s.clone();
    }

    @Override
    void assignState(double[] state) {
        System.arraycopy(state, 0, s, 0, 4);
    }
}
