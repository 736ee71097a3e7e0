package org.learnbench.experiment.config;

import java.nio.file.Path;
import java.util.Objects;
import org.learnbench.nn.Shape;
import org.learnbench.tasks.blackbox.BlackBoxFunction;
import org.learnbench.tasks.control.ControlTask;
import org.learnbench.tasks.data.Scaling;
import org.learnbench.tasks.data.SplitSpec;
import org.learnbench.tasks.data.TabularSpec;
import org.learnbench.tasks.text.TextRepresentation;
import org.learnbench.tasks.text.TextSpec;

/**
 * The task of an experiment: a supervised CSV dataset (tabular or images), MNIST, a text classification
 * dataset, a control environment or a black-box function.
 */
public sealed interface TaskConfig {
    /** A short name of the task type for messages and configs, e.g. "csv" or "rastrigin". */
    String type();

    /**
     * A supervised task read from a CSV file: where the file is (resolved against the config's folder, and
     * as the config wrote it), the sha256 of its content (checked when the config was read), which columns
     * play which role, and how to split.
     */
    record Csv(
            Path dataset,
            String location,
            String sha256,
            TabularSpec columns,
            SplitSpec split,
            double banditWrongReward,
            double banditSigma,
            Shape image,
            Scaling scaling)
            implements TaskConfig {
        public Csv {
            Objects.requireNonNull(scaling, "scaling");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(columns, "columns");
            Objects.requireNonNull(split, "split");
        }

        /** A tabular task, standardised as before images and scaling choices existed. */
        public Csv(
                Path dataset,
                String location,
                String sha256,
                TabularSpec columns,
                SplitSpec split,
                double banditWrongReward,
                double banditSigma) {
            this(dataset, location, sha256, columns, split, banditWrongReward, banditSigma, null, Scaling.STANDARD);
        }

        @Override
        public String type() {
            return "csv";
        }
    }

    /**
     * MNIST from its four IDX files in {@code folder} (checked against their sha256 when the config was
     * read; {@code location} as the config wrote it): the official train/test split, {@code validation}
     * training images held out by the run's seed, pixels scaled by {@code scaling}.
     */
    record Mnist(Path folder, String location, int validation, Scaling scaling, double banditWrongReward)
            implements TaskConfig {
        public Mnist {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(scaling, "scaling");
        }

        @Override
        public String type() {
            return "mnist";
        }
    }

    /**
     * A text classification task read from a CSV file of documents (see {@link TextSpec}): where the file is,
     * its sha256 (checked when the config was read), how documents become rows, and how to split.
     */
    record Text(Path dataset, String location, String sha256, TextSpec spec, SplitSpec split, double banditWrongReward)
            implements TaskConfig {
        public Text {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(split, "split");
        }

        /** True when rows are token ids, for an embedding layer. */
        public boolean sequence() {
            return spec.representation() == TextRepresentation.SEQUENCE;
        }

        /** The shape of a row when known before the data are read: max_length ids for sequences, else null. */
        public Shape inputShape() {
            return sequence() ? Shape.vector(spec.maxLength()) : null;
        }

        @Override
        public String type() {
            return "text";
        }
    }

    /** A classic-control environment, with the number of evaluation episodes at each checkpoint. */
    record Control(ControlTask task, int evaluationEpisodes) implements TaskConfig {
        public Control {
            Objects.requireNonNull(task, "task");
        }

        @Override
        public String type() {
            return task.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A black-box function of the given dimension, with optional Gaussian noise on every evaluation. */
    record BlackBox(BlackBoxFunction function, int dimension, double noise) implements TaskConfig {
        public BlackBox {
            Objects.requireNonNull(function, "function");
        }

        @Override
        public String type() {
            return function.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A forecasting task on a series file (see {@link SeriesTaskSettings}): the file (resolved, as written,
     * and its sha256), the windows, horizon and walk-forward fold, and the bandit's sd for policy gradient.
     */
    record Series(
            Path dataset,
            String location,
            String sha256,
            org.learnbench.tasks.series.SeriesSpec spec,
            double banditSigma)
            implements TaskConfig {
        public Series {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String type() {
            return "series";
        }
    }

    /**
     * A trading agent on one return series of a file (see {@link SeriesTaskSettings} and {@link
     * org.learnbench.tasks.trading.TradingEnvironment}).
     */
    record Trading(
            Path dataset,
            String location,
            String sha256,
            String column,
            org.learnbench.tasks.series.SeriesTransform transform,
            boolean percent,
            int window,
            double cost,
            int episodeLength,
            double validation,
            double test,
            int evaluationEpisodes)
            implements TaskConfig {
        public Trading {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(transform, "transform");
        }

        @Override
        public String type() {
            return "trading";
        }
    }
}
