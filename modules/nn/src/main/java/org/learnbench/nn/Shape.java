package org.learnbench.nn;

/**
 * The shape of one sample as it flows through a layer stack: an image of channels x height x width values
 * (stored channel-major in a row, torch's NCHW flattening), a flat vector of {@link #size()} values, or a
 * sequence laid out as its {@link SequenceShape} says (seen as steps x 1 x step width, not flat).
 *
 * @param channels channels of an image; the length of a flat vector
 * @param height rows of an image; 1 for a flat vector
 * @param width columns of an image; 1 for a flat vector
 * @param flat true for a flat vector (what dense layers take), false for an image or a sequence
 * @param sequence the layout of a sequence; null for images and flat vectors
 */
public record Shape(int channels, int height, int width, boolean flat, SequenceShape sequence) {
    public Shape {
        if (sequence != null
                && (flat || channels != sequence.steps() || height != 1 || width != sequence.stepWidth())) {
            throw new IllegalArgumentException("a sequence shape is steps x 1 x step width and not flat, got "
                    + channels + "x" + height + "x" + width + (flat ? " flat" : "") + " for " + sequence);
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "a shape needs positive sizes, got " + channels + "x" + height + "x" + width);
        }
        if (flat && (height != 1 || width != 1)) {
            throw new IllegalArgumentException(
                    "a flat vector has height and width 1, got " + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a sample of " + channels + "x" + height + "x" + width + " values does not fit a matrix row");
        }
    }

    /** An image (flat false) or a flat vector (flat true): not a sequence. */
    public Shape(int channels, int height, int width, boolean flat) {
        this(channels, height, width, flat, null);
    }

    /** A sequence of the given layout. */
    public static Shape sequence(SequenceShape layout) {
        return new Shape(layout.steps(), 1, layout.stepWidth(), false, layout);
    }

    /** True for a sequence. */
    public boolean isSequence() {
        return sequence != null;
    }

    /** An image of channels x height x width. */
    public static Shape image(int channels, int height, int width) {
        return new Shape(channels, height, width, false);
    }

    /** A flat vector of the given length. */
    public static Shape vector(int size) {
        return new Shape(size, 1, 1, true);
    }

    /** Values per sample: the width of a batch's rows. */
    public int size() {
        return channels * height * width;
    }

    /** The same values seen as a flat vector (what flatten does: nothing to the row, everything to the shape). */
    public Shape flattened() {
        return vector(size());
    }

    /** The shape named with its kind, for messages: "image 1x28x28", "flat vector 784", "sequence 100x64+mask". */
    public String described() {
        return isSequence() ? toString() : (flat ? "flat vector " : "image ") + this;
    }

    /** "1x28x28" for an image, "784" for a flat vector, "sequence 100x64+mask" for a sequence. */
    @Override
    public String toString() {
        if (sequence != null) {
            return "sequence " + sequence;
        }
        return flat ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}
