package org.learnbench.nn;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.MatrixOps;

/**
 * How one forward pass runs: the operations (and so the FLOP counter) it charges, whether it is a
 * training pass (dropout active), and the generator that draws dropout masks in training passes.
 *
 * @param ops the arithmetic, which counts the pass's floating-point operations
 * @param training true for a training pass; dropout is the identity otherwise
 * @param dropoutRandom source of dropout masks; may be null for inference passes
 */
public record Pass(MatrixOps ops, boolean training, RandomGenerator dropoutRandom) {
    public Pass {
        Objects.requireNonNull(ops, "ops");
        if (training && dropoutRandom == null) {
            throw new IllegalArgumentException("a training pass needs a dropout random generator");
        }
    }

    /** An inference pass: no dropout, no randomness. */
    public static Pass inference(MatrixOps ops) {
        return new Pass(ops, false, null);
    }

    /** A training pass drawing dropout masks from the generator. */
    public static Pass training(MatrixOps ops, RandomGenerator dropoutRandom) {
        return new Pass(ops, true, dropoutRandom);
    }
}
