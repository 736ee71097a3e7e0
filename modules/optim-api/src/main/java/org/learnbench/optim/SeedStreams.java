package org.learnbench.optim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A run's (or a study's) root seed split into named, independent random streams. The constants below are
 * the one list of stream names: every random choice the workbench makes draws from one of them (a stream
 * may further derive per-case seeds with {@link #mix}).
 *
 * <p>Each stream's seed is a hash of the root seed and the stream's name, so adding a new component (a
 * new name) never shifts any other stream. The generator is {@link SplittableRandom}, whose algorithm
 * (SplitMix64) is fixed by its specification, so streams are the same on every JVM.
 */
public final class SeedStreams {
    /** Weight initialisation. */
    public static final String INIT = "init";
    /** Train/validation/test split of a dataset. */
    public static final String SPLIT = "split";
    /** Per-epoch shuffling of the training samples. */
    public static final String SHUFFLE = "shuffle";
    /** Dropout masks. */
    public static final String DROPOUT = "dropout";
    /** Parent selection in population methods. */
    public static final String SELECTION = "selection";
    /** Variation (mutation, crossover) in population methods. */
    public static final String MUTATION = "mutation";
    /** The cases (minibatches, noise, episodes) fitness is evaluated on. */
    public static final String FITNESS = "fitness";
    /**
     * Where episodes start (control tasks), and which examples a contextual bandit is shown (supervised
     * tasks played by policy gradient).
     */
    public static final String ENVIRONMENT = "environment";
    /** The fixed starts of a control task's evaluation episodes. */
    public static final String EVALUATION = "evaluation";
    /** Actions sampled by a stochastic policy. */
    public static final String ACTIONS = "actions";
    /** Initial weights of a policy-gradient learner's value network. */
    public static final String VALUE_INIT = "value_init";
    /** The reference model's own randomness (Tribuo's SGD shuffling), per run seed. */
    public static final String BASELINE = "baseline";
    /** A study's bootstrap resamples (confidence intervals in reports), from the study's seed. */
    public static final String BOOTSTRAP = "bootstrap";
    /** Jitter of points drawn over box plots, from the study's seed (never changes a number). */
    public static final String JITTER = "jitter";
    /** Hyperparameter trial points of a tuned study, from the study's seed. */
    public static final String TRIALS = "trials";

    /** Every declared stream name, for tests that check they are distinct. */
    public static final java.util.List<String> NAMES = java.util.List.of(
            INIT,
            SPLIT,
            SHUFFLE,
            DROPOUT,
            SELECTION,
            MUTATION,
            FITNESS,
            ENVIRONMENT,
            EVALUATION,
            ACTIONS,
            VALUE_INIT,
            BASELINE,
            BOOTSTRAP,
            JITTER,
            TRIALS);

    private final long root;

    public SeedStreams(long rootSeed) {
        this.root = rootSeed;
    }

    public long rootSeed() {
        return root;
    }

    /** The seed of the named stream. */
    public long seed(String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a, 64-bit
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(mix(root) ^ h);
    }

    /** A fresh generator for the named stream; the same name always gives the same sequence. */
    public RandomGenerator stream(String name) {
        return new SplittableRandom(seed(name));
    }

    /**
     * The SplitMix64 finaliser: a bijective scrambling of 64 bits, so that nearby inputs (a case's seed
     * plus a candidate's index, say) give unrelated generators.
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
