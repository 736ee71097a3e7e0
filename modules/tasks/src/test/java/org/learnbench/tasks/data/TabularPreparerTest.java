package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.Matrix;

class TabularPreparerTest {
    private static final SplitSpec ALL_TRAIN = SplitSpec.stratified(1, 0, 0);

    private static CsvTable csv(String text) {
        return CsvReader.parse("t.csv", text);
    }

    /** Rows "a,b,label" with a = i, b = i * i, and label cycling through the given classes. */
    private static CsvTable classes(int perClass, String... labels) {
        StringBuilder s = new StringBuilder("a,b,label\n");
        int i = 0;
        for (String label : labels) {
            for (int k = 0; k < perClass; k++, i++) {
                s.append(i)
                        .append(',')
                        .append(i * i % 97)
                        .append(',')
                        .append(label)
                        .append('\n');
            }
        }
        return csv(s.toString());
    }

    private static int[] countsPerClass(Part part, int classes) {
        int[] counts = new int[classes];
        for (int label : part.labels()) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void stratifiedSplitKeepsClassProportionsExactly() {
        PreparedData data = TabularPreparer.prepare(
                classes(100, "x", "y", "z"),
                TabularSpec.classification("label"),
                SplitSpec.stratified(0.6, 0.2, 0.2),
                new SplittableRandom(3));
        assertArrayEquals(new int[] {60, 60, 60}, countsPerClass(data.train(), 3));
        assertArrayEquals(new int[] {20, 20, 20}, countsPerClass(data.validation(), 3));
        assertArrayEquals(new int[] {20, 20, 20}, countsPerClass(data.test(), 3));
        assertEquals(List.of("x", "y", "z"), data.classLabels());
    }

    @Test
    void splitIsDeterministicForASeedAndDiffersForAnother() {
        CsvTable table = classes(30, "p", "q");
        TabularSpec spec = TabularSpec.classification("label");
        SplitSpec split = SplitSpec.stratified(0.5, 0.25, 0.25);
        PreparedData first = TabularPreparer.prepare(table, spec, split, new SplittableRandom(11));
        PreparedData again = TabularPreparer.prepare(table, spec, split, new SplittableRandom(11));
        PreparedData other = TabularPreparer.prepare(table, spec, split, new SplittableRandom(12));
        assertEquals(first, again);
        assertArrayEquals(first.test().sourceLines(), again.test().sourceLines());
        assertFalse(Arrays.equals(first.test().sourceLines(), other.test().sourceLines()));
        assertNotEquals(first.train(), other.train());
    }

    @Test
    void plainShuffleIsUsedWithoutStratification() {
        PreparedData data = TabularPreparer.prepare(
                classes(10, "p", "q"),
                TabularSpec.classification("label"),
                SplitSpec.shuffled(0.7, 0.15, 0.15),
                new SplittableRandom(5));
        assertEquals(new SplitCounts(14, 3, 3), data.report().splitSizes());
    }

    @Test
    void aZeroFractionGivesAnEmptySplit() {
        PreparedData data = TabularPreparer.prepare(
                classes(10, "p", "q"),
                TabularSpec.classification("label"),
                SplitSpec.stratified(0.8, 0, 0.2),
                new SplittableRandom(5));
        assertEquals(0, data.validation().size());
        assertEquals(2, data.validation().x().cols());
        assertEquals(4, data.test().size());
    }

    @Test
    void partsKeepFileOrderAndTraceRowsToLines() {
        PreparedData data = TabularPreparer.prepare(
                classes(10, "p", "q"),
                TabularSpec.classification("label"),
                SplitSpec.stratified(0.6, 0.2, 0.2),
                new SplittableRandom(8));
        Set<Integer> lines = new HashSet<>();
        for (Part part : List.of(data.train(), data.validation(), data.test())) {
            int[] partLines = part.sourceLines();
            for (int i = 0; i < partLines.length; i++) {
                assertTrue(i == 0 || partLines[i - 1] < partLines[i]);
                assertTrue(lines.add(partLines[i]));
                // Row on line L has label p for lines 2..11 and q for 12..21.
                assertEquals(partLines[i] <= 11 ? 0 : 1, part.labels()[i]);
            }
        }
        assertEquals(20, lines.size());
    }

    @Test
    void standardisesWithTrainingStatisticsOnly() {
        StringBuilder s = new StringBuilder("v,label\n");
        SplittableRandom values = new SplittableRandom(99);
        List<Double> raw = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double v = Math.round(values.nextDouble(-50, 150) * 100) / 100.0;
            raw.add(v);
            s.append(v).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        PreparedData data = TabularPreparer.prepare(
                csv(s.toString()),
                TabularSpec.classification("label"),
                SplitSpec.stratified(0.5, 0.25, 0.25),
                new SplittableRandom(4));

        double[] trainX = data.train().x().toArray();
        double mean = Arrays.stream(trainX).average().orElseThrow();
        double variance =
                Arrays.stream(trainX).map(x -> (x - mean) * (x - mean)).sum() / trainX.length;
        assertEquals(0, mean, 1e-12);
        assertEquals(1, variance, 1e-12);

        // Recompute the training mean and sd from the file's values on the training lines (line L holds raw[L - 2]).
        double[] trainRaw = Arrays.stream(data.train().sourceLines())
                .mapToDouble(line -> raw.get(line - 2))
                .toArray();
        double trainMean = Arrays.stream(trainRaw).sum() / trainRaw.length;
        double trainSd = Math.sqrt(Arrays.stream(trainRaw)
                        .map(v -> (v - trainMean) * (v - trainMean))
                        .sum()
                / trainRaw.length);
        int line = data.validation().sourceLines()[0];
        double expected = (raw.get(line - 2) - trainMean) / trainSd;
        assertEquals(expected, data.validation().x().get(0, 0), 1e-12);
        // The validation split on its own would not be centred by these statistics.
        double validationMean =
                Arrays.stream(data.validation().x().toArray()).average().orElseThrow();
        assertNotEquals(0, validationMean, 1e-6);
    }

    @Test
    void imputesByTrainingMedianAndMostFrequentCategoryAndCountsCells() {
        CsvTable table = csv("a,colour,y\n1,red,1\n2,blue,2\n,red,3\n10,,4\n");
        PreparedData data =
                TabularPreparer.prepare(table, TabularSpec.regression("y"), ALL_TRAIN, new SplittableRandom(0));
        assertEquals(List.of("a", "colour=blue", "colour=red"), data.featureNames());
        // Median of 1, 2, 10 is 2; the imputed column 1, 2, 2, 10 has mean 3.75 and population sd sqrt(13.1875).
        double sd = Math.sqrt(13.1875);
        Matrix x = data.train().x();
        assertEquals((1 - 3.75) / sd, x.get(0, 0), 1e-12);
        assertEquals((2 - 3.75) / sd, x.get(2, 0), 1e-12);
        assertEquals((10 - 3.75) / sd, x.get(3, 0), 1e-12);
        // red is the most frequent training category, so the missing colour on line 5 becomes red.
        assertArrayEquals(new double[] {0, 1}, new double[] {x.get(3, 1), x.get(3, 2)});
        assertEquals(new SplitCounts(2, 0, 0), data.report().imputedCells());
        assertEquals(1, data.report().numericColumns());
        assertEquals(1, data.report().categoricalColumns());
    }

    @Test
    void learnsCategoriesOnTrainOnlyAndCountsAnUnseenCategoryAtTest() {
        StringBuilder s = new StringBuilder("colour,n,label\n");
        for (int i = 0; i < 30; i++) {
            s.append(i % 3 == 0 ? "red" : "blue")
                    .append(',')
                    .append(i)
                    .append(',')
                    .append(i % 2)
                    .append('\n');
        }
        s.append("purple,30,1\n");
        CsvTable table = csv(s.toString());
        int purpleLine = 32;
        boolean checked = false;
        for (int seed = 0; seed < 200 && !checked; seed++) {
            PreparedData data = TabularPreparer.prepare(
                    table,
                    TabularSpec.classification("label"),
                    SplitSpec.stratified(0.6, 0.2, 0.2),
                    new SplittableRandom(seed));
            int at = indexOf(data.test().sourceLines(), purpleLine);
            if (at < 0) {
                continue;
            }
            checked = true;
            assertEquals(List.of("colour=blue", "colour=red", "n"), data.featureNames());
            assertEquals(new SplitCounts(0, 0, 1), data.report().unseenCategories());
            assertEquals(0, data.test().x().get(at, 0));
            assertEquals(0, data.test().x().get(at, 1));
        }
        assertTrue(checked, "no seed put the purple row in the test split");
    }

    @Test
    void dropPolicyRemovesRowsWithMissingFeaturesAndMissingTargetsAreAlwaysDropped() {
        CsvTable table = csv("a,b,label\n1,2,x\n,3,y\n4,NA,x\n5,6,\n7,8,y\n9,10,x\n11,12,y\n");
        TabularSpec spec = TabularSpec.classification("label").withMissing(MissingPolicy.DROP);
        PreparedData data = TabularPreparer.prepare(table, spec, ALL_TRAIN, new SplittableRandom(1));
        assertEquals(7, data.report().rowsRead());
        assertEquals(1, data.report().droppedMissingTarget());
        assertEquals(2, data.report().droppedMissingFeatures());
        assertEquals(4, data.report().rowsKept());
        assertArrayEquals(new int[] {2, 6, 7, 8}, data.train().sourceLines());
        assertEquals(new SplitCounts(0, 0, 0), data.report().imputedCells());

        PreparedData imputed =
                TabularPreparer.prepare(table, TabularSpec.classification("label"), ALL_TRAIN, new SplittableRandom(1));
        assertEquals(6, imputed.report().rowsKept());
        assertEquals(new SplitCounts(2, 0, 0), imputed.report().imputedCells());
    }

    @Test
    void detectsCategoricalColumnsAndHonoursTheExplicitList() {
        CsvTable table = csv("size,code,w,label\nS,1,0.5,a\nM,2,1.5,b\nL,1,2.5,a\nM,3,3.5,b\n");
        TabularSpec spec = TabularSpec.classification("label").withCategorical(List.of("code"));
        PreparedData data = TabularPreparer.prepare(table, spec, ALL_TRAIN, new SplittableRandom(1));
        assertEquals(List.of("size=L", "size=M", "size=S", "code=1", "code=2", "code=3", "w"), data.featureNames());
        assertArrayEquals(
                new double[] {0, 0, 1, 1, 0, 0}, Arrays.copyOf(data.train().x().row(0), 6));
        assertEquals(2, data.report().categoricalColumns());
        assertEquals(1, data.report().numericColumns());
    }

    @Test
    void keepsTheFilesColumnOrderAndAppliesExclude() {
        CsvTable table = csv("id,c,b,label,a\n1,1,2,x,3\n2,4,5,y,6\n");
        PreparedData listed = TabularPreparer.prepare(
                table,
                TabularSpec.classification("label").withFeatures(List.of("a", "b", "c")),
                ALL_TRAIN,
                new SplittableRandom(1));
        assertEquals(List.of("c", "b", "a"), listed.featureNames());
        PreparedData excluded = TabularPreparer.prepare(
                table,
                TabularSpec.classification("label").withExclude(List.of("id")),
                ALL_TRAIN,
                new SplittableRandom(1));
        assertEquals(List.of("c", "b", "a"), excluded.featureNames());
    }

    @Test
    void sortsNumericClassLabelsNumerically() {
        CsvTable table = csv("a,label\n1,10\n2,9\n3,2\n4,10\n");
        PreparedData data =
                TabularPreparer.prepare(table, TabularSpec.classification("label"), ALL_TRAIN, new SplittableRandom(1));
        assertEquals(List.of("2", "9", "10"), data.classLabels());
        assertArrayEquals(new int[] {2, 1, 0, 2}, data.train().labels());
        assertEquals(TargetTransform.identity(), data.target());
    }

    @Test
    void logTargetRoundTripsAndStandardisesTheTrainingTarget() {
        StringBuilder s = new StringBuilder("x,price\n");
        double[] prices = new double[30];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = 1000 * Math.pow(1.3, i % 10) + i;
            s.append(i).append(',').append(prices[i]).append('\n');
        }
        PreparedData data = TabularPreparer.prepare(
                csv(s.toString()),
                TabularSpec.regression("price").withLogTarget(true),
                SplitSpec.shuffled(0.6, 0.2, 0.2),
                new SplittableRandom(2));
        TargetTransform t = data.target();
        assertTrue(t.logTarget());
        assertEquals(0, Arrays.stream(data.train().targets()).average().orElseThrow(), 1e-12);
        for (Part part : List.of(data.train(), data.validation(), data.test())) {
            double[] original = t.inverse(part.y());
            int[] lines = part.sourceLines();
            for (int i = 0; i < lines.length; i++) {
                assertEquals(prices[lines[i] - 2], original[i], 1e-9 * prices[lines[i] - 2]);
                assertEquals(part.y().get(i, 0), t.forward(original[i]), 1e-12);
            }
        }
        assertEquals(Math.log(5000), (t.forward(5000) * t.sd()) + t.mean(), 1e-12);
        assertTrue(data.classLabels().isEmpty());
    }

