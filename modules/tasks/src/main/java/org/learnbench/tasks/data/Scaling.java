package org.learnbench.tasks.data;

/**
 * How input values are scaled before a network sees them, with statistics fitted on the training split
 * only: per column for tabular data, per channel (over all its pixels) for images.
 */
public enum Scaling {
    /** Subtract the training mean, divide by the training population sd (an sd of about 0 counts as 1). */
    STANDARD,
    /** Map the training minimum to 0 and the maximum to 1 (for pixels: to [0, 1]). */
    MIN_MAX,
    /** Leave the values as they are. */
    NONE
}
