package org.learnbench.tasks.data;

/**
 * Prediction quality measures: accuracy for classification, RMSE, MAE and R^2 for regression.
 *
 * <p>Every method requires arrays of equal length and returns NaN for empty arrays, where the measure is undefined.
 * Sums use Neumaier compensation so that long test sets do not lose precision.
 */
public final class Metrics {
    private Metrics() {}

    /**
     * The regression metrics of one split from predictions and targets in model units: RMSE, MAE and R² in
     * the target's file units ({@code <split>_rmse}, ...), and for a logged target also on the log scale the
     * model was fitted on ({@code <split>_rmse_log}, {@code _mae_log}, {@code _r2_log}), where one
     * exponentiated outlier cannot dominate.
     */
    public static void regression(
            String split,
            double[] predictedModel,
            double[] actualModel,
            TargetTransform target,
            java.util.Map<String, Double> into) {
        int n = predictedModel.length;
        double[] predicted = new double[n];
        double[] actual = new double[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = target.inverse(predictedModel[i]);
            actual[i] = target.inverse(actualModel[i]);
        }
        into.put(split + "_rmse", rmse(predicted, actual));
        into.put(split + "_mae", mae(predicted, actual));
        into.put(split + "_r2", r2(predicted, actual));
        if (target.logTarget()) {
            for (int i = 0; i < n; i++) {
                predicted[i] = target.inverseToFittedScale(predictedModel[i]);
                actual[i] = target.inverseToFittedScale(actualModel[i]);
            }
            into.put(split + "_rmse_log", rmse(predicted, actual));
            into.put(split + "_mae_log", mae(predicted, actual));
            into.put(split + "_r2_log", r2(predicted, actual));
        }
    }

    /** The fraction of positions where the predicted class equals the actual class. */
    public static double accuracy(int[] predicted, int[] actual) {
        requireSameLength(predicted.length, actual.length);
        if (actual.length == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            correct += predicted[i] == actual[i] ? 1 : 0;
        }
        return (double) correct / actual.length;
    }

    /** Root mean squared error. */
    public static double rmse(double[] predicted, double[] actual) {
        requireSameLength(predicted.length, actual.length);
        if (actual.length == 0) {
            return Double.NaN;
        }
        Sum sum = new Sum();
        for (int i = 0; i < actual.length; i++) {
            double e = predicted[i] - actual[i];
            sum.add(e * e);
        }
        return Math.sqrt(sum.value() / actual.length);
    }

    /** Mean absolute error. */
    public static double mae(double[] predicted, double[] actual) {
        requireSameLength(predicted.length, actual.length);
        if (actual.length == 0) {
            return Double.NaN;
        }
        Sum sum = new Sum();
        for (int i = 0; i < actual.length; i++) {
            sum.add(Math.abs(predicted[i] - actual[i]));
        }
        return sum.value() / actual.length;
    }

    /**
     * The coefficient of determination, 1 - SS_res / SS_tot with SS_tot taken around the mean of {@code actual}: 1
     * for a perfect prediction, 0 for always predicting that mean, negative for worse. NaN when SS_tot is 0 (every
     * actual value equal), where the ratio is undefined.
     */
    public static double r2(double[] predicted, double[] actual) {
        requireSameLength(predicted.length, actual.length);
        if (actual.length == 0) {
            return Double.NaN;
        }
        Sum total = new Sum();
        for (double a : actual) {
            total.add(a);
        }
        double mean = total.value() / actual.length;
        Sum residual = new Sum();
        Sum spread = new Sum();
        for (int i = 0; i < actual.length; i++) {
            double e = actual[i] - predicted[i];
            double d = actual[i] - mean;
            residual.add(e * e);
            spread.add(d * d);
        }
        if (spread.value() == 0) {
            return Double.NaN;
        }
        return 1 - residual.value() / spread.value();
    }

    private static void requireSameLength(int predicted, int actual) {
        if (predicted != actual) {
            throw new IllegalArgumentException("predicted has " + predicted + " values but actual has " + actual);
        }
    }

    /** Neumaier's compensated sum. */
    private static final class Sum {
        private double sum;
        private double compensation;

        void add(double value) {
            double t = sum + value;
            if (Math.abs(sum) >= Math.abs(value)) {
                compensation += (sum - t) + value;
            } else {
                compensation += (value - t) + sum;
            }
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }
}
