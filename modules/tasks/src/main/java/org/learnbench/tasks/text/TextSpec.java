package org.learnbench.tasks.text;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a text classification task reads and how it turns documents into rows.
 *
 * @param target the class label column
 * @param textColumns the columns whose texts, joined with a line break in this order, make a document
 * @param tokenizer how a document splits into tokens
 * @param maxSize the most vocabulary ids, the unknown id included
 * @param minCount the fewest training occurrences a vocabulary token has
 * @param representation bag of words, tf-idf or id sequence
 * @param binary bag of words only: 1 for a present token instead of its count
 * @param maxLength sequence only: ids per row; longer documents are cut (their first tokens kept)
 */
public record TextSpec(
        String target,
        List<String> textColumns,
        Tokenizer tokenizer,
        int maxSize,
        int minCount,
        TextRepresentation representation,
        boolean binary,
        int maxLength) {
    public TextSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(representation, "representation");
        textColumns = List.copyOf(textColumns);
        if (textColumns.isEmpty()) {
            throw new IllegalArgumentException("a text task needs at least one text column");
        }
        if (new HashSet<>(textColumns).size() != textColumns.size()) {
            throw new IllegalArgumentException("text columns repeat: " + textColumns);
        }
        if (textColumns.contains(target)) {
            throw new IllegalArgumentException("the target '" + target + "' is also a text column");
        }
        if (maxSize < 2 || minCount < 1 || maxLength < 1) {
            throw new IllegalArgumentException("a text task needs maxSize >= 2, minCount >= 1 and maxLength >= 1, got "
                    + maxSize + ", " + minCount + ", " + maxLength);
        }
        if (binary && representation != TextRepresentation.BAG_OF_WORDS) {
            throw new IllegalArgumentException("binary applies to bag_of_words only, not " + representation);
        }
    }
}
