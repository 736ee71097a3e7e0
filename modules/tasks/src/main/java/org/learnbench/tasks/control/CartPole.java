package org.learnbench.tasks.control;

import java.util.random.RandomGenerator;

/**
 * Gymnasium's CartPole-v1: keep a pole hinged on a cart upright by pushing the cart left (action 0) or right
 * (action 1) with a fixed force, earning +1 per step for up to 500 steps.
 *
 * <p>State and observation are both {@code [x, x_dot, theta, theta_dot]}, integrated with explicit Euler at
 * 50 Hz. The episode terminates when the cart leaves [-2.4, 2.4] or the pole leans more than 12 degrees;
 * the terminating step still earns +1 (Gymnasium's default, not the Sutton-Barto -1). Observations are
 * float64 where Gymnasium's are float32. Every floating-point operation of a step is Gymnasium's, in Gymnasium's
 * order, so that with the same cosine and sine a trajectory is Gymnasium's to the last bit.
 */
public final class CartPole extends EpisodicEnvironment {
    /** Gymnasium's id for this environment. */
    public static final String NAME = "CartPole-v1";

    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    // Half the pole's length, as in Gymnasium, where the name "length" is kept for compatibility.
    private static final double HALF_LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;
    private static final double FORCE = 10.0;
    private static final double TAU = 0.02;
    private static final double X_THRESHOLD = 2.4;
    // Written as Gymnasium writes it so the threshold is the same double, bit for bit.
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double RESET_BOUND = 0.05;

    private final ElementaryFunctions math;
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;

    /** A cart-pole with all-zero state, to be started with {@link #reset}. */
    public CartPole() {
        this(ElementaryFunctions.STRICT);
    }

    CartPole(ElementaryFunctions math) {
        super(NAME, 4, 2, 4, 500, 475.0);
        this.math = math;
    }

    @Override
    void resetState(RandomGenerator random) {
        x = random.nextDouble(-RESET_BOUND, RESET_BOUND);
        xDot = random.nextDouble(-RESET_BOUND, RESET_BOUND);
        theta = random.nextDouble(-RESET_BOUND, RESET_BOUND);
        thetaDot = random.nextDouble(-RESET_BOUND, RESET_BOUND);
    }

    @Override
    boolean advance(int action) {
        double force = action == 1 ? FORCE : -FORCE;
        double cos = math.cos(theta);
        double sin = math.sin(theta);
        // Gymnasium squares with np.square (an exact product, rounded once) before multiplying by the constant:
        // (c * x) * x here would round twice and drift from Gymnasium by an ulp within a few steps.
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc =
                (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        // Explicit Euler: every update reads the old values, which is why positions are updated first.
        x += TAU * xDot;
        xDot += TAU * xAcc;
        theta += TAU * thetaDot;
        thetaDot += TAU * thetaAcc;
        return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    }

    @Override
    double reward(boolean terminal) {
        return 1.0;
    }

    @Override
    void writeObservation(double[] observation) {
        observation[0] = x;
        observation[1] = xDot;
        observation[2] = theta;
        observation[3] = thetaDot;
    }

    @Override
    double[] copyState() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    @Override
    void assignState(double[] state) {
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
    }
}
