package org.learnbench.nn;

import java.util.List;
import java.util.Objects;

/**
 * The architecture of a multilayer perceptron apart from its input and output sizes, which the task
 * decides: hidden layer sizes, hidden activation, initialiser (null = the conventional one for the
 * activation), dropout rate after each hidden layer, and the precision the network computes in. A null
 * initialiser is replaced by {@link Initializer#defaultFor} the activation, so equal architectures are
 * equal records however they were written.
 */
public record MlpSpec(
        List<Integer> hidden, Activation activation, Initializer initializer, double dropout, Precision precision) {
    public MlpSpec {
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(precision, "precision");
        initializer = initializer == null ? Initializer.defaultFor(activation) : initializer;
        for (int size : hidden) {
            if (size < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + hidden);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** A float64 network of this architecture. */
    public MlpSpec(List<Integer> hidden, Activation activation, Initializer initializer, double dropout) {
        this(hidden, activation, initializer, dropout, Precision.FLOAT64);
    }

    /** The same architecture computing in another precision. */
    public MlpSpec withPrecision(Precision other) {
        return new MlpSpec(hidden, activation, initializer, dropout, other);
    }

    /** The network for a task with the given input and output sizes and output activation. */
    public Network build(int inputs, int outputs, Activation output) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        sizes[sizes.length - 1] = outputs;
        return Network.mlp(sizes, activation, output, initializer, dropout, precision);
    }

    /** "64-32-10 relu"-style description for given input and output sizes, with " float32" when single. */
    public String describe(int inputs, int outputs) {
        StringBuilder s = new StringBuilder().append(inputs);
        for (int h : hidden) {
            s.append('-').append(h);
        }
        return s.append('-')
                .append(outputs)
                .append(' ')
                .append(activation.name().toLowerCase(java.util.Locale.ROOT))
                .append(precision == Precision.FLOAT32 ? " float32" : "")
                .toString();
    }
}
