package org.learnbench.tasks.text;

import java.util.Objects;
import org.learnbench.tasks.data.SplitCounts;

/**
 * What turning documents into rows did: how many documents and tokens each split has, how many of the tokens the
 * training vocabulary does not know, and how many documents a sequence representation cut short.
 *
 * @param documents documents in each split
 * @param vocabularySize vocabulary ids, the unknown id included
 * @param tokens tokens in each split's documents (before any cut)
 * @param unknownTokens tokens outside the vocabulary, per split
 * @param truncatedDocuments documents with more than max_length tokens, per split (cut in the sequence
 *     representation; counted whatever the representation)
 */
public record TextReport(
        SplitCounts documents,
        int vocabularySize,
        SplitCounts tokens,
        SplitCounts unknownTokens,
        SplitCounts truncatedDocuments) {
    public TextReport {
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(unknownTokens, "unknownTokens");
        Objects.requireNonNull(truncatedDocuments, "truncatedDocuments");
    }

    /** The share of the test split's tokens the vocabulary does not know; 0 for no tokens. */
    public double testUnknownRate() {
        return tokens.test() == 0 ? 0 : (double) unknownTokens.test() / tokens.test();
    }
}
