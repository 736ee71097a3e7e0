package org.learnbench.experiment.config;

import java.util.Objects;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Network;
import org.learnbench.nn.Precision;
import org.learnbench.nn.Shape;
import org.learnbench.nn.StackSpec;

/**
 * The network of an experiment as its config describes it: a multilayer perceptron ({@code hidden: [...]},
 * the original form, resolved exactly as before) or a layer stack ({@code layers: [...]}: convolutions,
 * pooling, flatten, dense layers, activations, dropout). Either way the task decides the input shape and
 * the output layer.
 *
 * @param mlp the perceptron, or null for a layer stack
 * @param stack the layer stack; for a perceptron, the same network as a stack
 */
public record NetworkConfig(MlpSpec mlp, StackSpec stack) {
    public NetworkConfig {
        Objects.requireNonNull(stack, "stack");
    }

    /** A perceptron. */
    public static NetworkConfig of(MlpSpec mlp) {
        return new NetworkConfig(Objects.requireNonNull(mlp, "mlp"), StackSpec.of(mlp));
    }

    /** A layer stack. */
    public static NetworkConfig of(StackSpec stack) {
        return new NetworkConfig(null, stack);
    }

    /**
     * The same network with the task's vocabulary given to embeddings that take it from the task (a text task
     * fits its vocabulary on the training split, after the config is read); unchanged without such embeddings.
     */
    public NetworkConfig withVocabulary(int vocabulary) {
        return mlp != null ? this : new NetworkConfig(null, stack.withVocabulary(vocabulary));
    }

    /** True for the {@code hidden: [...]} form. */
    public boolean isMlp() {
        return mlp != null;
    }

    public Precision precision() {
        return stack.precision();
    }

    /**
     * The network for samples of the given shape; a perceptron flattens any shape (as it always has),
     * a stack takes it as it is.
     */
    public Network build(Shape input, int outputs, Activation output) {
        return mlp != null ? mlp.build(input.size(), outputs, output) : stack.build(input, outputs, output);
    }

    /** "64-32-10 relu" for a perceptron, the stack with its shapes otherwise. */
    public String describe(Shape input, int outputs) {
        return mlp != null ? mlp.describe(input.size(), outputs) : stack.describe(input, outputs);
    }
}
