package org.learnbench.experiment.tuning;

import java.util.random.RandomGenerator;

/** How a tuned study draws its trial points in the unit cube. */
public enum Sampler {
    /** The Halton sequence with a random rotation ({@link QuasiRandom}): the cube covered evenly. */
    QUASI_RANDOM,
    /** Independent uniform draws. */
    RANDOM;

    /** {@code n} points in [0, 1)^d, drawn from {@code random}. */
    public double[][] points(int n, int dimensions, RandomGenerator random) {
        double[][] points = new double[n][];
        QuasiRandom sequence = this == QUASI_RANDOM ? new QuasiRandom(Math.max(1, dimensions), random) : null;
        for (int i = 0; i < n; i++) {
            if (sequence != null) {
                points[i] = java.util.Arrays.copyOf(sequence.next(), dimensions);
            } else {
                points[i] = new double[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    points[i][d] = random.nextDouble();
                }
            }
        }
        return points;
    }
}
