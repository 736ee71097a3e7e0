package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecTest {
    @Test
    void rejectsBadSplitFractionsNamingTheValues() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new SplitSpec(0.6, 0.3, 0.3, true));
        assertEquals(
                "split fractions must be >= 0 with train > 0 and sum to 1, got train 0.6, validation 0.3, "
                        + "test 0.3 (sum 1.2)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SplitSpec(0, 0.5, 0.5, true));
        assertThrows(IllegalArgumentException.class, () -> new SplitSpec(1.2, -0.2, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new SplitSpec(Double.NaN, 0.5, 0.5, true));
    }

    @Test
    void acceptsFractionsThatSumToOneWithinRounding() {
        new SplitSpec(0.7, 0.2, 0.1, false);
        new SplitSpec(1, 0, 0, true);
    }

    @Test
    void rejectsLogTargetForClassification() {
        assertThrows(IllegalArgumentException.class, () -> TabularSpec.classification("y")
                .withLogTarget(true));
        TabularSpec.regression("y").withLogTarget(true);
    }

    @Test
    void rejectsABlankTargetAndNulls() {
        assertThrows(IllegalArgumentException.class, () -> TabularSpec.classification(" "));
        assertThrows(NullPointerException.class, () -> TabularSpec.classification(null));
        assertThrows(
                NullPointerException.class, () -> TabularSpec.regression("y").withMissing(null));
    }

    @Test
    void rejectsTheTargetAsAFeatureAndFeaturesWithExclude() {
        assertThrows(IllegalArgumentException.class, () -> TabularSpec.regression("y")
                .withFeatures(List.of("a", "y")));
        assertThrows(
                IllegalArgumentException.class,
                () -> TabularSpec.regression("y").withFeatures(List.of("a")).withExclude(List.of("b")));
        assertThrows(IllegalArgumentException.class, () -> TabularSpec.regression("y")
                .withFeatures(List.of("a", "a")));
        assertThrows(
                IllegalArgumentException.class,
                () -> TabularSpec.regression("y").withFeatures(List.of("a")).withCategorical(List.of("b")));
    }

    @Test
    void copiesItsLists() {
        List<String> features = new ArrayList<>(List.of("a"));
        TabularSpec spec = TabularSpec.regression("y").withFeatures(features);
        features.add("b");
        assertEquals(List.of("a"), spec.features());
    }
}
