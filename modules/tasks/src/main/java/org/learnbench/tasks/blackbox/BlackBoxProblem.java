package org.learnbench.tasks.blackbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Metric;
import org.learnbench.optim.RunContext;

/**
 * A {@link BlackBoxFunction} in a chosen dimension posed as a fitness problem, optionally with additive Gaussian
 * noise on every evaluation; the noise is drawn from the fitness case's seed, so candidates evaluated on the same
 * case see the same noise (common random numbers).
 *
 * <p>Each evaluation charges the run's meter one fitness evaluation and the function's FLOPs; there are no
 * samples, hence no forward passes. The monitoring metrics are the noise-free value ("fitness") and the Euclidean
 * distance to the optimum ("distance_to_optimum").
 */
public final class BlackBoxProblem implements FitnessProblem {
    /** FLOPs of the noise term: one Gaussian draw (counted as one elementary function), a scaling and an add. */
    private static final long NOISE_FLOPS = 3;

    /** What a black-box task records: the noise-free value of the kept point, and its distance to the optimum. */
    public static final List<Metric> METRICS = List.of(
            new Metric("fitness", Metric.Split.NONE, Metric.Kind.FITNESS, Metric.Direction.LOWER_IS_BETTER, ""),
            new Metric(
                    "distance_to_optimum",
                    Metric.Split.NONE,
                    Metric.Kind.FITNESS,
                    Metric.Direction.LOWER_IS_BETTER,
                    ""));

    private final RunContext context;
    private final BlackBoxFunction function;
    private final int dimension;
    private final double noise;
    private final double[] optimum;
    private final long flopsPerEvaluation;

    /**
     * @param dimension number of coordinates, >= 1 (>= 2 for Rosenbrock)
     * @param noise standard deviation of the additive Gaussian noise, >= 0 (0 for a deterministic fitness)
     */
    public BlackBoxProblem(RunContext context, BlackBoxFunction function, int dimension, double noise) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(function, "function");
        if (dimension < function.minimumDimension()) {
            throw new IllegalArgumentException(
                    function + " needs dimension >= " + function.minimumDimension() + ", got " + dimension);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise standard deviation must be a finite number >= 0, got " + noise);
        }
        this.context = context;
        this.function = function;
        this.dimension = dimension;
        this.noise = noise;
        this.optimum = function.optimum(dimension);
        this.flopsPerEvaluation = function.flopsPerEvaluation(dimension) + (noise > 0 ? NOISE_FLOPS : 0);
    }

    public BlackBoxFunction function() {
        return function;
    }

    /** Standard deviation of the evaluation noise (0 when the fitness is deterministic). */
    public double noise() {
        return noise;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Uniform in the function's conventional domain, independently per coordinate. */
    @Override
    public double[] initialParameters(RandomGenerator random) {
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = random.nextDouble(function.lower(), function.upper());
        }
        return x;
    }

    @Override
    public FitnessEvaluator evaluator() {
        return (x, fitnessCase) -> {
            requireLength(x);
            context.meter().chargeEvaluations(1);
            context.ops().addFlops(flopsPerEvaluation);
            double value = function.value(x);
            if (noise > 0) {
                value += noise * new SplittableRandom(noiseSeed(fitnessCase.seed(), x)).nextGaussian();
            }
            return value;
        };
    }

    /**
     * The seed of one evaluation's noise: a hash of the case and of the point, so that every candidate
     * gets its own noise (a shared offset would not change any ranking), while evaluating the same point
     * on the same case twice gives the same value.
     */
    static long noiseSeed(long caseSeed, double[] x) {
        long h = mix(caseSeed);
        for (double v : x) {
            h = mix(h ^ Double.doubleToLongBits(v));
        }
        return h;
    }

    private static long mix(long z) {
        return org.learnbench.optim.SeedStreams.mix(z);
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
        requireLength(parameters);
        double squared = 0;
        for (int i = 0; i < dimension; i++) {
            double d = parameters[i] - optimum[i];
            squared += d * d;
        }
        // Monitoring arithmetic goes on its own counter so it never looks like the optimizer's work.
        context.monitorOps().addFlops(function.flopsPerEvaluation(dimension) + 3L * dimension + 1);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(METRICS.get(0).name(), function.value(parameters));
        metrics.put(METRICS.get(1).name(), Math.sqrt(squared));
        return metrics;
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    private void requireLength(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException(
                    "expected " + dimension + " parameters for " + function + ", got " + x.length);
        }
    }
}
