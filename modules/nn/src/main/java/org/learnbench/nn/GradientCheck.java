package org.learnbench.nn;

import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Checks back-propagated parameter gradients against numerical derivatives of the loss, one parameter at
 * a time, with the five-point central-difference stencil (-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)) / 12h,
 * whose error is O(h^4): h can then be large enough that round-off does not swamp small gradients.
 *
 * <p>The error of one parameter is |analytic - numeric| / max(|analytic|, |numeric|, floor); the floor
 * keeps gradients that are zero up to round-off (dead ReLUs) from dividing by nothing. Passes run in
 * inference mode, so dropout is the identity. Double precision throughout; the network's parameters are
 * restored exactly afterwards.
 */
public final class GradientCheck {
    /** The step of the stencil. */
    public static final double STEP = 1e-4;

    /** The denominator's floor in the relative error. */
    public static final double FLOOR = 1e-6;

    private GradientCheck() {}

    /**
     * The outcome of a check.
     *
     * @param analytic the back-propagated gradient of every parameter
     * @param numeric the numerical derivative of every parameter
     * @param worstParameter index of the parameter with the largest relative error
     * @param maxRelativeError that error
     */
    public record Result(double[] analytic, double[] numeric, int worstParameter, double maxRelativeError) {
        public Result {
            analytic = analytic.clone();
            numeric = numeric.clone();
        }

        @Override
        public double[] analytic() {
            return analytic.clone();
        }

        @Override
        public double[] numeric() {
            return numeric.clone();
        }

        /** True when every parameter's relative error is at most the tolerance. */
        public boolean passes(double tolerance) {
            return maxRelativeError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%d parameters checked; largest relative error %.3g at parameter %d (analytic %.6g, numeric %.6g)",
                    analytic.length,
                    maxRelativeError,
                    worstParameter,
                    analytic.length == 0 ? Double.NaN : analytic[worstParameter],
                    numeric.length == 0 ? Double.NaN : numeric[worstParameter]);
        }
    }

    /**
     * Checks every parameter of the network for the mean loss of the batch (x, y). The network must be
     * float64: central differences in single precision are swamped by rounding, so a float32 network's
     * layers are checked against the double layers instead (see the nn tests).
     */
    public static Result check(Network network, Loss loss, Matrix x, Matrix y) {
        if (network.precision() != Precision.FLOAT64) {
            throw new IllegalArgumentException("a gradient check needs a float64 network, got "
                    + network.precision().configName() + "; build the same architecture in float64 to check it");
        }
        MatrixOps ops = MatrixOps.withThreads(1);
        Pass pass = Pass.inference(ops);
        Matrix output = network.forward(pass, x);
        Matrix grad = Matrix.zeros(output.rows(), output.cols());
        loss.valueAndGradient(ops, output, y, grad);
        network.backward(ops, grad);
        double[] analytic = network.gradients().clone();
        double[] parameters = network.parameters();
        double[] numeric = new double[parameters.length];
        int worst = 0;
        double worstError = 0;
        for (int p = 0; p < parameters.length; p++) {
            double at = parameters[p];
            double[] f = new double[4];
            double[] offsets = {2 * STEP, STEP, -STEP, -2 * STEP};
            for (int k = 0; k < 4; k++) {
                parameters[p] = at + offsets[k];
                f[k] = loss.value(ops, network.forward(pass, x), y);
            }
            parameters[p] = at;
            // Differences first, so that a loss that does not depend on the parameter gives exactly 0.
            numeric[p] = ((f[3] - f[0]) + 8 * (f[1] - f[2])) / (12 * STEP);
            double error = Math.abs(analytic[p] - numeric[p])
                    / Math.max(FLOOR, Math.max(Math.abs(analytic[p]), Math.abs(numeric[p])));
            if (error > worstError) {
                worstError = error;
                worst = p;
            }
        }
        return new Result(analytic, numeric, worst, worstError);
    }
}
