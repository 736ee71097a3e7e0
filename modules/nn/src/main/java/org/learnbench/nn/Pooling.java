package org.learnbench.nn;

/** Checks and texts shared by the pooling layers. */
final class Pooling {
    private Pooling() {}

    static void check(String kind, int channels, int height, int width, int kernel, int stride) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    kind + " needs a positive input shape, got " + channels + "x" + height + "x" + width);
        }
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException(
                    kind + " needs kernel and stride >= 1, got kernel " + kernel + ", stride " + stride);
        }
        if (kernel > height || kernel > width) {
            throw new IllegalArgumentException(kind + ": a " + kernel + "x" + kernel + " window does not fit a "
                    + height + "x" + width + " input");
        }
    }

    /** Checks dL/d(output) against the last forward; the message is built only on failure (hot path). */
    static void requireGradient(Layer layer, int rows, int gradRows, int gradCols) {
        if (rows < 0 || gradRows != rows || gradCols != layer.outputSize()) {
            throw new IllegalStateException(layer.describe() + ": backward needs the gradient of the last forward's "
                    + (rows < 0
                            ? "output, but no forward ran"
                            : rows + "x" + layer.outputSize() + " output, got " + gradRows + "x" + gradCols));
        }
    }

    static String describe(
            String kind, int channels, int height, int width, int outHeight, int outWidth, int kernel, int stride) {
        return kind + " " + channels + "x" + height + "x" + width + "->" + channels + "x" + outHeight + "x" + outWidth
                + " " + kernel + "x" + kernel + " stride " + stride;
    }
}
