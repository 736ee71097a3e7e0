package org.learnbench.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.matrix.Matrix;
import org.learnbench.nn.LayerSpec;
import org.learnbench.nn.Shape;
import org.learnbench.nn.StackSpec;
import org.learnbench.report.image.ConfusionMatrixChart;
import org.learnbench.report.image.ImageGridChart;
import org.learnbench.tasks.SupervisedProblem;
import org.learnbench.tasks.data.Features;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.TaskKind;

/**
 * The pictures of a finished classification run, from its final parameters on the test split (the
 * validation or training split when the test split is empty): {@code confusion.png} and its counts in
 * {@code confusion.csv} (which a study can sum over seeds) always; for an image
 * task also {@code misclassified.png} (the first misclassified images, with their true and predicted
 * class); for a conv net also {@code filters.png} (the first convolution's kernels).
 */
final class RunPictures {
    private RunPictures() {}

    /** Misclassified images shown at most. */
    static final int MISCLASSIFIED = 24;

    static void write(ExperimentConfig config, long seed, SupervisedProblem problem, double[] solution, Path folder)
            throws IOException {
        PreparedData data = problem.data();
        if (data.kind() != TaskKind.CLASSIFICATION || solution.length != problem.dimension()) {
            return;
        }
        String split = data.test().size() > 0 ? "test" : data.validation().size() > 0 ? "validation" : "train";
        Part part = split.equals("test") ? data.test() : split.equals("validation") ? data.validation() : data.train();
        Matrix outputs = problem.outputs(solution, split);
        int[] actual = part.labels();
        int[] predicted = new int[actual.length];
        for (int i = 0; i < predicted.length; i++) {
            int best = 0;
            for (int j = 1; j < outputs.cols(); j++) {
                if (outputs.get(i, j) > outputs.get(i, best)) {
                    best = j;
                }
            }
            predicted[i] = best;
        }
        String run = config.name() + " (seed " + seed + ")";
        long[][] counts = ConfusionMatrixChart.counts(actual, predicted, data.classCount());
        ConfusionMatrixChart.writeCsv(counts, data.classLabels(), folder.resolve("confusion.csv"));
        ConfusionMatrixChart.write(
                counts,
                data.classLabels(),
                run + ": confusion matrix on the " + split + " split",
                folder.resolve("confusion.png"));
        Shape shape = data.inputShape();
        if (shape.flat()) {
            return;
        }
        List<ImageGridChart.Tile> wrong = new ArrayList<>();
        Features x = part.features();
        int pixels = shape.height() * shape.width();
        for (int i = 0; i < actual.length && wrong.size() < MISCLASSIFIED; i++) {
            if (actual[i] != predicted[i]) {
                double[] values = new double[pixels];
                for (int j = 0; j < pixels; j++) {
                    values[j] = x.get(i, j); // the first channel
                }
                wrong.add(new ImageGridChart.Tile(
                        values,
                        shape.height(),
                        shape.width(),
                        data.classLabels().get(actual[i]) + " as "
                                + data.classLabels().get(predicted[i])));
            }
        }
        if (!wrong.isEmpty()) {
            ImageGridChart.write(
                    wrong,
                    8,
                    Math.max(2, 112 / Math.max(shape.height(), shape.width())),
                    ImageGridChart.Palette.INK,
                    run + ": misclassified " + split + " images (true as predicted)",
                    folder.resolve("misclassified.png"));
        }
        List<ImageGridChart.Tile> filters = firstFilters(config.network().stack(), shape, solution);
        if (!filters.isEmpty()) {
            ImageGridChart.write(
                    filters,
                    Math.min(8, filters.size()),
                    Math.max(8, 96 / filters.get(0).height()),
                    ImageGridChart.Palette.DIVERGING,
                    run + ": the first convolution's kernels",
                    folder.resolve("filters.png"));
        }
    }

    /**
     * The kernels of the stack's first convolution, one tile per filter and input channel, read from the
     * flat parameter vector: layers hold their parameters in order, each weights (filters x channels*kh*kw,
     * row-major) then biases. Empty when the stack has no convolution.
     */
    static List<ImageGridChart.Tile> firstFilters(StackSpec stack, Shape input, double[] parameters) {
        List<Shape> shapes = stack.shapes(input);
        long offset = 0;
        for (int i = 0; i < stack.layers().size(); i++) {
            LayerSpec layer = stack.layers().get(i);
            Shape in = shapes.get(i);
            if (layer instanceof LayerSpec.Conv c) {
                List<ImageGridChart.Tile> tiles = new ArrayList<>();
                int patch = in.channels() * c.kernelHeight() * c.kernelWidth();
                for (int f = 0; f < c.filters(); f++) {
                    for (int ch = 0; ch < in.channels(); ch++) {
                        double[] values = new double[c.kernelHeight() * c.kernelWidth()];
                        int from = (int) offset + f * patch + ch * values.length;
                        System.arraycopy(parameters, from, values, 0, values.length);
                        tiles.add(new ImageGridChart.Tile(
                                values,
                                c.kernelHeight(),
                                c.kernelWidth(),
                                "filter " + f + (in.channels() > 1 ? String.format(Locale.ROOT, " ch %d", ch) : "")));
                    }
                }
                return tiles;
            }
            if (layer instanceof LayerSpec.Dense d) {
                offset += (long) in.size() * d.units() + d.units();
            }
        }
        return List.of();
    }
}
