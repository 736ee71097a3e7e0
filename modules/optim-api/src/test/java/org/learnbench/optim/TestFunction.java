package org.learnbench.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * A black-box function with its optimum at the origin posed as a fitness problem, for the tests of
 * gradient-free optimizers (which cannot see the tasks module's functions): one evaluation charged per
 * call; optional Gaussian noise of its own for every (case, point); metrics "fitness" (noise-free) and
 * "distance" (to the origin).
 */
public class TestFunction implements FitnessProblem {
    private final RunContext context;
    private final ToDoubleFunction<double[]> function;
    private final int dimension;
    private final double halfWidth;
    private final double noise;

    public TestFunction(
            RunContext context, ToDoubleFunction<double[]> function, int dimension, double halfWidth, double noise) {
        this.context = context;
        this.function = function;
        this.dimension = dimension;
        this.halfWidth = halfWidth;
        this.noise = noise;
    }

    /** The sphere on [-5.12, 5.12]^d. */
    public static TestFunction sphere(RunContext context, int dimension, double noise) {
        return new TestFunction(context, TestFunction::sphere, dimension, 5.12, noise);
    }

    /** Rastrigin on [-5.12, 5.12]^d. */
    public static TestFunction rastrigin(RunContext context, int dimension) {
        return new TestFunction(context, TestFunction::rastrigin, dimension, 5.12, 0);
    }

    public static double sphere(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }

    public static double rastrigin(double[] x) {
        double s = 10.0 * x.length;
        for (double v : x) {
            s += v * v - 10 * Math.cos(2 * Math.PI * v);
        }
        return s;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = random.nextDouble(-halfWidth, halfWidth);
        }
        return x;
    }

    @Override
    public FitnessEvaluator evaluator() {
        return (x, fitnessCase) -> {
            context.meter().chargeEvaluations(1);
            double f = function.applyAsDouble(x);
            if (noise == 0) {
                return f;
            }
            // Noise of its own for every (case, point), as a real noisy evaluation has.
            long seed = fitnessCase.seed();
            for (double xi : x) {
                seed = seed * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(xi);
            }
            return f + noise * new SplittableRandom(seed).nextGaussian();
        };
    }

    @Override
    public long forwardSamplesPerEvaluation(FitnessCase fitnessCase) {
        return 0;
    }

    @Override
    public boolean stochastic(FitnessCase fitnessCase) {
        return noise > 0;
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("fitness", function.applyAsDouble(parameters));
        m.put("distance", Math.sqrt(sphere(parameters)));
        return m;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                new Metric("fitness", Metric.Split.NONE, Metric.Kind.FITNESS, Metric.Direction.LOWER_IS_BETTER, ""),
                new Metric("distance", Metric.Split.NONE, Metric.Kind.FITNESS, Metric.Direction.LOWER_IS_BETTER, ""));
    }
}
