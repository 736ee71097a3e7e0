package org.learnbench.tasks.data;

import org.learnbench.matrix.Matrix;

/**
 * The map from a regression target in file units to the standardised value a model is trained on: optionally log,
 * then subtract the training-split mean and divide by the training-split standard deviation.
 *
 * @param logTarget whether the target is logged first
 * @param mean the training-split mean of log(y) or y
 * @param sd the training-split population standard deviation of log(y) or y (1 when that was 0)
 */
public record TargetTransform(boolean logTarget, double mean, double sd) {
    public TargetTransform {
        if (!Double.isFinite(mean) || !(sd > 0) || !Double.isFinite(sd)) {
            throw new IllegalArgumentException(
                    "a target transform needs a finite mean and a finite sd > 0, got mean " + mean + ", sd " + sd);
        }
    }

    /** The transform that changes nothing (used for classification, whose target is a class index). */
    public static TargetTransform identity() {
        return new TargetTransform(false, 0, 1);
    }

    /** A value in file units to model units. */
    public double forward(double y) {
        return ((logTarget ? Math.log(y) : y) - mean) / sd;
    }

    /** A value in model units (for example a prediction) back to file units. */
    public double inverse(double z) {
        double unscaled = z * sd + mean;
        return logTarget ? Math.exp(unscaled) : unscaled;
    }

    /**
     * A value in model units back to the scale the model was fitted on before standardisation: log(y) for
     * a logged target (y itself otherwise).
     */
    public double inverseToFittedScale(double z) {
        return z * sd + mean;
    }

    /** Every element of a matrix (for example an n x 1 prediction column) back to file units, row-major. */
    public double[] inverse(Matrix z) {
        double[] values = z.toArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = inverse(values[i]);
        }
        return values;
    }
}
