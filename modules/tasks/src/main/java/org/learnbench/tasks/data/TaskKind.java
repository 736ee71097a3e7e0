package org.learnbench.tasks.data;

/** Whether a task predicts a class label or a real number. */
public enum TaskKind {
    CLASSIFICATION,
    REGRESSION
}
