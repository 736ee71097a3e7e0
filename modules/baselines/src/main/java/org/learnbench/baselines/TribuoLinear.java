package org.learnbench.baselines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnbench.tasks.data.Metrics;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.SparseFeatures;
import org.learnbench.tasks.data.TaskKind;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Tribuo's linear SGD model (logistic regression for classes, least squares for a number), trained
 * through Tribuo's own API on exactly the workbench's prepared splits (same encoding, scaling and
 * seeded split): the reference every network in a study should beat. Metrics carry the workbench's
 * names and units ({@code test_accuracy}; {@code test_rmse}, {@code test_mae}, {@code test_r2} in the
 * target's original units).
 */
public final class TribuoLinear {
    /**
     * Tribuo reports training progress through java.util.logging at INFO; the workbench's library code
     * never prints, so its training is kept quiet. Held in a field because java.util.logging keeps
     * loggers only weakly.
     */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** The feature name of an all-zero sparse row; not a name any column has (vocabulary tokens have none). */
    private static final String EMPTY_ROW = " empty row";

    /** The baseline's name in tables and charts. */
    public static final String NAME = "tribuo-linear-sgd";

    private TribuoLinear() {}

    /**
     * Trains on the training split for {@code epochs} epochs of AdaGrad (learning rate 0.1, Tribuo's
     * usual setting) with Tribuo's seed, and scores every split.
     */
    public static Map<String, Double> trainAndEvaluate(PreparedData data, long seed, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        String[] names = data.featureNames().toArray(String[]::new);
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (data.kind() == TaskKind.CLASSIFICATION) {
            LabelFactory factory = new LabelFactory();
            Model<Label> model = new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                            new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs, seed)
                    .train(dataset(data.train(), names, factory, i -> new Label(label(data, data.train(), i))));
            for (String split : List.of("train", "validation", "test")) {
                Part part = part(data, split);
                if (part.size() == 0) {
                    continue;
                }
                int[] predicted = new int[part.size()];
                for (int i = 0; i < part.size(); i++) {
                    String l = model.predict(example(part, i, names, LabelFactory.UNKNOWN_LABEL))
                            .getOutput()
                            .getLabel();
                    predicted[i] = data.classLabels().indexOf(l);
                }
                metrics.put(split + "_accuracy", Metrics.accuracy(predicted, part.labels()));
            }
        } else {
            RegressionFactory factory = new RegressionFactory();
            Model<Regressor> model = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                            new SquaredLoss(), new AdaGrad(0.1, 0.1), epochs, seed)
                    .train(dataset(
                            data.train(),
                            names,
                            factory,
                            i -> new Regressor("target", data.train().y().get(i, 0))));
            for (String split : List.of("train", "validation", "test")) {
                Part part = part(data, split);
                if (part.size() == 0) {
                    continue;
                }
                double[] predicted = new double[part.size()];
                double[] actual = new double[part.size()];
                for (int i = 0; i < part.size(); i++) {
                    double p = model.predict(example(part, i, names, RegressionFactory.UNKNOWN_REGRESSOR))
                            .getOutput()
                            .getValues()[0];
                    predicted[i] = p;
                    actual[i] = part.y().get(i, 0);
                }
                Metrics.regression(split, predicted, actual, data.target(), metrics);
            }
        }
        return metrics;
    }

    private static String label(PreparedData data, Part part, int row) {
        return data.classLabels().get((int) part.y().get(row, 0));
    }

    private static Part part(PreparedData data, String split) {
        return switch (split) {
            case "train" -> data.train();
            case "validation" -> data.validation();
            default -> data.test();
        };
    }

    private static <T extends Output<T>> MutableDataset<T> dataset(
            Part part, String[] names, OutputFactory<T> factory, java.util.function.IntFunction<T> output) {
        List<Example<T>> examples = new ArrayList<>(part.size());
        for (int i = 0; i < part.size(); i++) {
            examples.add(example(part, i, names, output.apply(i)));
        }
        return new MutableDataset<>(
                examples, new SimpleDataSourceProvenance("learnbench prepared split", factory), factory);
    }

    private static <T extends Output<T>> Example<T> example(Part part, int row, String[] names, T output) {
        if (part.features() instanceof SparseFeatures sparse) {
            // Text rows: only the non-zero features, as Tribuo's own text pipelines build them (an absent
            // feature is zero to its linear models); a dense copy of every row would not fit in memory.
            int[] columns = sparse.rowColumns(row);
            if (columns.length == 0) {
                // Tribuo refuses an example without features; a document without a known token is the
                // all-zero row, which one feature of value 0 (named apart from every column) spells out.
                return new ArrayExample<>(output, new String[] {EMPTY_ROW}, new double[] {0.0});
            }
            String[] present = new String[columns.length];
            for (int k = 0; k < columns.length; k++) {
                present[k] = names[columns[k]];
            }
            return new ArrayExample<>(output, present, sparse.rowValues(row));
        }
        return new ArrayExample<>(output, names, part.x().row(row));
    }
}