    @Test
    void rejectsANonPositiveTargetWithLogTargetNamingLineAndValue() {
        CsvTable table = csv("x,price\n1,10\n2,0\n3,5\n");
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        table,
                        TabularSpec.regression("price").withLogTarget(true),
                        ALL_TRAIN,
                        new SplittableRandom(1)));
        assertEquals(
                "t.csv: line 3: column 'price': target 0 is not positive, so log(y) is undefined (logTarget)",
                e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void rejectsANonNumericRegressionTarget() {
        CsvTable table = csv("x,y\n1,10\n2,ten\n");
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(table, TabularSpec.regression("y"), ALL_TRAIN, new SplittableRandom(1)));
        assertEquals("t.csv: line 3: column 'y': expected a number, got 'ten'", e.getMessage());
    }

    @Test
    void rejectsAnUnparsableNumberNamingLineColumnAndValue() {
        StringBuilder s = new StringBuilder("Lot_Area,y\n");
        for (int i = 0; i < 40; i++) {
            s.append(i == 38 ? "abc" : String.valueOf(1000 + i))
                    .append(',')
                    .append(i)
                    .append('\n');
        }
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        csv(s.toString()), TabularSpec.regression("y"), ALL_TRAIN, new SplittableRandom(1)));
        assertEquals(40, e.line());
        assertTrue(
                e.getMessage().startsWith("t.csv: line 40: column 'Lot_Area': expected a number, got 'abc'"),
                e.getMessage());
    }

    @Test
    void rejectsAMissingColumnListingTheAvailableOnes() {
        CsvTable table = csv("sepal_length,sepal_width,species\n1,2,a\n3,4,b\n");
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        table, TabularSpec.classification("species_x"), ALL_TRAIN, new SplittableRandom(1)));
        assertEquals(
                "t.csv: no column named 'species_x' (target) (did you mean 'species'?); the columns are: sepal_length, sepal_width, species",
                e.getMessage());
        assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        table,
                        TabularSpec.classification("species").withFeatures(List.of("petal")),
                        ALL_TRAIN,
                        new SplittableRandom(1)));
        assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        table,
                        TabularSpec.classification("species").withExclude(List.of("petal")),
                        ALL_TRAIN,
                        new SplittableRandom(1)));
    }

    @Test
    void listsEveryColumnWhenTheTargetIsMissing() {
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < 61; c++) {
            header.append(c == 0 ? "" : ",").append("c").append(c);
            row.append(c == 0 ? "" : ",").append(c);
        }
        CsvTable table = csv(header + "\n" + row + "\n");
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(table, TabularSpec.regression("y"), ALL_TRAIN, new SplittableRandom(1)));
        assertTrue(e.getMessage().endsWith("c58, c59, c60"), e.getMessage());
        assertFalse(e.getMessage().contains("more"), e.getMessage());
    }

    @Test
    void suggestsTheColumnThatDiffersOnlyInCase() {
        CsvTable table = csv("a,Class\n1,x\n2,y\n");
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        table, TabularSpec.classification("class"), ALL_TRAIN, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("did you mean 'Class'?"), e.getMessage());
    }

    @Test
    void refusesAContinuousTargetReadAsClasses() {
        StringBuilder rows = new StringBuilder("x,price\n");
        for (int i = 0; i < 100; i++) {
            rows.append(i).append(',').append(1000 + 7 * i).append('\n');
        }
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        csv(rows.toString()), TabularSpec.classification("price"), ALL_TRAIN, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("100 distinct values in 100 rows"), e.getMessage());
        assertTrue(e.getMessage().contains("kind: regression"), e.getMessage());
    }

    @Test
    void refusesASplitThatWouldBeEmpty() {
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        csv("x,y\n1,2\n2,3\n3,4\n4,5\n"),
                        TabularSpec.regression("y"),
                        new SplitSpec(0.7, 0.15, 0.15, false),
                        new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("split would be empty: 4 rows"), e.getMessage());
    }

    @Test
    void refusesAClassTooRareToStratify() {
        StringBuilder rows = new StringBuilder("x,c\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i)
                    .append(',')
                    .append(i == 0 ? "rare" : i % 2 == 0 ? "a" : "b")
                    .append('\n');
        }
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        csv(rows.toString()),
                        TabularSpec.classification("c"),
                        new SplitSpec(0.7, 0.15, 0.15, true),
                        new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("class 'rare'"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 3 per class"), e.getMessage());
    }

    @Test
    void refusesExcludingTheTarget() {
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        csv("a,b,y\n1,2,3\n4,5,6\n"),
                        TabularSpec.regression("y").withExclude(java.util.List.of("y")),
                        ALL_TRAIN,
                        new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("exclude lists the target 'y'"), e.getMessage());
    }

    @Test
    void rejectsAFeatureColumnThatIsEntirelyMissing() {
        CsvTable table = csv("a,b,label\n1,,x\n2,NA,y\n");
        DataException e = assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        table, TabularSpec.classification("label"), ALL_TRAIN, new SplittableRandom(1)));
        assertEquals("t.csv: feature column 'b' has no values (every cell is missing)", e.getMessage());
    }

    @Test
    void rejectsASingleClass() {
        CsvTable table = csv("a,label\n1,x\n2,x\n");
        assertThrows(
                DataException.class,
                () -> TabularPreparer.prepare(
                        table, TabularSpec.classification("label"), ALL_TRAIN, new SplittableRandom(1)));
    }

    private static int indexOf(int[] values, int wanted) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
