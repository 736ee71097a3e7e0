package org.learnbench.tasks.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens a text task knows, each with an id, fitted on the training documents only.
 *
 * <p>Id {@link #UNKNOWN} (0) is reserved for every token outside the vocabulary; the known tokens follow from id
 * 1, most frequent first (total occurrences in the training documents), ties broken by the token's text in
 * {@link String#compareTo} order, so a vocabulary is a pure function of the training documents. A token is kept
 * when it occurs at least {@code minCount} times, and at most {@code maxSize - 1} tokens are kept, so that ids,
 * the unknown one included, number at most {@code maxSize}. Padding is not a token: sequences pad with {@link
 * org.learnbench.nn.Embedding#PADDING} (-1), which is never an id.
 */
public final class Vocabulary {
    /** The id of every token the vocabulary does not hold. */
    public static final int UNKNOWN = 0;

    /** The text shown for the unknown id. */
    public static final String UNKNOWN_TOKEN = "<unk>";

    private final List<String> tokens;
    private final int[] counts;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens, int[] counts) {
        this.tokens = List.copyOf(tokens);
        this.counts = counts.clone();
        Map<String, Integer> index = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            index.put(tokens.get(id), id);
        }
        this.ids = Map.copyOf(index);
    }

    /**
     * The vocabulary of the given (training) documents.
     *
     * @param maxSize the most ids, the unknown id included (>= 2)
     * @param minCount the fewest occurrences a kept token has (>= 1)
     */
    public static Vocabulary fit(Iterable<List<String>> documents, int maxSize, int minCount) {
        if (maxSize < 2 || minCount < 1) {
            throw new IllegalArgumentException("a vocabulary needs maxSize >= 2 (the unknown id and one token) and"
                    + " minCount >= 1, got maxSize " + maxSize + ", minCount " + minCount);
        }
        Map<String, int[]> counted = new HashMap<>();
        for (List<String> document : documents) {
            for (String token : document) {
                counted.computeIfAbsent(token, t -> new int[1])[0]++;
            }
        }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counted.entrySet()) {
            if (e.getValue()[0] >= minCount) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Integer.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        int size = Math.min(kept.size(), maxSize - 1);
        List<String> tokens = new ArrayList<>(size + 1);
        int[] counts = new int[size + 1];
        tokens.add(UNKNOWN_TOKEN);
        for (int i = 0; i < size; i++) {
            tokens.add(kept.get(i).getKey());
            counts[i + 1] = kept.get(i).getValue()[0];
        }
        return new Vocabulary(tokens, counts);
    }

    /** Number of ids, the unknown id included. */
    public int size() {
        return tokens.size();
    }

    /** The id of a token: its own when known, {@link #UNKNOWN} otherwise. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNKNOWN : id;
    }

    /** Whether the token has an id of its own. */
    public boolean contains(String token) {
        return ids.containsKey(token) && !UNKNOWN_TOKEN.equals(token);
    }

    /** The token of an id ({@link #UNKNOWN_TOKEN} for 0). */
    public String token(int id) {
        return tokens.get(id);
    }

    /** The training occurrences of an id's token (0 for the unknown id). */
    public int count(int id) {
        return counts[id];
    }

    /** Every token in id order, the unknown one first. */
    public List<String> tokens() {
        return tokens;
    }
}
