package org.learnbench.tasks.data;

import java.util.List;
import java.util.Objects;
import org.learnbench.nn.Shape;

/**
 * A CSV table turned into train, validation and test matrices, with everything needed to read them: feature names,
 * class labels, the target transform and a report of what was dropped or filled in.
 *
 * @param featureNames one per column of x: a numeric column's name, or {@code column=category} for one-hot columns
 * @param classLabels the class label of each class index, in index order; empty for regression
 * @param target the regression target transform; {@link TargetTransform#identity()} for classification
 * @param inputShape the shape of one sample: an image (channels x height x width, flattened channel-major
 *     in each row) or a flat vector of the features
 * @param vocabulary when each row holds token ids (a text task's sequence representation, read by an embedding),
 *     the number of ids, 0 to vocabulary - 1 (padding is -1, never an id); 0 for rows of features
 */
public record PreparedData(
        Part train,
        Part validation,
        Part test,
        List<String> featureNames,
        List<String> classLabels,
        TargetTransform target,
        TaskKind kind,
        DataReport report,
        Shape inputShape,
        int vocabulary) {

    public PreparedData {
        if (vocabulary < 0) {
            throw new IllegalArgumentException(
                    "vocabulary must be >= 0 (0: rows are not token ids), got " + vocabulary);
        }
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(report, "report");
        featureNames = List.copyOf(featureNames);
        classLabels = List.copyOf(classLabels);
        for (Part part : List.of(train, validation, test)) {
            if (part.features().cols() != featureNames.size()) {
                throw new IllegalArgumentException(
                        "a part has " + part.features().cols()
                                + " feature columns, but there are "
                                + featureNames.size() + " feature names");
            }
        }
        Objects.requireNonNull(inputShape, "inputShape");
        if (!featureNames.isEmpty() && inputShape.size() != featureNames.size()) {
            throw new IllegalArgumentException(
                    "an input shape of " + inputShape + " does not hold " + featureNames.size() + " features");
        }
        if (kind == TaskKind.REGRESSION && !classLabels.isEmpty()) {
            throw new IllegalArgumentException("a regression task has no class labels, got " + classLabels);
        }
        if (kind == TaskKind.CLASSIFICATION && classLabels.isEmpty()) {
            throw new IllegalArgumentException("a classification task needs class labels");
        }
    }

    /** Rows of features (not token ids), each sample of the given shape. */
    public PreparedData(
            Part train,
            Part validation,
            Part test,
            List<String> featureNames,
            List<String> classLabels,
            TargetTransform target,
            TaskKind kind,
            DataReport report,
            Shape inputShape) {
        this(train, validation, test, featureNames, classLabels, target, kind, report, inputShape, 0);
    }

    /** Tabular data: each sample a flat vector of its features. */
    public PreparedData(
            Part train,
            Part validation,
            Part test,
            List<String> featureNames,
            List<String> classLabels,
            TargetTransform target,
            TaskKind kind,
            DataReport report) {
        this(
                train,
                validation,
                test,
                featureNames,
                classLabels,
                target,
                kind,
                report,
                Shape.vector(Math.max(1, featureNames.size())));
    }

    /** The same data seen as images of the given shape (the features in channel-major order). */
    public PreparedData withInputShape(Shape shape) {
        return new PreparedData(
                train, validation, test, featureNames, classLabels, target, kind, report, shape, vocabulary);
    }

    /** Number of columns of x. */
    public int featureCount() {
        return featureNames.size();
    }

    /** Number of classes (0 for regression). */
    public int classCount() {
        return classLabels.size();
    }
}
