package org.learnbench.tasks.text;

/** How a document becomes a row of a text task's input. */
public enum TextRepresentation {
    /** One column per vocabulary token (the unknown id has none): the token's count, or 1/0 when binary. */
    BAG_OF_WORDS,
    /**
     * One column per vocabulary token: count x smooth idf, each row L2-normalised (scikit-learn's
     * TfidfVectorizer defaults), idf from the training documents only.
     */
    TFIDF,
    /** The token ids in order, cut to max_length and padded with -1: the input of an embedding layer. */
    SEQUENCE
}
