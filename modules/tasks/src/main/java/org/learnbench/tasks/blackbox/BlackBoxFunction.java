package org.learnbench.tasks.blackbox;

import java.util.Arrays;

/**
 * The classic black-box test functions of the optimisation literature, each with its known optimum (value 0)
 * and its conventional initialisation domain, so that gradient-free optimizers can be compared where the answer
 * is known.
 */
public enum BlackBoxFunction {
    /** Sum of squares: smooth, separable, unimodal; the easiest case. */
    SPHERE(-5.12, 5.12, 1),
    /** A sphere with a cosine ripple: about 10^d regularly spaced local minima around the global one at 0. */
    RASTRIGIN(-5.12, 5.12, 1),
    /** The banana valley: unimodal for small d but badly conditioned and non-separable; optimum at (1, ..., 1). */
    ROSENBROCK(-2.048, 2.048, 2),
    /** A nearly flat outer region with many small local minima and a deep funnel at 0. */
    ACKLEY(-32.768, 32.768, 1);

    private static final double TWO_PI = 2 * Math.PI;

    private final double lower;
    private final double upper;
    private final int minimumDimension;

    BlackBoxFunction(double lower, double upper, int minimumDimension) {
        this.lower = lower;
        this.upper = upper;
        this.minimumDimension = minimumDimension;
    }

    /** The lower bound of the conventional initialisation domain, the same for every coordinate. */
    public double lower() {
        return lower;
    }

    /** The upper bound of the conventional initialisation domain, the same for every coordinate. */
    public double upper() {
        return upper;
    }

    /** The smallest dimension the function is defined for (Rosenbrock couples neighbours, so it needs two). */
    public int minimumDimension() {
        return minimumDimension;
    }

    /** The value at the global optimum: 0 for all four functions. */
    public double optimumValue() {
        return 0;
    }

    /** The location of the global optimum in {@code dimension} dimensions. */
    public double[] optimum(int dimension) {
        requireDimension(dimension);
        double[] x = new double[dimension];
        if (this == ROSENBROCK) {
            Arrays.fill(x, 1.0);
        }
        return x;
    }

    /**
     * Floating-point operations of one evaluation in {@code dimension} dimensions, counting every addition,
     * multiplication, division and elementary function (cos, exp, sqrt) as one.
     */
    public long flopsPerEvaluation(int dimension) {
        requireDimension(dimension);
        long d = dimension;
        // Sphere: square and add per coordinate. Rastrigin: square, 2 pi x, cos, 10 cos, subtract and add per
        // coordinate, then 10 d and its add. Rosenbrock, per neighbour pair: square, subtract, square, times 100,
        // 1 - x, square and two adds. Ackley: square, add, 2 pi x, cos and add per coordinate, then two means, a
        // sqrt, two scalings, two exps and the two final additions.
        return switch (this) {
            case SPHERE -> 2 * d;
            case RASTRIGIN -> 6 * d + 2;
            case ROSENBROCK -> 8 * (d - 1);
            case ACKLEY -> 5 * d + 9;
        };
    }

    /** The function's value at {@code x}. */
    public double value(double[] x) {
        requireDimension(x.length);
        return switch (this) {
            case SPHERE -> sphere(x);
            case RASTRIGIN -> rastrigin(x);
            case ROSENBROCK -> rosenbrock(x);
            case ACKLEY -> ackley(x);
        };
    }

    private static double sphere(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }

    private static double rastrigin(double[] x) {
        double s = 10.0 * x.length;
        for (double v : x) {
            s += v * v - 10 * Math.cos(TWO_PI * v);
        }
        return s;
    }

    private static double rosenbrock(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double valley = x[i + 1] - x[i] * x[i];
            double toOne = 1 - x[i];
            s += 100 * valley * valley + toOne * toOne;
        }
        return s;
    }

    private static double ackley(double[] x) {
        double squares = 0;
        double cosines = 0;
        for (double v : x) {
            squares += v * v;
            cosines += Math.cos(TWO_PI * v);
        }
        double n = x.length;
        // Grouped so that each bracket is exactly 0 at the optimum: the textbook order
        // (-20 - e + 20 + e) leaves a rounding residue of an ulp.
        return (20 - 20 * Math.exp(-0.2 * Math.sqrt(squares / n))) + (Math.E - Math.exp(cosines / n));
    }

    private void requireDimension(int dimension) {
        if (dimension < minimumDimension) {
            throw new IllegalArgumentException(
                    name() + " needs dimension >= " + minimumDimension + ", got " + dimension);
        }
    }
}
