package org.learnbench.notebook;

import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.learnbench.report.ConvergenceChart;
import org.learnbench.report.image.ConfusionMatrixChart;
import org.learnbench.report.study.Clock;

/**
 * The workbench's charts as images for a notebook cell: {@code display(Charts.convergence(study))}
 * renders inline in IJava and in other Java kernels that show a {@link BufferedImage} as PNG. The charts
 * are the ones the study report writes, built from the same analysis.
 */
public final class Charts {
    private Charts() {}

    /**
     * The confusion matrices of one optimizer setting's runs on a classification task, summed over its
     * seeds (each run's returned solution on its test split), as the study report draws them.
     */
    public static BufferedImage confusion(Study study, String task, String optimizer) {
        List<java.nio.file.Path> files = study.results().confusionFiles(task, optimizer);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no confusion matrices for " + optimizer + " on " + task
                    + " (a classification task's runs write confusion.csv; known optimizers " + study.optimizers()
                    + ")");
        }
        try {
            return ConfusionMatrixChart.drawSummed(files, task + ", " + optimizer);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Median metric over seeds against the task's budget clock, with bootstrap bands (first task). */
    public static BufferedImage convergence(Study study) {
        return convergence(study, study.firstTask());
    }

    /** Median metric over seeds against the task's budget clock, with bootstrap bands. */
    public static BufferedImage convergence(Study study, String task) {
        return image(study.analysis().convergence(task));
    }

    /** The same against another clock, e.g. {@link Clock#WALL_SECONDS} or {@link Clock#FLOPS}. */
    public static BufferedImage convergence(Study study, String task, Clock clock) {
        return image(study.analysis().convergence(task, clock));
    }

    /** Median cost to reach the task's middle target, with bootstrap error bars (first task). */
    public static BufferedImage cost(Study study) {
        return cost(study, study.firstTask());
    }

    /** Median cost to reach the task's middle target, with bootstrap error bars. */
    public static BufferedImage cost(Study study, String task) {
        return image(study.analysis().costToTarget(task));
    }

    /** Share of (seed, target) pairs reached within each budget. */
    public static BufferedImage ecdf(Study study, String task) {
        return image(study.analysis().ecdf(task));
    }

    /** The final metric per seed, a box per optimizer. */
    public static BufferedImage finalValues(Study study, String task) {
        return image(study.analysis().finalValues(task));
    }

    /** Train and validation loss medians of one optimizer setting and their gap. */
    public static BufferedImage overfitting(Study study, String task, String optimizer) {
        return image(study.analysis().overfitting(task, optimizer));
    }

    /**
     * The generalisation gap (validation loss minus train loss) of every setting on the task; refuses a
     * task where fewer than two settings recorded both losses.
     */
    public static BufferedImage generalisationGap(Study study, String task) {
        return image(
                study.analysis()
                        .generalisationGap(task)
                        .orElseThrow(
                                () -> new IllegalArgumentException(
                                        "task " + task
                                                + ": the gap chart needs at least two optimizer settings that record train and validation loss")));
    }

    /** A tuned study's tuning-budget curves on a task: the expected best after k trials. */
    public static BufferedImage tuningBudget(Study study, String task) {
        return image(study.analysis()
                .expectedBest(task)
                .orElseThrow(() -> new IllegalArgumentException(
                        "task " + task + ": no tuning trials (the study has no tuning: section)")));
    }

    /** One run's metrics against iterations (the first seed's run), as {@code learnbench run} draws them. */
    public static BufferedImage curves(Experiment experiment, String... metrics) {
        List<String> series =
                metrics.length == 0 ? List.of("train_loss", "validation_loss", "test_loss") : List.of(metrics);
        return image(ConvergenceChart.build(
                experiment.name() + " (seed " + experiment.runs().get(0).seed() + ", "
                        + experiment.config().optimizer().name() + ")",
                experiment.config().optimizer().iterationName(),
                series,
                experiment.checkpoints()));
    }

    /** Any XChart chart as an image. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
