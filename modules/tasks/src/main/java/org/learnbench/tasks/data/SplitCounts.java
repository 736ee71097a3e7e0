package org.learnbench.tasks.data;

/** A count for each of the train, validation and test splits. */
public record SplitCounts(int train, int validation, int test) {
    public SplitCounts {
        if (train < 0 || validation < 0 || test < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + train + ", " + validation + ", " + test);
        }
    }

    public int total() {
        return train + validation + test;
    }
}
