package org.learnbench.report.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The Holm-Bonferroni step-down adjustment of p-values for a family of comparisons. */
public final class Holm {
    private Holm() {}

    /**
     * Holm-adjusted p-values, in the input order. With the m p-values sorted ascending as p(1) <= ... <=
     * p(m), the adjusted value of p(i) is min(1, max over j <= i of (m - j + 1) p(j)); rejecting where the
     * adjusted value is at most alpha controls the family-wise error rate at alpha. The adjusted values keep
     * the order of the raw ones and never exceed 1.
     */
    public static double[] adjust(double[] pValues) {
        if (pValues == null) {
            throw new IllegalArgumentException("Holm adjustment needs p-values, got null");
        }
        int m = pValues.length;
        for (int i = 0; i < m; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException(
                        "p-values must lie in [0, 1], got " + pValues[i] + " at index " + i + " of " + m);
            }
        }
        Integer[] order = IntStream.range(0, m)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> pValues[i]))
                .toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            // The running maximum is what makes the procedure step-down: a smaller raw p-value can never end up
            // with a larger adjusted one.
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }

    /** The comparisons, in the same order, with their adjusted p-values filled in as one family. */
    public static List<Comparison> adjust(List<Comparison> comparisons) {
        if (comparisons == null) {
            throw new IllegalArgumentException("Holm adjustment needs comparisons, got null");
        }
        double[] adjusted =
                adjust(comparisons.stream().mapToDouble(Comparison::pValue).toArray());
        List<Comparison> result = new ArrayList<>(comparisons.size());
        for (int i = 0; i < adjusted.length; i++) {
            result.add(comparisons.get(i).withAdjustedPValue(adjusted[i]));
        }
        return List.copyOf(result);
    }
}
