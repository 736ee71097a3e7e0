package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IrisTest {
    private static Path iris() throws URISyntaxException {
        return Path.of(IrisTest.class.getResource("/iris.csv").toURI());
    }

    @Test
    void theBundledCopyIsTheSharedFile() throws URISyntaxException {
        // Digest as listed for iris.csv in the shared data provenance file.
        CsvReader.verifySha256(iris(), "4ee430a62e58386cb7db10bc5b725c93b664dd2fe1a036284b8e9ea3f7ed1a93");
    }

    @Test
    void preparesIrisIntoStratifiedSplitsOfNinetyThirtyThirty() throws URISyntaxException {
        CsvTable table = CsvReader.read(iris());
        assertEquals(150, table.rowCount());
        PreparedData data = TabularPreparer.prepare(
                table,
                TabularSpec.classification("target"),
                SplitSpec.stratified(0.6, 0.2, 0.2),
                new SplittableRandom(42));
        assertEquals(List.of("0", "1", "2"), data.classLabels());
        assertEquals(4, data.featureCount());
        assertEquals(4, data.report().numericColumns());
        assertEquals(0, data.report().categoricalColumns());
        assertEquals(new SplitCounts(90, 30, 30), data.report().splitSizes());
        assertArrayEquals(new int[] {30, 30, 30}, classCounts(data.train()));
        assertArrayEquals(new int[] {10, 10, 10}, classCounts(data.validation()));
        assertArrayEquals(new int[] {10, 10, 10}, classCounts(data.test()));
    }

    private static int[] classCounts(Part part) {
        int[] counts = new int[3];
        for (int label : part.labels()) {
            counts[label]++;
        }
        return counts;
    }
}
