package org.learnbench.nn;

import java.util.List;
import java.util.Objects;

/**
 * The architecture of a multilayer perceptron apart from its input and output sizes, which the task
 * decides: hidden layer sizes, hidden activation, initialiser (null = the conventional one for the
 * activation) and dropout rate after each hidden layer.
 */
public record MlpSpec(List<Integer> hidden, Activation activation, Initializer initializer, double dropout) {
    public MlpSpec {
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(activation, "activation");
        for (int size : hidden) {
            if (size < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + hidden);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The network for a task with the given input and output sizes and output activation. */
    public Network build(int inputs, int outputs, Activation output) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        sizes[sizes.length - 1] = outputs;
        return Network.mlp(sizes, activation, output, initializer, dropout);
    }

    /** "64-32-10"-style description for given input and output sizes. */
    public String describe(int inputs, int outputs) {
        StringBuilder s = new StringBuilder().append(inputs);
        for (int h : hidden) {
            s.append('-').append(h);
        }
        return s.append('-')
                .append(outputs)
                .append(' ')
                .append(activation.name().toLowerCase(java.util.Locale.ROOT))
                .toString();
    }
}
