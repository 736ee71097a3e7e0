package org.learnbench.nn;

/**
 * The layout of a batch of sequences in the {@link Layer} contract's rows: each row is one sample, holding
 * its {@link #steps()} steps one after the other (time-major inside the row), each step {@link
 * #stepWidth()} values wide.
 *
 * <p>Without a mask a step is its {@link #features()} values. With a mask ({@link #masked()}) a step is a
 * flag followed by the features: flag 1 marks a real step, flag 0 a padding step, whose features are
 * ignored. Variable-length sequences are padded to a common length with flagged-off steps, anywhere in the
 * row (normally at the end); the recurrent layers carry their state unchanged across a padding step and give
 * no output there, so padding never changes a result. The flag travels with the data: an {@link Embedding}
 * writes it from its padding id, and a {@link Recurrent} layer with per-step outputs passes it on to the next
 * recurrent layer. Flags are tested as {@code flag > 0.5}; they get no gradient (dL/d(flag) is 0).
 *
 * @param steps T, the steps per row (padded length)
 * @param features D, the values of a step apart from its flag
 * @param masked true when every step starts with a padding flag
 */
public record SequenceShape(int steps, int features, boolean masked) {
    public SequenceShape {
        if (steps < 1 || features < 1) {
            throw new IllegalArgumentException(
                    "a sequence needs at least one step and one feature, got " + steps + " steps of " + features);
        }
        if ((long) steps * (features + (masked ? 1 : 0)) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a sequence of " + steps + " steps of " + features + " values does not fit a matrix row");
        }
    }

    /** Values per step: the features, plus the flag when masked. */
    public int stepWidth() {
        return features + (masked ? 1 : 0);
    }

    /** Values per sample: the width of a batch's rows. */
    public int size() {
        return steps * stepWidth();
    }

    /** Where the features of a step start inside the step: 1 after a flag, else 0. */
    public int featureOffset() {
        return masked ? 1 : 0;
    }

    /** "100x64" (steps x features), with "+mask" when masked. */
    @Override
    public String toString() {
        return steps + "x" + features + (masked ? "+mask" : "");
    }
}
