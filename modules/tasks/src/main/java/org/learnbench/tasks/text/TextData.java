package org.learnbench.tasks.text;

import java.util.Objects;
import org.learnbench.tasks.data.PreparedData;

/**
 * A prepared text task: the rows the learners see, the vocabulary fitted on the training documents, and the
 * report of the preparation.
 */
public record TextData(PreparedData data, Vocabulary vocabulary, TextReport report) {
    public TextData {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(report, "report");
    }
}
