package org.learnbench.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A test problem with a known optimum, for every kind of optimizer: n "samples", each a point c_i in R^d;
 * the loss of sample i at x is ||x - c_i||^2, so the mean loss is minimised at the centroid of the
 * points. Charges the run's meter like a real task: one forward (and backward) pass per sample, one
 * evaluation per fitness call. Fitness is the mean loss over all samples (or a minibatch drawn from the
 * case's seed).
 */
public final class SphereProblem implements DifferentiableProblem, FitnessProblem {
    private final double[][] points;
    private final double[] optimum;
    private final RunContext context;

    public SphereProblem(RunContext context, int dimension, int samples, long pointsSeed) {
        this.context = context;
        RandomGenerator random = new java.util.SplittableRandom(pointsSeed);
        points = new double[samples][dimension];
        optimum = new double[dimension];
        for (double[] p : points) {
            for (int j = 0; j < dimension; j++) {
                p[j] = random.nextDouble(-1, 1);
                optimum[j] += p[j] / samples;
            }
        }
    }

    public double[] optimum() {
        return optimum.clone();
    }

    /** Euclidean distance of x from the optimum. */
    public double distanceToOptimum(double[] x) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += (x[j] - optimum[j]) * (x[j] - optimum[j]);
        }
        return Math.sqrt(s);
    }

    @Override
    public int dimension() {
        return optimum.length;
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        double[] x = new double[dimension()];
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextDouble(2, 4);
        }
        return x;
    }

    private double loss(double[] x, int sample, double[] gradient, double weight) {
        double s = 0;
        double[] c = points[sample];
        for (int j = 0; j < x.length; j++) {
            double d = x[j] - c[j];
            s += d * d;
            if (gradient != null) {
                gradient[j] += weight * 2 * d;
            }
        }
        return s;
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        context.meter().recordMonitoring(points.length);
        double total = 0;
        for (int i = 0; i < points.length; i++) {
            total += loss(parameters, i, null, 0);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_loss", total / points.length);
        m.put("distance", distanceToOptimum(parameters));
        return m;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                new Metric("train_loss", Metric.Split.TRAIN, Metric.Kind.LOSS, Metric.Direction.LOWER_IS_BETTER, ""),
                new Metric("distance", Metric.Split.NONE, Metric.Kind.FITNESS, Metric.Direction.LOWER_IS_BETTER, ""));
    }

    @Override
    public int trainingSize() {
        return points.length;
    }

    @Override
    public double lossAndGradient(double[] parameters, int[] indices, int from, int to, double[] gradient) {
        context.meter().chargeForwardBackward(to - from);
        java.util.Arrays.fill(gradient, 0);
        double total = 0;
        double weight = 1.0 / (to - from);
        for (int r = from; r < to; r++) {
            total += loss(parameters, indices[r], gradient, weight);
        }
        context.ops().addFlops(4L * (to - from) * parameters.length);
        return total / (to - from);
    }

    @Override
    public boolean hasValidation() {
        return true;
    }

    @Override
    public FitnessEvaluator evaluator() {
        return (x, fitnessCase) -> {
            int n = (int) forwardSamplesPerEvaluation(fitnessCase);
            context.meter().chargeEvaluations(1);
            context.meter().chargeForward(n);
            context.ops().addFlops(3L * n * x.length);
            double total = 0;
            if (n == points.length) {
                for (int i = 0; i < n; i++) {
                    total += loss(x, i, null, 0);
                }
            } else {
                RandomGenerator random = new java.util.SplittableRandom(fitnessCase.seed());
                for (int i = 0; i < n; i++) {
                    total += loss(x, random.nextInt(points.length), null, 0);
                }
            }
            return total / n;
        };
    }

    @Override
    public long forwardSamplesPerEvaluation(FitnessCase fitnessCase) {
        int b = fitnessCase.batchSize();
        return b == 0 ? points.length : Math.min(b, points.length);
    }

    @Override
    public boolean stochastic(FitnessCase fitnessCase) {
        return forwardSamplesPerEvaluation(fitnessCase) < points.length;
    }

    @Override
    public double validationLoss(double[] parameters) {
        context.meter().chargeForward(points.length);
        double total = 0;
        for (int i = 0; i < points.length; i++) {
            total += loss(parameters, i, null, 0);
        }
        return total / points.length;
    }
}
