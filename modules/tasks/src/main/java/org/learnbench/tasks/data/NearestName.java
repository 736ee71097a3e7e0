package org.learnbench.tasks.data;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean" of every message that names something a user mistyped (a config key, a CSV column, a
 * command): the known name closest to what was typed, ignoring case, within two edits (insertions,
 * deletions, substitutions, adjacent swaps) or one that begins with it.
 */
public final class NearestName {
    private NearestName() {}

    /** The known name the user most likely meant, if any is close enough. */
    public static Optional<String> of(String typed, Collection<String> names) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 3;
        for (String name : names) {
            String candidate = name.toLowerCase(Locale.ROOT);
            int d = candidate.equals(lower)
                    ? 0
                    : candidate.startsWith(lower) && !lower.isEmpty() ? 1 : distance(lower, candidate);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance; anything above two is reported as three. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return Math.min(3, d[a.length()][b.length()]);
    }
}
