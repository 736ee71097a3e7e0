package org.learnbench.tasks.data;

import java.util.Objects;

/**
 * What preparation did to the data: how many rows were read, dropped and kept, how many cells were imputed, and how
 * many categories met at validation or test time were never seen in training.
 *
 * @param rowsRead data rows in the file
 * @param droppedMissingTarget rows left out because the target cell was missing
 * @param droppedMissingFeatures rows left out under {@link MissingPolicy#DROP} because a feature cell was missing
 * @param splitSizes rows in each split
 * @param imputedCells feature cells filled from training statistics, per split
 * @param unseenCategories categorical cells whose category never occurs in the training split (encoded as all
 *     zeros), per split; always 0 for train
 * @param numericColumns numeric feature columns
 * @param categoricalColumns categorical feature columns (each becomes a one-hot block)
 */
public record DataReport(
        int rowsRead,
        int droppedMissingTarget,
        int droppedMissingFeatures,
        SplitCounts splitSizes,
        SplitCounts imputedCells,
        SplitCounts unseenCategories,
        int numericColumns,
        int categoricalColumns) {

    public DataReport {
        Objects.requireNonNull(splitSizes, "splitSizes");
        Objects.requireNonNull(imputedCells, "imputedCells");
        Objects.requireNonNull(unseenCategories, "unseenCategories");
        if (rowsRead < 0
                || droppedMissingTarget < 0
                || droppedMissingFeatures < 0
                || numericColumns < 0
                || categoricalColumns < 0) {
            throw new IllegalArgumentException("report counts must be >= 0");
        }
        if (rowsRead != droppedMissingTarget + droppedMissingFeatures + splitSizes.total()) {
            throw new IllegalArgumentException("rows do not add up: read " + rowsRead + ", dropped "
                    + droppedMissingTarget + " + " + droppedMissingFeatures + ", kept " + splitSizes.total());
        }
    }

    /** Rows used in some split. */
    public int rowsKept() {
        return splitSizes.total();
    }
}
