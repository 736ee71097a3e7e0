package org.learnbench.tasks.data;

/**
 * Fractions of the rows for the train, validation and test splits, and whether classification splits keep each
 * class's share.
 */
public record SplitSpec(double train, double validation, double test, boolean stratify) {
    private static final double TOLERANCE = 1e-9;

    public SplitSpec {
        if (!(train > 0)
                || !(validation >= 0)
                || !(test >= 0)
                || !(Math.abs(train + validation + test - 1) <= TOLERANCE)) {
            throw new IllegalArgumentException("split fractions must be >= 0 with train > 0 and sum to 1, got train "
                    + train + ", validation " + validation + ", test " + test + " (sum "
                    + (train + validation + test) + ")");
        }
    }

    /** A stratified split with the given fractions. */
    public static SplitSpec stratified(double train, double validation, double test) {
        return new SplitSpec(train, validation, test, true);
    }

    /** A plain shuffled split with the given fractions. */
    public static SplitSpec shuffled(double train, double validation, double test) {
        return new SplitSpec(train, validation, test, false);
    }
}
