package org.learnbench.tasks.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static final Tokenizer WORDS = Tokenizer.words();

    @Test
    void splitsOnEverythingButLettersAndDigitsAndLowercases() {
        assertEquals(
                List.of("free", "viagra", "now", "call", "555", "1234", "e", "mail", "me", "x2"),
                WORDS.tokens("FREE Viagra!!! now -- call 555-1234 (e-mail: me) x2"));
    }

    @Test
    void keepsCaseWhenAsked() {
        assertEquals(List.of("Hello", "WORLD"), new Tokenizer(false, 0).tokens("Hello, WORLD."));
    }

    @Test
    void dropsAnApostropheInsideAWordOnly() {
        assertEquals(List.of("dont", "oreilly", "rock", "n", "roll"), WORDS.tokens("Don't O'Reilly rock 'n' roll"));
        assertEquals(List.of("its", "users"), WORDS.tokens("it\u2019s users'"));
        assertEquals(List.of("a", "b"), WORDS.tokens("a'' b'"));
    }

    @Test
    void readsLettersOfAnyScriptAndNothingFromEmptyText() {
        assertEquals(List.of("größe", "café", "日本語"), WORDS.tokens("Größe, CAFÉ; 日本語"));
        assertEquals(List.of(), WORDS.tokens(""));
        assertEquals(List.of(), WORDS.tokens(" ... --- !!! "));
    }

    @Test
    void addsMarkedPaddedCharacterNgramsAfterEachWord() {
        assertEquals(List.of("the", "#<th", "#the", "#he>", "a", "#<a>"), new Tokenizer(true, 3).tokens("The a"));
        assertEquals(List.of("ab", "#<a", "#ab", "#b>"), new Tokenizer(true, 2).tokens("ab"));
    }

    @Test
    void refusesANegativeNgramLength() {
        assertThrows(IllegalArgumentException.class, () -> new Tokenizer(true, -1));
    }
}
