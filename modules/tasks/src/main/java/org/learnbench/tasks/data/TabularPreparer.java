package org.learnbench.tasks.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;

/**
 * Turns a {@link CsvTable} into train, validation and test matrices for a {@link TabularSpec}, fitting every
 * statistic (medians, categories, means, standard deviations, the target transform) on the training split only.
 *
 * <p>Decisions a caller should know:
 *
 * <ul>
 *   <li>Column types. A feature column listed in {@link TabularSpec#categorical()} is categorical. Any other feature
 *       column is numeric when more than half of its present values are plain decimal numbers, and then every
 *       present value must be one (a stray word is reported with its line, column and value, not silently turned
 *       into a category); when half or fewer are numbers the column is categorical. Types are decided from all
 *       rows that have a target, before splitting: a type is a property of the file, not a fitted statistic.
 *   <li>Categorical values and class labels are stripped of surrounding whitespace. Categories are ordered like
 *       class labels: numerically when all are numbers, otherwise lexicographically. The imputed category is the
 *       most frequent in the training split, ties going to the first in that order.
 *   <li>Class labels are collected from every row with a target (a class absent from the training split still has
 *       an index). A classification target with fewer than two classes is an error.
 *   <li>Numeric features: missing cells are imputed with the training median, then standardised with the
 *       training mean and population standard deviation of the imputed column (so training columns have mean 0
 *       and sd 1); an sd of (nearly) 0 is replaced by 1. One-hot columns stay 0/1.
 *   <li>Split sizes: train gets round(n * train) rows, validation round(rest * validation / (validation + test))
 *       of the rest, test the remainder; so sizes add up to n exactly and a fraction of 0 gives an empty split.
 *       Stratified classification splits shuffle each class and give it the difference of those sizes over the
 *       running row count, in class-index order: every class gets its fair share to within one row per split and
 *       the totals equal the unstratified sizes. Regression ignores {@link SplitSpec#stratify()} and shuffles
 *       plainly. Rows inside each part stay in file order (trainers shuffle minibatches themselves).
 *   <li>Features appear in the file's column order; one-hot columns are named {@code column=category}.
 * </ul>
 */
public final class TabularPreparer {
    private TabularPreparer() {}

    /**
     * Prepares the data. The result is a pure function of the arguments and the generator's state, which this call
     * advances.
     */
    public static PreparedData prepare(CsvTable table, TabularSpec spec, SplitSpec split, RandomGenerator random) {
        return prepare(table, spec, split, random, Scaling.STANDARD);
    }

