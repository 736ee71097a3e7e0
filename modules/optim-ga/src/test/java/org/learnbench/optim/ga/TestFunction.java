package org.learnbench.optim.ga;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.RunContext;

/**
 * Sphere and Rastrigin as test-local fitness problems (the module depends on no task), with optional
 * Gaussian noise drawn from the fitness case.
 */
final class TestFunction implements FitnessProblem {
    private final RunContext context;
    private final int dimension;
    private final double domain;
    private final double noise;
    private final ToDoubleFunction<double[]> f;

    private TestFunction(RunContext context, int dimension, double domain, double noise, ToDoubleFunction<double[]> f) {
        this.context = context;
        this.dimension = dimension;
        this.domain = domain;
        this.noise = noise;
        this.f = f;
    }

    static TestFunction sphere(RunContext context, int dimension, double noise) {
        return new TestFunction(context, dimension, 5.12, noise, x -> {
            double s = 0;
            for (double v : x) {
                s += v * v;
            }
            return s;
        });
    }

    static TestFunction rastrigin(RunContext context, int dimension) {
        return new TestFunction(context, dimension, 5.12, 0, x -> {
            double s = 10.0 * x.length;
            for (double v : x) {
                s += v * v - 10 * Math.cos(2 * Math.PI * v);
            }
            return s;
        });
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = random.nextDouble(-domain, domain);
        }
        return x;
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("fitness", f.applyAsDouble(parameters));
        return m;
    }

    @Override
    public List<String> metricNames() {
        return List.of("fitness");
    }

    @Override
    public FitnessEvaluator evaluator() {
        return (x, c) -> {
            context.meter().chargeEvaluations(1);
            double v = f.applyAsDouble(x);
            if (noise == 0) {
                return v;
            }
            // Noise of its own for every (case, point), as a real noisy evaluation has.
            long seed = c.seed();
            for (double xi : x) {
                seed = seed * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(xi);
            }
            return v + noise * new java.util.SplittableRandom(seed).nextGaussian();
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
}
