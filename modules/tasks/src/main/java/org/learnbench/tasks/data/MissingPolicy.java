package org.learnbench.tasks.data;

/** What to do with a row whose selected feature cell is missing. */
public enum MissingPolicy {
    /** Keep the row and fill the cell from training-split statistics (median or most frequent category). */
    IMPUTE,
    /** Leave the row out before splitting. */
    DROP
}
