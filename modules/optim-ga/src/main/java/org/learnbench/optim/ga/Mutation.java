package org.learnbench.optim.ga;

import java.util.random.RandomGenerator;

/**
 * Additive Gaussian mutation with an absolute step size sigma, applied to each gene with probability
 * {@code probability} (1 = isotropic). The step size is constant, decays geometrically per generation
 * down to a floor, or is self-adapted: each individual carries its own sigma, mutated log-normally
 * (sigma' = sigma exp(tau N(0,1))) before it mutates the genes (Schwefel 1981).
 *
 * @param tau the self-adaptation learning rate; 0 means 1/sqrt(dimension)
 */
public record Mutation(double sigma, double probability, Schedule schedule, double decay, double minSigma, double tau) {
    /** How sigma changes over the run. */
    public enum Schedule {
        CONSTANT,
        DECAY,
        SELF_ADAPTIVE
    }

    public Mutation {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("mutation sigma must be > 0, got " + sigma);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("mutation probability must be in [0, 1], got " + probability);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("sigma decay must be in (0, 1], got " + decay);
        }
        if (!(minSigma >= 0 && minSigma <= sigma)) {
            throw new IllegalArgumentException(
                    "min sigma must be in [0, sigma], got " + minSigma + " with sigma " + sigma);
        }
        if (!(tau >= 0)) {
            throw new IllegalArgumentException("self-adaptation tau must be >= 0 (0 = 1/sqrt(d)), got " + tau);
        }
    }

    /** Isotropic mutation (every gene) with a constant sigma. */
    public static Mutation constant(double sigma) {
        return new Mutation(sigma, 1.0, Schedule.CONSTANT, 1.0, 0.0, 0.0);
    }

    /** The step size of generation g under the DECAY and CONSTANT schedules. */
    public double sigmaAt(long generation) {
        return schedule == Schedule.DECAY ? Math.max(minSigma, sigma * Math.pow(decay, generation)) : sigma;
    }

    /** A self-adapted step size from a parent's: sigma exp(tau N(0,1)), at least minSigma. */
    double adapt(double parentSigma, int dimension, RandomGenerator random) {
        double t = tau > 0 ? tau : 1.0 / Math.sqrt(dimension);
        return Math.max(minSigma, parentSigma * Math.exp(t * random.nextGaussian()));
    }

    /** Adds N(0, s^2) noise to each gene with the mutation probability. */
    void apply(double[] genes, double s, RandomGenerator random) {
        if (probability == 1.0) {
            for (int i = 0; i < genes.length; i++) {
                genes[i] += s * random.nextGaussian();
            }
        } else if (probability > 0) {
            // Jump from one mutated gene to the next: the gaps are geometric, so each gene is still mutated
            // independently with the probability, at a cost proportional to the genes mutated.
            double logMiss = Math.log1p(-probability);
            int i = -1;
            while (true) {
                double u = 1.0 - random.nextDouble(); // in (0, 1]
                double gap = Math.floor(Math.log(u) / logMiss);
                if (gap >= genes.length - 1 - i) {
                    break;
                }
                i += (int) gap + 1;
                genes[i] += s * random.nextGaussian();
            }
        }
    }
}
