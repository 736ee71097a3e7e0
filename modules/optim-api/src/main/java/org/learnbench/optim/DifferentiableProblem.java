package org.learnbench.optim;

/**
 * A problem whose training loss can be differentiated with respect to the parameters: what
 * backpropagation gradient descent needs. Samples are indexed 0..trainingSize()-1.
 */
public interface DifferentiableProblem extends Problem {
    /** Number of training samples. */
    int trainingSize();

    /**
     * The mean training loss over the samples {@code indices[from..to)} at {@code parameters}, writing its
     * gradient into {@code gradient} (overwritten). Charges a forward and a backward pass per sample.
     */
    double lossAndGradient(double[] parameters, int[] indices, int from, int to, double[] gradient);

    /** True when the problem has a validation split for model selection (early stopping). */
    boolean hasValidation();

    /**
     * Mean validation loss at {@code parameters}, for model selection; charged to the budget as forward
     * passes (choosing with validation data is part of the algorithm's cost).
     */
    double validationLoss(double[] parameters);
}
