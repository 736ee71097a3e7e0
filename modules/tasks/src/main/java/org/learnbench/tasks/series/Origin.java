package org.learnbench.tasks.series;

/** Where the history of a walk-forward fold starts. */
public enum Origin {
    /** The history grows: every sample before the fold's test block. */
    EXPANDING,
    /** The history slides: as many samples as the first fold's history, right before the test block. */
    ROLLING
}
