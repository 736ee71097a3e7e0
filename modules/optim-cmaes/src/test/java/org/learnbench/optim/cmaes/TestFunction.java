package org.learnbench.optim.cmaes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.RunContext;

/**
 * A black-box function with its optimum at the origin posed as a fitness problem, for the CMA-ES tests (this
 * module cannot see the tasks module's functions): one evaluation charged per call, optional Gaussian noise drawn
 * from the fitness case's seed, metrics "fitness" (noise-free) and "distance".
 */
class TestFunction implements FitnessProblem {
    private final RunContext context;
    private final ToDoubleFunction<double[]> function;
    private final int dimension;
    private final double halfWidth;
    private final double noise;

    TestFunction(
            RunContext context, ToDoubleFunction<double[]> function, int dimension, double halfWidth, double noise) {
        this.context = context;
        this.function = function;
        this.dimension = dimension;
        this.halfWidth = halfWidth;
        this.noise = noise;
    }

    static double sphere(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }

    static double rastrigin(double[] x) {
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
            return noise > 0 ? f + noise * new SplittableRandom(fitnessCase.seed()).nextGaussian() : f;
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
    public List<String> metricNames() {
        return List.of("fitness", "distance");
    }
}
