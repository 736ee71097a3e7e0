package org.learnbench.tasks.data;

import java.util.Arrays;
import java.util.Objects;
import org.learnbench.matrix.Matrix;

/**
 * One split of a prepared data set: the feature rows, the target column, and the CSV line (or the record
 * number in an image file) each row came from.
 *
 * @param features n x features: scaled numeric columns and 0/1 one-hot blocks, or scaled pixels
 * @param y n x 1: the class index for classification, the transformed target for regression
 * @param sourceLines the 1-based CSV line (or image number) of each row, so a surprising row can be found
 */
public record Part(Features features, Matrix y, int[] sourceLines) {
    public Part {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(sourceLines, "sourceLines");
        if (y.cols() != 1 || y.rows() != features.rows() || sourceLines.length != features.rows()) {
            throw new IllegalArgumentException("a part needs x n x f, y n x 1 and n source lines, got x "
                    + features.rows() + "x" + features.cols()
                    + ", y " + y.shape() + ", " + sourceLines.length + " lines");
        }
        sourceLines = sourceLines.clone();
    }

    /** A part whose features are the matrix {@code x} of doubles. */
    public Part(Matrix x, Matrix y, int[] sourceLines) {
        this(Features.of(x), y, sourceLines);
    }

    /** The features as doubles: the held matrix for tabular data, a new copy for byte images. */
    public Matrix x() {
        return features.toMatrix();
    }

    /** The source lines, copied. */
    @Override
    public int[] sourceLines() {
        return sourceLines.clone();
    }

    /** Number of rows. */
    public int size() {
        return features.rows();
    }

    /** The class index of each row (classification only: every y must be a whole number). */
    public int[] labels() {
        int[] labels = new int[y.rows()];
        for (int i = 0; i < labels.length; i++) {
            double value = y.get(i, 0);
            if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalStateException("row " + i + " has target " + value
                        + ", not a class index; labels() is for classification parts");
            }
            labels[i] = (int) value;
        }
        return labels;
    }

    /** The target column as an array, copied. */
    public double[] targets() {
        return y.toArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Part p
                && x().contentEquals(p.x())
                && y.contentEquals(p.y)
                && Arrays.equals(sourceLines, p.sourceLines);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x().toArray()) + 17 * Arrays.hashCode(y.toArray()) + Arrays.hashCode(sourceLines);
    }

    @Override
    public String toString() {
        return "Part[" + size() + " rows, x " + features.rows() + "x" + features.cols() + "]";
    }
}
