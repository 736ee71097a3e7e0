package org.learnbench.tasks.series;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The forecasts a model must beat, computed from the raw (unscaled) windows: the zero return ("naive"), the
 * last observed value of the target series ("persistence"), and a linear autoregression on the window with an
 * intercept, fitted by least squares (Householder QR) on the training samples only ("ar"; with one series it
 * is AR(p = window), with several it also regresses on the other series' windows).
 */
public final class Baselines {
    /** The baselines' names, in the order metrics list them. */
    public static final java.util.List<String> NAMES = java.util.List.of("naive", "persistence", "ar");

    private Baselines() {}

    /** The zero forecast for every sample. */
    public static double[] naive(int samples) {
        return new double[samples];
    }

    /**
     * The last value of the target series each window holds: the value at {@code step} (the last step) and
     * {@code column} of each row of {@code windows}, a rows x (window x series) step-major matrix.
     */
    public static double[] persistence(double[][] windows, int lastIndex) {
        double[] out = new double[windows.length];
        for (int i = 0; i < windows.length; i++) {
            out[i] = windows[i][lastIndex];
        }
        return out;
    }

    /**
     * The least-squares coefficients of y ~ intercept + x: {@code [intercept, b_1, ..., b_k]}.
     *
     * @throws IllegalArgumentException when there are fewer rows than coefficients or the columns are collinear
     */
    public static double[] fitLinear(double[][] x, double[] y) {
        int n = x.length;
        int k = n == 0 ? 0 : x[0].length;
        if (y.length != n) {
            throw new IllegalArgumentException(n + " rows of x but " + y.length + " targets");
        }
        if (n < k + 1) {
            throw new IllegalArgumentException("an autoregression with " + (k + 1) + " coefficients needs at least "
                    + (k + 1) + " training samples, got " + n);
        }
        RealMatrix design = MatrixUtils.createRealMatrix(n, k + 1);
        for (int i = 0; i < n; i++) {
            design.setEntry(i, 0, 1);
            for (int j = 0; j < k; j++) {
                design.setEntry(i, j + 1, x[i][j]);
            }
        }
        QRDecomposition qr = new QRDecomposition(design, 1e-12);
        if (!qr.getSolver().isNonSingular()) {
            throw new IllegalArgumentException("the autoregression's inputs are collinear on the training samples");
        }
        RealVector beta = qr.getSolver().solve(MatrixUtils.createRealVector(y));
        return beta.toArray();
    }

    /** The linear forecast {@code coefficients[0] + sum_j coefficients[j + 1] x[j]} of each row. */
    public static double[] predictLinear(double[] coefficients, double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = coefficients[0];
            for (int j = 0; j < x[i].length; j++) {
                s += coefficients[j + 1] * x[i][j];
            }
            out[i] = s;
        }
        return out;
    }
}
