package org.learnbench.tasks.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded train/validation/test assignment of row positions, plain or stratified.
 *
 * <p>Sizes: train gets round(n * train) rows; of the rest, validation gets round(rest * validation / (validation +
 * test)) and test the remainder. So the sizes always add up to n, a fraction of 0 gives an empty split, and each
 * size is a nondecreasing function of n. Stratified splits use that monotonicity: walking through the strata in
 * order, a stratum gets sizes(rows so far including it) - sizes(rows so far before it). Every stratum then gets its
 * fair share to within one row per split, no share is negative, and the overall sizes equal the unstratified ones
 * exactly. (Cutting at round(n * (train + validation)) directly would not do: validation's size would not be
 * monotone in n, and a stratum's share could come out negative.)
 */
public final class Splitter {
    /** Index of the training split in {@link #split}'s result. */
    public static final int TRAIN = 0;

    /** Index of the validation split. */
    public static final int VALIDATION = 1;

    /** Index of the test split. */
    public static final int TEST = 2;

    private Splitter() {}

    /** The train, validation and test sizes for n rows. */
    public static int[] sizes(int n, SplitSpec split) {
        int train = cut(n, split.train());
        int rest = n - train;
        double heldOut = split.validation() + split.test();
        int validation = heldOut > 0 ? cut(rest, split.validation() / heldOut) : 0;
        return new int[] {train, validation, rest - validation};
    }

    /**
     * Positions 0..n-1 divided into train, validation and test, each in ascending order. {@code strata} (null for
     * no stratification) gives each position's stratum in [0, strataCount). Uses the generator in a fixed order, so
     * the result is a pure function of the arguments and the generator's state.
     */
    public static int[][] split(int n, int[] strata, int strataCount, SplitSpec split, RandomGenerator random) {
        int[] assignment = new int[n];
        if (strata == null) {
            int[] order = identity(n);
            shuffle(order, random);
            assign(order, sizes(n, split), assignment);
        } else {
            List<List<Integer>> groups = new ArrayList<>();
            for (int k = 0; k < strataCount; k++) {
                groups.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                groups.get(strata[i]).add(i);
            }
            int before = 0;
            for (List<Integer> group : groups) {
                int[] members = group.stream().mapToInt(Integer::intValue).toArray();
                shuffle(members, random);
                int after = before + members.length;
                int[] cumulativeBefore = sizes(before, split);
                int[] cumulativeAfter = sizes(after, split);
                int[] share = {
                    cumulativeAfter[0] - cumulativeBefore[0],
                    cumulativeAfter[1] - cumulativeBefore[1],
                    cumulativeAfter[2] - cumulativeBefore[2]
                };
                assign(members, share, assignment);
                before = after;
            }
        }
        int[][] parts = new int[3][];
        int[] sizes = new int[3];
        for (int a : assignment) {
            sizes[a]++;
        }
        for (int s = 0; s < 3; s++) {
            parts[s] = new int[sizes[s]];
        }
        int[] filled = new int[3];
        for (int i = 0; i < n; i++) {
            parts[assignment[i]][filled[assignment[i]]++] = i;
        }
        return parts;
    }

    /** round(n * fraction), clamped to [0, n]. */
    private static int cut(int n, double fraction) {
        // The tiny slack keeps a product that should be exactly k + 0.5 but lands just below it from rounding down.
        long rounded = (long) Math.floor(n * fraction + 0.5 + 1e-9);
        return (int) Math.max(0, Math.min(n, rounded));
    }

    private static void assign(int[] order, int[] sizes, int[] assignment) {
        int p = 0;
        for (int s = 0; s < 3; s++) {
            for (int k = 0; k < sizes[s]; k++) {
                assignment[order[p++]] = s;
            }
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return order;
    }

    /** Fisher-Yates. */
    private static void shuffle(int[] values, RandomGenerator random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
