package org.learnbench.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A feed-forward network: a chain of layers whose parameters all live in one flat vector.
 *
 * <p>The flat vector is what gradient-free optimizers read and write ({@link #parameters()},
 * {@link #setParameters}); the layers hold views into it, so a write is seen by the next forward pass
 * with no copy. Gradients live in a parallel flat vector of the same layout, overwritten by each
 * {@link #backward}.
 */
public final class Network {
    private final List<Layer> layers;
    private final double[] parameters;
    private final double[] gradients;

    public Network(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        int count = 0;
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            if (i > 0) {
                Layer previous = this.layers.get(i - 1);
                if (previous.outputSize() != layer.inputSize()) {
                    throw new IllegalArgumentException("layer " + i + " (" + layer.describe() + ") expects "
                            + layer.inputSize() + " inputs but layer " + (i - 1) + " (" + previous.describe()
                            + ") gives " + previous.outputSize());
                }
            }
            count = Math.addExact(count, layer.parameterCount());
        }
        parameters = new double[count];
        gradients = new double[count];
        int offset = 0;
        for (Layer layer : this.layers) {
            layer.bind(parameters, gradients, offset);
            offset += layer.parameterCount();
        }
    }

    /**
     * A multilayer perceptron: dense layers of the given sizes, the hidden activation (and optional
     * dropout) after each hidden layer, and the output activation after the last. Weights of each dense
     * layer are initialised for the activation that follows it.
     *
     * @param sizes input size, hidden sizes..., output size (at least two entries)
     * @param initializer null picks {@link Initializer#defaultFor} the hidden activation
     * @param dropout rate applied after each hidden activation; 0 for none
     */
    public static Network mlp(
            int[] sizes, Activation hidden, Activation output, Initializer initializer, double dropout) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException(
                    "an MLP needs an input and an output size, got " + sizes.length + " sizes");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer sizes must be >= 1, got " + java.util.Arrays.toString(sizes));
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            boolean last = i + 2 == sizes.length;
            Activation activation = last ? output : hidden;
            Initializer init = initializer != null ? initializer : Initializer.defaultFor(hidden);
            layers.add(new Dense(sizes[i], sizes[i + 1], init, activation.gain()));
            if (activation != Activation.IDENTITY) {
                layers.add(new ActivationLayer(activation, sizes[i + 1]));
            }
            if (!last && dropout > 0) {
                layers.add(new Dropout(dropout, sizes[i + 1]));
            }
        }
        return new Network(layers);
    }

    public List<Layer> layers() {
        return layers;
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    public int parameterCount() {
        return parameters.length;
    }

    /** The live flat parameter vector: writes change the network. */
    public double[] parameters() {
        return parameters;
    }

    /** The live flat gradient vector, laid out like {@link #parameters()}, written by {@link #backward}. */
    public double[] gradients() {
        return gradients;
    }

    /** Copies a flat vector into the parameters. */
    public void setParameters(double[] values) {
        if (values.length != parameters.length) {
            throw new IllegalArgumentException(
                    "the network has " + parameters.length + " parameters, got a vector of " + values.length);
        }
        System.arraycopy(values, 0, parameters, 0, parameters.length);
    }

    /**
     * A network of the same architecture with its own parameters (copied from this one) and its own
     * working buffers, so that it can run in another thread.
     */
    public Network replicate() {
        Network copy = new Network(layers.stream().map(Layer::freshCopy).toList());
        copy.setParameters(parameters);
        return copy;
    }

    /** Initialises every layer from the generator, in layer order. */
    public void initialize(RandomGenerator random) {
        for (Layer layer : layers) {
            layer.initialize(random);
        }
    }

    /** The network's output for a batch (rows = samples); reused by the next forward of the same size. */
    public Matrix forward(Pass pass, Matrix input) {
        return forwardFrom(0, pass, input);
    }

    /**
     * The output of layers {@code first}, {@code first + 1}, ... for a batch that layer {@code first} takes
     * as input: the rest of a forward pass whose beginning was computed elsewhere (as when the first layer
     * of many candidate networks runs as one wide multiply).
     */
    public Matrix forwardFrom(int first, Pass pass, Matrix input) {
        Matrix x = input;
        for (int i = first; i < layers.size(); i++) {
            x = layers.get(i).forward(pass, x);
        }
        return x;
    }

    /** Back-propagates dL/d(output) of the last forward, layer by layer; fills {@link #gradients()}. */
    public void backward(MatrixOps ops, Matrix gradOutput) {
        Matrix g = gradOutput;
        for (int i = layers.size() - 1; i > 0; i--) {
            g = layers.get(i).backward(ops, g);
        }
        layers.get(0).backwardParametersOnly(ops, g);
    }

    /** A one-line description such as "dense 64->32, relu, dense 32->10". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (Layer layer : layers) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(layer.describe());
        }
        return s.toString();
    }
}
