package org.learnbench.tasks.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    private static final List<List<String>> DOCS =
            List.of(List.of("b", "a", "c", "a"), List.of("c", "d", "a"), List.of("b", "e", "c"), List.of("d"));

    @Test
    void ordersByCountThenTextAfterTheUnknownId() {
        // counts: a 3, c 3, b 2, d 2, e 1
        Vocabulary v = Vocabulary.fit(DOCS, 100, 1);
        assertEquals(List.of("<unk>", "a", "c", "b", "d", "e"), v.tokens());
        assertEquals(3, v.count(1));
        assertEquals(1, v.count(5));
        assertEquals(0, v.count(Vocabulary.UNKNOWN));
    }

    @Test
    void keepsAtMostMaxSizeIdsAndOnlyTokensSeenMinCountTimes() {
        Vocabulary v = Vocabulary.fit(DOCS, 4, 1);
        assertEquals(List.of("<unk>", "a", "c", "b"), v.tokens());
        Vocabulary frequent = Vocabulary.fit(DOCS, 100, 3);
        assertEquals(List.of("<unk>", "a", "c"), frequent.tokens());
    }

    @Test
    void mapsUnknownTokensToIdZero() {
        Vocabulary v = Vocabulary.fit(DOCS, 100, 2);
        assertEquals(Vocabulary.UNKNOWN, v.id("e"));
        assertEquals(Vocabulary.UNKNOWN, v.id("zebra"));
        assertEquals(1, v.id("a"));
        assertFalse(v.contains("zebra"));
        assertFalse(v.contains("<unk>"));
        assertTrue(v.contains("d"));
    }

    @Test
    void isTheSameWhateverTheDocumentOrder() {
        List<List<String>> reversed = new java.util.ArrayList<>(DOCS);
        java.util.Collections.reverse(reversed);
        assertEquals(
                Vocabulary.fit(DOCS, 3, 1).tokens(),
                Vocabulary.fit(reversed, 3, 1).tokens());
    }

    @Test
    void refusesAVocabularyWithoutRoomForAToken() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fit(DOCS, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fit(DOCS, 10, 0));
    }
}
