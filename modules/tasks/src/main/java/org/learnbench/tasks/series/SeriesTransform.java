package org.learnbench.tasks.series;

/** How the columns of a CSV file become the series a task models. */
public enum SeriesTransform {
    /** The columns are the series as given (for example daily returns in percent). */
    NONE,
    /** The columns are prices p_t; the series is ln(p_t / p_{t-1}), one value shorter than the file. */
    LOG_RETURNS
}
