package org.learnbench.tasks.series;

/**
 * The blocks of one walk-forward fold, as half-open ranges of sample indices (a sample is identified by the
 * time of its target; samples are in chronological order). The samples are cut into {@code folds + 1}
 * consecutive blocks of equal size (the remainder goes to the first): block 0 is history only, and fold k
 * tests on block k. Its history is every sample before the test block (expanding origin) or the last
 * {@code size of block 0} of them (rolling origin); the latest {@code validation} share of the history
 * validates, the rest trains. So every training target precedes every validation target, which precedes
 * every test target.
 *
 * @param trainFrom first training sample
 * @param trainTo end of training (= first validation sample)
 * @param validationTo end of validation (= first test sample)
 * @param testTo end of the test block
 */
public record WalkForward(int trainFrom, int trainTo, int validationTo, int testTo) {
    public WalkForward {
        if (trainFrom < 0 || trainTo <= trainFrom || validationTo < trainTo || testTo <= validationTo) {
            throw new IllegalArgumentException("blocks must be ordered with non-empty training and test, got train ["
                    + trainFrom + ", " + trainTo + "), validation [" + trainTo + ", " + validationTo + "), test ["
                    + validationTo + ", " + testTo + ")");
        }
    }

    /**
     * The fold of {@code samples} samples the spec asks for.
     *
     * @throws IllegalArgumentException when a block would be empty (too few samples for the folds), saying how
     *     many samples there are and how many the blocks need
     */
    public static WalkForward of(int samples, SeriesSpec spec) {
        int blocks = spec.folds() + 1;
        if (samples < 2 * blocks) {
            throw new IllegalArgumentException(samples + " samples cannot be cut into " + blocks
                    + " blocks of at least 2 (the first is history only; then " + spec.folds()
                    + " test blocks); use fewer folds, a shorter window or a longer series");
        }
        int size = samples / blocks;
        int first = samples - spec.folds() * size;
        int testFrom = first + (spec.fold() - 1) * size;
        int testTo = testFrom + size;
        int historyFrom = spec.origin() == Origin.EXPANDING ? 0 : testFrom - first;
        int history = testFrom - historyFrom;
        int validation = (int) Math.round(spec.validation() * history);
        if (spec.validation() > 0) {
            validation = Math.max(1, validation);
        }
        int trainTo = testFrom - validation;
        if (trainTo - historyFrom < 1) {
            throw new IllegalArgumentException("the fold's history of " + history + " samples leaves none for training"
                    + " after " + validation + " for validation");
        }
        return new WalkForward(historyFrom, trainTo, testFrom, testTo);
    }

    public int validationFrom() {
        return trainTo;
    }

    public int testFrom() {
        return validationTo;
    }

    public int trainSize() {
        return trainTo - trainFrom;
    }

    public int validationSize() {
        return validationTo - trainTo;
    }

    public int testSize() {
        return testTo - validationTo;
    }
}
