package org.learnbench.tasks.data;

import org.learnbench.matrix.Matrix;
import org.learnbench.nn.Shape;

/**
 * Scales images per channel with statistics of the training split: every pixel of a channel shares one
 * mean and sd ({@link Scaling#STANDARD}) or one minimum and maximum ({@link Scaling#MIN_MAX}), unlike
 * tabular scaling, which fits each column (each pixel) alone and so turns a nearly constant border pixel
 * into large z-scores.
 */
public final class ImageScaling {
    private ImageScaling() {}

    /**
     * The per-channel affine map value * scale[c] + shift[c] that {@code scaling} fits on the training
     * values {@code train} (rows x channels*pixels, channel-major); an sd or range of about 0 counts as 1.
     */
    public static double[][] fit(Features train, int channels, Scaling scaling) {
        double[] scale = new double[channels];
        double[] shift = new double[channels];
        int perChannel = train.cols() / channels;
        for (int c = 0; c < channels; c++) {
            if (scaling == Scaling.NONE) {
                scale[c] = 1;
                continue;
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            long n = (long) train.rows() * perChannel;
            for (int i = 0; i < train.rows(); i++) {
                for (int j = c * perChannel; j < (c + 1) * perChannel; j++) {
                    double v = train.get(i, j);
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (scaling == Scaling.MIN_MAX) {
                double range = max > min ? max - min : 1;
                scale[c] = 1 / range;
                shift[c] = -min / range;
                continue;
            }
            double mean = sum / n;
            double squares = 0;
            for (int i = 0; i < train.rows(); i++) {
                for (int j = c * perChannel; j < (c + 1) * perChannel; j++) {
                    double d = train.get(i, j) - mean;
                    squares += d * d;
                }
            }
            double sd = TabularPreparer.usableSd(Math.sqrt(squares / n), mean);
            scale[c] = 1 / sd;
            shift[c] = -mean / sd;
        }
        return new double[][] {scale, shift};
    }

    /**
     * The data (prepared with {@link Scaling#NONE}, so each column holds its raw pixel values) as images of
     * {@code shape}, scaled per channel as {@code scaling} says.
     *
     * @throws IllegalArgumentException when the features are not shape.size() numeric pixels
     */
    public static PreparedData apply(PreparedData raw, Shape shape, Scaling scaling) {
        if (raw.featureCount() != shape.size()) {
            throw new IllegalArgumentException("an image of " + shape + " has " + shape.size()
                    + " pixels, but the table has " + raw.featureCount() + " feature columns"
                    + (raw.report().categoricalColumns() > 0
                            ? " (" + raw.report().categoricalColumns()
                                    + " categorical column(s) became one-hot blocks: pixels must be numbers)"
                            : ""));
        }
        if (raw.report().categoricalColumns() > 0) {
            throw new IllegalArgumentException(raw.report().categoricalColumns()
                    + " feature column(s) are categorical; the pixels of an image must all be numbers");
        }
        double[][] map = fit(raw.train().features(), shape.channels(), scaling);
        return new PreparedData(
                        scaled(raw.train(), map),
                        scaled(raw.validation(), map),
                        scaled(raw.test(), map),
                        raw.featureNames(),
                        raw.classLabels(),
                        raw.target(),
                        raw.kind(),
                        raw.report())
                .withInputShape(shape);
    }

    private static Part scaled(Part part, double[][] map) {
        Matrix x = part.x();
        int perChannel = x.cols() / map[0].length;
        Matrix out = Matrix.zeros(x.rows(), x.cols());
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                int c = j / perChannel;
                out.set(i, j, x.get(i, j) * map[0][c] + map[1][c]);
            }
        }
        return new Part(out, part.y(), part.sourceLines());
    }
}
