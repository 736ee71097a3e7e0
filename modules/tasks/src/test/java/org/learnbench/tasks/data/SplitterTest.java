package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitterTest {
    private static final SplitSpec[] SPECS = {
        SplitSpec.stratified(0.6, 0.2, 0.2),
        SplitSpec.stratified(0.7, 0.15, 0.15),
        SplitSpec.stratified(0.45, 0.1, 0.45),
        SplitSpec.stratified(0.8, 0, 0.2),
        SplitSpec.stratified(0.9, 0.1, 0),
        SplitSpec.stratified(1, 0, 0),
        SplitSpec.stratified(1.0 / 3, 1.0 / 3, 1.0 / 3)
    };

    @Test
    void sizesAlwaysAddUpAndStayWithinOneRowOfTheFractions() {
        for (SplitSpec spec : SPECS) {
            for (int n = 0; n <= 500; n++) {
                int[] sizes = Splitter.sizes(n, spec);
                assertEquals(n, sizes[0] + sizes[1] + sizes[2], spec + " n=" + n);
                assertTrue(Math.abs(sizes[0] - n * spec.train()) <= 0.5 + 1e-9, spec + " n=" + n);
                assertTrue(Math.abs(sizes[1] - n * spec.validation()) <= 1 + 1e-9, spec + " n=" + n);
                assertTrue(Math.abs(sizes[2] - n * spec.test()) <= 1 + 1e-9, spec + " n=" + n);
            }
        }
    }

    @Test
    void aZeroFractionGivesAnEmptySplit() {
        for (int n = 0; n <= 200; n++) {
            assertEquals(0, Splitter.sizes(n, SplitSpec.stratified(0.8, 0, 0.2))[1]);
            assertEquals(0, Splitter.sizes(n, SplitSpec.stratified(0.9, 0.1, 0))[2]);
        }
    }

    @Test
    void stratifiedSharesAreFairPerClassAndMatchUnstratifiedTotals() {
        SplittableRandom sizesRandom = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int classes = 1 + sizesRandom.nextInt(6);
            int[] classSizes = new int[classes];
            int n = 0;
            for (int k = 0; k < classes; k++) {
                classSizes[k] = sizesRandom.nextInt(40);
                n += classSizes[k];
            }
            int[] strata = new int[n];
            int p = 0;
            for (int k = 0; k < classes; k++) {
                for (int i = 0; i < classSizes[k]; i++) {
                    strata[p++] = k;
                }
            }
            for (SplitSpec spec : SPECS) {
                int[][] parts = Splitter.split(n, strata, classes, spec, new SplittableRandom(trial));
                int[] totals = {parts[0].length, parts[1].length, parts[2].length};
                assertArrayEquals(Splitter.sizes(n, spec), totals);
                double[] fractions = {spec.train(), spec.validation(), spec.test()};
                for (int s = 0; s < 3; s++) {
                    int[] perClass = new int[classes];
                    for (int position : parts[s]) {
                        perClass[strata[position]]++;
                    }
                    for (int k = 0; k < classes; k++) {
                        assertTrue(
                                Math.abs(perClass[k] - classSizes[k] * fractions[s]) < 2,
                                spec + " class " + k + " of " + classSizes[k] + " got " + perClass[k]);
                    }
                }
            }
        }
    }

    @Test
    void everyPositionLandsInExactlyOnePartInAscendingOrder() {
        int[][] parts = Splitter.split(50, null, 0, SplitSpec.shuffled(0.6, 0.2, 0.2), new SplittableRandom(1));
        int[] all = new int[50];
        int p = 0;
        for (int[] part : parts) {
            for (int i = 1; i < part.length; i++) {
                assertTrue(part[i - 1] < part[i]);
            }
            for (int position : part) {
                all[p++] = position;
            }
        }
        Arrays.sort(all);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, all[i]);
        }
    }
}
