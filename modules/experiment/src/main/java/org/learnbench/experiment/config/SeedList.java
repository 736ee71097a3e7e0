package org.learnbench.experiment.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The one grammar of seeds, shared by configs, studies and the command line: comma-separated whole
 * numbers in [0, 2^63) or ranges {@code a..b} (both ends included), all distinct, at least one.
 */
public final class SeedList {
    /** The most seeds a range may expand to: a typo such as 1..10000000 should not start a million runs. */
    public static final int MAX_SEEDS = 100_000;

    private SeedList() {}

    /** Parses "1,2,3", "1..5" or "1..3,10"; throws IllegalArgumentException with what was expected. */
    public static List<Long> parse(String text) {
        List<Long> seeds = new ArrayList<>();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected at least one seed (e.g. [1, 2, 3] or 1..5), got none");
        }
        for (String part : text.split(",", -1)) {
            String p = part.trim().replace("_", "");
            int dots = p.indexOf("..");
            if (dots >= 0) {
                long from = seed(p.substring(0, dots), text);
                long to = seed(p.substring(dots + 2), text);
                if (to < from) {
                    throw new IllegalArgumentException("expected a range a..b with a <= b, got '" + part.trim() + "'");
                }
                if (to - from >= MAX_SEEDS || seeds.size() + (to - from + 1) > MAX_SEEDS) {
                    throw new IllegalArgumentException("expected at most " + MAX_SEEDS + " seeds, got '" + text + "'");
                }
                for (long s = from; s <= to; s++) {
                    seeds.add(s);
                    if (s == Long.MAX_VALUE) {
                        break;
                    }
                }
            } else {
                seeds.add(seed(p, text));
            }
        }
        LinkedHashSet<Long> distinct = new LinkedHashSet<>(seeds);
        if (distinct.size() != seeds.size()) {
            throw new IllegalArgumentException("seeds must be distinct, got " + text.trim());
        }
        return List.copyOf(seeds);
    }

    /** Seeds as a study file would write them: "1..10" for a run of consecutive seeds, else "1, 5, 9". */
    public static String format(List<Long> seeds) {
        boolean consecutive = seeds.size() > 2;
        for (int i = 1; i < seeds.size() && consecutive; i++) {
            consecutive = seeds.get(i) == seeds.get(i - 1) + 1;
        }
        if (consecutive) {
            return seeds.get(0) + ".." + seeds.get(seeds.size() - 1);
        }
        return String.join(", ", seeds.stream().map(String::valueOf).toList());
    }

    private static long seed(String text, String whole) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected seeds as whole numbers from 0 to " + Long.MAX_VALUE
                + " or ranges a..b, got '" + whole.trim() + "'");
    }
}