    /**
     * As above, with numeric columns scaled as {@code scaling} says, each by its own training statistics:
     * standardised (the default above), to [0, 1] by the training minimum and maximum, or left as they are
     * (after imputation). One-hot columns stay 0/1 either way.
     */
    public static PreparedData prepare(
            CsvTable table, TabularSpec spec, SplitSpec split, RandomGenerator random, Scaling scaling) {
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(random, "random");
        String file = table.source();

        // a. Columns.
        int targetColumn = requireColumn(table, spec.target(), "target");
        int[] featureColumns = resolveFeatures(table, spec, targetColumn);
        Set<Integer> forcedCategorical = new HashSet<>();
        for (String name : spec.categorical()) {
            int column = requireColumn(table, name, "categorical");
            if (Arrays.stream(featureColumns).noneMatch(c -> c == column)) {
                throw new DataException(
                        file,
                        0,
                        "categorical column " + DataException.quote(name) + " is not among the feature columns");
            }
            forcedCategorical.add(column);
        }
        for (int column : featureColumns) {
            if (presentCount(table, column) == 0) {
                throw new DataException(
                        file,
                        0,
                        "feature column " + DataException.quote(table.columns().get(column))
                                + " has no values (every cell is missing)");
            }
        }

        // b. Target.
        List<Integer> rows = new ArrayList<>();
        int droppedMissingTarget = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            if (table.isMissing(r, targetColumn)) {
                droppedMissingTarget++;
            } else {
                rows.add(r);
            }
        }
        String targetName = table.columns().get(targetColumn);
        if (rows.isEmpty()) {
            throw new DataException(file, 0, "every row's target " + DataException.quote(targetName) + " is missing");
        }
        List<String> classLabels = List.of();
        Map<String, Integer> classIndex = Map.of();
        if (spec.kind() == TaskKind.CLASSIFICATION) {
            List<String> labels = new ArrayList<>();
            for (int r : rows) {
                labels.add(table.cell(r, targetColumn).strip());
            }
            classLabels = Numbers.sortLabels(labels);
            if (classLabels.size() < 2) {
                throw new DataException(
                        file,
                        0,
                        "the target " + DataException.quote(targetName)
                                + " has only one class, " + DataException.quote(classLabels.get(0))
                                + " (classification needs at least two)");
            }
            classIndex = indexOf(classLabels);
            // A continuous target read as classes gives a class per value: hundreds of classes with a row or two
            // each, a model that cannot generalise, and accuracy near zero. Refuse it, naming the likely intent.
            if (classLabels.size() > MAX_CLASSES_WITHOUT_CHECK
                    && (long) classLabels.size() * MIN_ROWS_PER_CLASS > rows.size()) {
                boolean numeric = classLabels.stream().allMatch(Numbers::isNumber);
                throw new DataException(
                        file,
                        0,
                        "the target " + DataException.quote(targetName) + " has " + classLabels.size()
                                + " distinct values in " + rows.size() + " rows, too many to be classes (fewer than "
                                + MIN_ROWS_PER_CLASS + " rows per class)"
                                + (numeric ? "; is it a quantity? then use kind: regression" : ""));
            }
        } else {
            for (int r : rows) {
                String cell = table.cell(r, targetColumn);
                double value = Numbers.parse(cell);
                if (Double.isNaN(value)) {
                    throw new DataException(
                            file,
                            table.line(r),
                            "column " + DataException.quote(targetName) + ": expected a number, got "
                                    + DataException.quote(cell));
                }
                if (spec.logTarget() && !(value > 0)) {
                    throw new DataException(
                            file,
                            table.line(r),
                            "column " + DataException.quote(targetName) + ": target " + cell.strip()
                                    + " is not positive, so log(y) is undefined (logTarget)");
                }
            }
        }

        // c. Column types.
        boolean[] categorical = new boolean[featureColumns.length];
        for (int j = 0; j < featureColumns.length; j++) {
            categorical[j] =
                    forcedCategorical.contains(featureColumns[j]) || isMostlyNonNumeric(table, rows, featureColumns[j]);
            if (!categorical[j]) {
                requireAllNumbers(table, rows, featureColumns[j]);
            }
        }

        // d. Missing features.
        int droppedMissingFeatures = 0;
        if (spec.missing() == MissingPolicy.DROP) {
            List<Integer> complete = new ArrayList<>(rows.size());
            for (int r : rows) {
                boolean missing = false;
                for (int column : featureColumns) {
                    missing |= table.isMissing(r, column);
                }
                if (missing) {
                    droppedMissingFeatures++;
                } else {
                    complete.add(r);
                }
            }
            rows = complete;
        }
        int n = rows.size();
        if (n == 0) {
            throw new DataException(
                    file,
                    0,
                    "no rows left: " + droppedMissingTarget + " had a missing target and " + droppedMissingFeatures
                            + " a missing feature (policy DROP)");
        }

        // e. Split.
        int[] strata = null;
        if (spec.kind() == TaskKind.CLASSIFICATION && split.stratify()) {
            strata = new int[n];
            for (int i = 0; i < n; i++) {
                strata[i] = classIndex.get(table.cell(rows.get(i), targetColumn).strip());
            }
        }
        requireSplitSizes(file, targetName, n, strata, classLabels, split);
        int[][] positions = Splitter.split(n, strata, classLabels.size(), split, random);
        int[][] splitRows = new int[3][];
        for (int s = 0; s < 3; s++) {
            final List<Integer> kept = rows;
            splitRows[s] = Arrays.stream(positions[s]).map(kept::get).toArray();
        }
        if (splitRows[Splitter.TRAIN].length == 0) {
            throw new DataException(
                    file,
                    0,
                    "the training split is empty (" + n + " rows, train fraction " + split.train()
                            + "): nothing to fit on");
        }

