package org.learnbench.optim;

/**
 * Which evaluation a fitness value is computed on, so that a stochastic fitness is still a pure
 * function of (parameters, case): the seed fixes the minibatch, the noise or the episodes; the batch
 * size says how many training samples a supervised fitness uses (0 = the whole training set).
 *
 * <p>A population method gives every candidate of one generation the same case (common random
 * numbers), so candidates are compared on the same data.
 *
 * @param seed the seed of the case's randomness
 * @param batchSize training samples per evaluation, 0 for all; ignored by problems without samples
 */
public record FitnessCase(long seed, int batchSize) {
    public FitnessCase {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 0 (0 = all samples), got " + batchSize);
        }
    }
}
