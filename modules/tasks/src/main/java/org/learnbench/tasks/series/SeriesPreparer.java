package org.learnbench.tasks.series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnbench.matrix.Matrix;
import org.learnbench.nn.SequenceShape;
import org.learnbench.nn.Shape;
import org.learnbench.tasks.data.DataReport;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.SplitCounts;
import org.learnbench.tasks.data.TargetTransform;
import org.learnbench.tasks.data.TaskKind;

/**
 * Turns a series into the samples of one walk-forward fold. Sample i forecasts the target series at time
 * {@code t = window + horizon - 1 + i} from the values of every series at times {@code t - horizon - window
 * + 1 .. t - horizon}. Only training-period values are read to fit anything: the standardisation of each
 * series uses the times from the first training window's start to the last training target, and the AR
 * baseline the training samples. Validation and test values are only read to make their own samples, so
 * changing them (even to NaN) changes nothing fitted.
 */
public final class SeriesPreparer {
    private SeriesPreparer() {}

    /** Samples a series of {@code length} times gives for this window and horizon (may be <= 0). */
    public static int samples(int length, int window, int horizon) {
        return length - window - horizon + 1;
    }

    /** The time of sample i's target. */
    public static int targetTime(int sample, int window, int horizon) {
        return window + horizon - 1 + sample;
    }

    /**
     * The fold's data.
     *
     * @throws IllegalArgumentException if the target is not a series, the window leaves too few samples for
     *     the folds, or the training block is shorter than the AR baseline needs
     */
    public static SeriesData prepare(Series series, SeriesSpec spec) {
        int target = series.indexOf(spec.target());
        if (target < 0) {
            throw new IllegalArgumentException("the target '" + spec.target() + "' is not a series " + series.names());
        }
        int w = spec.window();
        int h = spec.horizon();
        int n = samples(series.length(), w, h);
        if (n < 1) {
            throw new IllegalArgumentException("a window of " + w + " and a horizon of " + h + " need at least "
                    + (w + h) + " times, and the series has " + series.length());
        }
        WalkForward fold = WalkForward.of(n, spec);
        int width = series.width();
        int features = w * width;
        if (fold.trainSize() < features + 2) {
            throw new IllegalArgumentException("the fold's training block has " + fold.trainSize()
                    + " samples, too few for a window of " + w + " x " + width + " series (the AR baseline fits "
                    + (features + 1) + " coefficients); use a shorter window, fewer folds or a later fold");
        }
        // Training statistics: times from the first training window's start to the last training target.
        int from = fold.trainFrom();
        int to = targetTime(fold.trainTo() - 1, w, h);
        double[] mean = new double[width];
        double[] sd = new double[width];
        for (int s = 0; s < width; s++) {
            double sum = 0;
            for (int t = from; t <= to; t++) {
                sum += series.value(t, s);
            }
            mean[s] = sum / (to - from + 1);
            double squares = 0;
            for (int t = from; t <= to; t++) {
                double d = series.value(t, s) - mean[s];
                squares += d * d;
            }
            double v = Math.sqrt(squares / (to - from + 1));
            sd[s] = v > 0 && Double.isFinite(v) ? v : 1;
        }
        TargetTransform transform = new TargetTransform(false, mean[target], sd[target]);
        double[][] trainRaw = rawWindows(series, w, h, fold.trainFrom(), fold.trainTo());
        double[] trainY = targets(series, target, w, h, fold.trainFrom(), fold.trainTo());
        double[] ar = Baselines.fitLinear(trainRaw, trainY);
        int last = (w - 1) * width + target;
        Map<String, double[]> actual = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> forecasts = new LinkedHashMap<>();
        for (String b : Baselines.NAMES) {
            forecasts.put(b, new LinkedHashMap<>());
        }
        int[][] ranges = {{fold.trainTo(), fold.validationTo()}, {fold.testFrom(), fold.testTo()}};
        for (int k = 0; k < 2; k++) {
            String split = SeriesData.SPLITS.get(k);
            double[][] raw = rawWindows(series, w, h, ranges[k][0], ranges[k][1]);
            actual.put(split, targets(series, target, w, h, ranges[k][0], ranges[k][1]));
            forecasts.get("naive").put(split, Baselines.naive(raw.length));
            forecasts.get("persistence").put(split, Baselines.persistence(raw, last));
            forecasts.get("ar").put(split, Baselines.predictLinear(ar, raw));
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < w; j++) {
            for (int s = 0; s < width; s++) {
                names.add(series.names().get(s) + "[t-" + (w - 1 - j + h) + "]");
            }
        }
        Part train = part(series, spec, fold.trainFrom(), fold.trainTo(), mean, sd, transform, target);
        Part validation = part(series, spec, fold.trainTo(), fold.validationTo(), mean, sd, transform, target);
        Part test = part(series, spec, fold.testFrom(), fold.testTo(), mean, sd, transform, target);
        SplitCounts sizes = new SplitCounts(train.size(), validation.size(), test.size());
        SplitCounts none = new SplitCounts(0, 0, 0);
        // Rows read: the series' times; the times no sample targets count as dropped-for-target.
        DataReport report =
                new DataReport(series.length(), series.length() - sizes.total(), 0, sizes, none, none, width * w, 0);
        Shape shape = spec.sequence() ? Shape.sequence(new SequenceShape(w, width, false)) : Shape.vector(features);
        PreparedData data = new PreparedData(
                train, validation, test, names, List.of(), transform, TaskKind.REGRESSION, report, shape);
        return new SeriesData(data, fold, mean, sd, ar, actual, forecasts);
    }

    /** The raw windows of samples [from, to), step-major. */
    static double[][] rawWindows(Series series, int w, int h, int from, int to) {
        int width = series.width();
        double[][] x = new double[to - from][w * width];
        for (int i = from; i < to; i++) {
            int start = targetTime(i, w, h) - h - w + 1;
            for (int j = 0; j < w; j++) {
                for (int s = 0; s < width; s++) {
                    x[i - from][j * width + s] = series.value(start + j, s);
                }
            }
        }
        return x;
    }

    private static double[] targets(Series series, int target, int w, int h, int from, int to) {
        double[] y = new double[to - from];
        for (int i = from; i < to; i++) {
            y[i - from] = series.value(targetTime(i, w, h), target);
        }
        return y;
    }

    private static Part part(
            Series series,
            SeriesSpec spec,
            int from,
            int to,
            double[] mean,
            double[] sd,
            TargetTransform transform,
            int target) {
        int w = spec.window();
        int h = spec.horizon();
        int width = series.width();
        double[][] raw = rawWindows(series, w, h, from, to);
        Matrix x = Matrix.zeros(to - from, w * width);
        Matrix y = Matrix.zeros(to - from, 1);
        int[] lines = new int[to - from];
        int[] allLines = series.lines();
        for (int i = 0; i < raw.length; i++) {
            for (int j = 0; j < raw[i].length; j++) {
                int s = j % width;
                x.set(i, j, (raw[i][j] - mean[s]) / sd[s]);
            }
            int t = targetTime(from + i, w, h);
            y.set(i, 0, transform.forward(series.value(t, target)));
            lines[i] = allLines[t];
        }
        return new Part(x, y, lines);
    }
}
