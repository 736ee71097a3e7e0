package org.learnbench.tasks.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into tokens: words, and optionally the character n-grams of each word.
 *
 * <p>Words are maximal runs of letters and digits ({@link Character#isLetterOrDigit(int)}, so any script);
 * everything else separates words. An apostrophe (' or U+2019) between two letters or digits is dropped and the
 * word goes on, so "don't" is the one token "dont" rather than "don" and "t", and "O'Reilly" is "oreilly"; an
 * apostrophe anywhere else separates like any other punctuation. With {@link #lowercase()} every word is
 * lowercased (in the root locale, so the result does not depend on the machine's language).
 *
 * <p>Character n-grams ({@link #charNgrams()} = n > 0) are added after each word's own token, not instead of it:
 * the word is padded with '<' and '>' (as scikit-learn's {@code analyzer='char_wb'} pads with spaces) and every
 * run of n characters of the padded word becomes a token, marked with a leading '#' so that an n-gram never
 * collides with a word ("the" gives "the", "#<th", "#the", "#he>" for n = 3). A padded word shorter than n gives
 * itself as its one n-gram. n-grams help with misspellings and word forms that a word vocabulary splits apart.
 *
 * @param lowercase whether words are lowercased
 * @param charNgrams the length of the character n-grams added for each word; 0 for words only
 */
public record Tokenizer(boolean lowercase, int charNgrams) {
    /** The mark that starts every character n-gram token. */
    public static final String NGRAM_MARK = "#";

    public Tokenizer {
        if (charNgrams < 0) {
            throw new IllegalArgumentException("charNgrams must be >= 0 (0: words only), got " + charNgrams);
        }
    }

    /** Lowercased words, no n-grams. */
    public static Tokenizer words() {
        return new Tokenizer(true, 0);
    }

    /** The tokens of {@code text} in order (words, each followed by its n-grams when asked for). */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else if (isApostrophe(c) && word.length() > 0 && i + width < n) {
                int next = text.codePointAt(i + width);
                if (!Character.isLetterOrDigit(next)) {
                    emit(word, out);
                }
                // else: dropped inside a word, which continues
            } else {
                emit(word, out);
            }
            i += width;
        }
        emit(word, out);
        return out;
    }

    private static boolean isApostrophe(int c) {
        return c == '\'' || c == '\u2019';
    }

    private void emit(StringBuilder word, List<String> out) {
        if (word.length() == 0) {
            return;
        }
        String w = lowercase ? word.toString().toLowerCase(Locale.ROOT) : word.toString();
        word.setLength(0);
        out.add(w);
        if (charNgrams > 0) {
            String padded = "<" + w + ">";
            int[] points = padded.codePoints().toArray();
            if (points.length <= charNgrams) {
                out.add(NGRAM_MARK + padded);
            } else {
                for (int s = 0; s + charNgrams <= points.length; s++) {
                    out.add(NGRAM_MARK + new String(points, s, charNgrams));
                }
            }
        }
    }
}