        // f. Fit on the training rows only.
        List<ColumnEncoder> encoders = new ArrayList<>(featureColumns.length);
        List<String> featureNames = new ArrayList<>();
        int width = 0;
        for (int j = 0; j < featureColumns.length; j++) {
            ColumnEncoder encoder = categorical[j]
                    ? CategoricalEncoder.fit(table, featureColumns[j], splitRows[Splitter.TRAIN], width)
                    : NumericEncoder.fit(table, featureColumns[j], splitRows[Splitter.TRAIN], width, scaling);
            encoders.add(encoder);
            featureNames.addAll(encoder.names());
            width += encoder.names().size();
        }
        TargetTransform transform = spec.kind() == TaskKind.REGRESSION
                ? fitTarget(table, targetColumn, splitRows[Splitter.TRAIN], spec.logTarget())
                : TargetTransform.identity();

        // g, h. Transform every split with the training fit.
        Part[] parts = new Part[3];
        int[] imputed = new int[3];
        int[] unseen = new int[3];
        for (int s = 0; s < 3; s++) {
            int[] partRows = splitRows[s];
            Matrix x = Matrix.zeros(partRows.length, width);
            Matrix y = Matrix.zeros(partRows.length, 1);
            int[] lines = new int[partRows.length];
            Counts counts = new Counts();
            for (int i = 0; i < partRows.length; i++) {
                int r = partRows[i];
                for (ColumnEncoder encoder : encoders) {
                    encoder.encode(table, r, x, i, counts);
                }
                String target = table.cell(r, targetColumn);
                y.set(
                        i,
                        0,
                        spec.kind() == TaskKind.CLASSIFICATION
                                ? classIndex.get(target.strip())
                                : transform.forward(Numbers.parse(target)));
                lines[i] = table.line(r);
            }
            imputed[s] = counts.imputed;
            unseen[s] = counts.unseen;
            parts[s] = new Part(x, y, lines);
        }
        int categoricalColumns = 0;
        for (boolean c : categorical) {
            categoricalColumns += c ? 1 : 0;
        }
        DataReport report = new DataReport(
                table.rowCount(),
                droppedMissingTarget,
                droppedMissingFeatures,
                new SplitCounts(parts[0].size(), parts[1].size(), parts[2].size()),
                new SplitCounts(imputed[0], imputed[1], imputed[2]),
                new SplitCounts(unseen[0], unseen[1], unseen[2]),
                featureColumns.length - categoricalColumns,
                categoricalColumns);
        return new PreparedData(
                parts[0], parts[1], parts[2], featureNames, classLabels, transform, spec.kind(), report);
    }

    /** Above this many classes a target must have {@link #MIN_ROWS_PER_CLASS} rows per class on average. */
    static final int MAX_CLASSES_WITHOUT_CHECK = 20;

    /** The fewest rows per class, on average, of a target with many classes. */
    static final int MIN_ROWS_PER_CLASS = 5;

    private static final String[] SPLIT_NAMES = {"training", "validation", "test"};

    /**
     * Every split with a positive fraction must get rows, and a stratified split must be able to give every
     * class a row in each of them: otherwise a metric is computed on nothing, or a class is never seen.
     */
    private static void requireSplitSizes(
            String file, String targetName, int n, int[] strata, List<String> classLabels, SplitSpec split) {
        double[] fractions = {split.train(), split.validation(), split.test()};
        int[] sizes = Splitter.sizes(n, split);
        int used = 0;
        for (double f : fractions) {
            used += f > 0 ? 1 : 0;
        }
        for (int s = 0; s < 3; s++) {
            if (fractions[s] > 0 && sizes[s] == 0) {
                throw new DataException(
                        file,
                        0,
                        "the " + SPLIT_NAMES[s] + " split would be empty: " + n + " rows give "
                                + sizes[0] + "/" + sizes[1] + "/" + sizes[2] + " to train/validation/test at "
                                + fractions[0] + "/" + fractions[1] + "/" + fractions[2]
                                + " (use more rows, or set the fraction to 0)");
            }
        }
        if (strata != null) {
            int[] perClass = new int[classLabels.size()];
            for (int k : strata) {
                perClass[k]++;
            }
            for (int k = 0; k < perClass.length; k++) {
                if (perClass[k] < used) {
                    throw new DataException(
                            file,
                            0,
                            "class " + DataException.quote(classLabels.get(k)) + " of the target "
                                    + DataException.quote(targetName) + " has " + perClass[k] + " row"
                                    + (perClass[k] == 1 ? "" : "s") + "; a stratified split needs at least " + used
                                    + " per class (one for each split); remove or merge rare classes, or set"
                                    + " split.stratify: false");
                }
            }
        }
    }

    private static int requireColumn(CsvTable table, String name, String role) {
        int column = table.columnIndex(name);
        if (column < 0) {
            throw new DataException(
                    table.source(),
                    0,
                    "no column named " + DataException.quote(name) + " (" + role + ")" + table.suggestColumn(name)
                            + "; the columns are: " + table.describeColumns());
        }
        return column;
    }

    /** The selected feature columns in file order. */
    private static int[] resolveFeatures(CsvTable table, TabularSpec spec, int targetColumn) {
        Set<Integer> selected = new LinkedHashSet<>();
        if (spec.features().isEmpty()) {
            Set<Integer> excluded = new HashSet<>();
            for (String name : spec.exclude()) {
                // An unknown name here is most likely a typo that would leave a column in by accident.
                int column = requireColumn(table, name, "exclude");
                if (column == targetColumn) {
                    throw new DataException(
                            table.source(),
                            0,
                            "exclude lists the target " + DataException.quote(name)
                                    + " (the target is never a feature; remove it from exclude)");
                }
                excluded.add(column);
            }
            for (int c = 0; c < table.columnCount(); c++) {
                if (c != targetColumn && !excluded.contains(c)) {
                    selected.add(c);
                }
            }
        } else {
            for (String name : spec.features()) {
                selected.add(requireColumn(table, name, "feature"));
            }
        }
        if (selected.isEmpty()) {
            throw new DataException(
                    table.source(), 0, "no feature columns are left (columns: " + table.describeColumns() + ")");
        }
        return selected.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int presentCount(CsvTable table, int column) {
        int present = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            present += table.isMissing(r, column) ? 0 : 1;
        }
        return present;
    }

    private static boolean isMostlyNonNumeric(CsvTable table, List<Integer> rows, int column) {
        int present = 0;
        int numbers = 0;
        for (int r : rows) {
            String cell = table.cell(r, column);
            if (cell != null) {
                present++;
                numbers += Numbers.isNumber(cell) ? 1 : 0;
            }
        }
        return present > 0 && 2 * numbers <= present;
    }

    private static void requireAllNumbers(CsvTable table, List<Integer> rows, int column) {
        int present = 0;
        int numbers = 0;
        int firstBad = -1;
        for (int r : rows) {
            String cell = table.cell(r, column);
            if (cell != null) {
                present++;
                if (Numbers.isNumber(cell)) {
                    numbers++;
                } else if (firstBad < 0) {
                    firstBad = r;
                }
            }
        }
        if (firstBad >= 0) {
            throw new DataException(
                    table.source(),
                    table.line(firstBad),
                    "column "
                            + DataException.quote(table.columns().get(column)) + ": expected a number, got "
                            + DataException.quote(table.cell(firstBad, column)) + " (" + numbers + " of " + present
                            + " values in this column are numbers; list it as categorical if it is one)");
        }
    }

    private static TargetTransform fitTarget(CsvTable table, int column, int[] trainRows, boolean log) {
        double[] z = new double[trainRows.length];
        for (int i = 0; i < z.length; i++) {
            double y = Numbers.parse(table.cell(trainRows[i], column));
            z[i] = log ? Math.log(y) : y;
        }
        double mean = mean(z);
        return new TargetTransform(log, mean, usableSd(populationSd(z, mean), mean));
    }

    private static Map<String, Integer> indexOf(List<String> values) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            index.put(values.get(i), i);
        }
        return index;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double populationSd(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            double d = v - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / values.length);
    }

    /** The sd, or 1 for a (nearly) constant column, whose centred values are 0 anyway and must not be blown up. */
    static double usableSd(double sd, double mean) {
        return sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
    }

    /** Imputed and unseen cell counts for one split. */
    private static final class Counts {
        int imputed;
        int unseen;
    }

    /** One feature column's training fit and its encoding into a block of x's columns. */
    private interface ColumnEncoder {
        List<String> names();

        void encode(CsvTable table, int row, Matrix x, int xRow, Counts counts);
    }

    private record NumericEncoder(int column, String name, int offset, double median, double mean, double sd)
            implements ColumnEncoder {

        /**
         * Fits the column on the training rows; the encoder computes (value - mean) / sd, so min-max scaling
         * holds the minimum and the range in those places, and no scaling 0 and 1 (which leave values exact).
         */
        static NumericEncoder fit(CsvTable table, int column, int[] trainRows, int offset, Scaling scaling) {
            String name = table.columns().get(column);
            double[] present = Arrays.stream(trainRows)
                    .filter(r -> !table.isMissing(r, column))
                    .mapToDouble(r -> Numbers.parse(table.cell(r, column)))
                    .toArray();
            if (present.length == 0) {
                throw new DataException(
                        table.source(),
                        0,
                        "feature column " + DataException.quote(name)
                                + " has no values in the training split, so there is nothing to impute from");
            }
            double[] sorted = present.clone();
            Arrays.sort(sorted);
            int h = sorted.length / 2;
            double median = sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
            // Mean and sd of the column as the model will see it, imputed cells included.
            double[] imputed = Arrays.copyOf(present, trainRows.length);
            Arrays.fill(imputed, present.length, imputed.length, median);
            double mean = TabularPreparer.mean(imputed);
            double sd = usableSd(populationSd(imputed, mean), mean);
            if (scaling == Scaling.MIN_MAX) {
                double min = sorted[0];
                double max = sorted[sorted.length - 1];
                // Imputed cells hold the median, inside [min, max]; a constant column maps to 0.
                return new NumericEncoder(column, name, offset, median, min, max > min ? max - min : 1);
            }
            if (scaling == Scaling.NONE) {
                return new NumericEncoder(column, name, offset, median, 0, 1);
            }
            return new NumericEncoder(column, name, offset, median, mean, sd);
        }

        @Override
        public List<String> names() {
            return List.of(name);
        }

        @Override
        public void encode(CsvTable table, int row, Matrix x, int xRow, Counts counts) {
            String cell = table.cell(row, column);
            double value;
            if (cell == null) {
                value = median;
                counts.imputed++;
            } else {
                value = Numbers.parse(cell);
            }
            x.set(xRow, offset, (value - mean) / sd);
        }
    }

    private record CategoricalEncoder(
            int column, String name, int offset, List<String> categories, Map<String, Integer> index, String mode)
            implements ColumnEncoder {

        static CategoricalEncoder fit(CsvTable table, int column, int[] trainRows, int offset) {
            String name = table.columns().get(column);
            Map<String, Integer> frequency = new HashMap<>();
            for (int r : trainRows) {
                String cell = table.cell(r, column);
                if (cell != null) {
                    frequency.merge(cell.strip(), 1, Integer::sum);
                }
            }
            if (frequency.isEmpty()) {
                throw new DataException(
                        table.source(),
                        0,
                        "feature column " + DataException.quote(name)
                                + " has no values in the training split, so it has no categories");
            }
            List<String> categories = Numbers.sortLabels(frequency.keySet());
            String mode = categories.get(0);
            for (String category : categories) {
                if (frequency.get(category) > frequency.get(mode)) {
                    mode = category;
                }
            }
            return new CategoricalEncoder(column, name, offset, List.copyOf(categories), indexOf(categories), mode);
        }

        @Override
        public List<String> names() {
            return categories.stream().map(c -> name + "=" + c).toList();
        }

        @Override
        public void encode(CsvTable table, int row, Matrix x, int xRow, Counts counts) {
            String cell = table.cell(row, column);
            String category;
            if (cell == null) {
                category = mode;
                counts.imputed++;
            } else {
                category = cell.strip();
            }
            Integer position = index.get(category);
            if (position == null) {
                counts.unseen++;
            } else {
                x.set(xRow, offset + position, 1);
            }
        }
    }
}
