package org.learnbench.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A feed-forward network: a chain of layers whose parameters all live in one flat vector.
 *
 * <p>The flat vector is what gradient-free optimizers read and write ({@link #parameters()},
 * {@link #setParameters}); the layers hold views into it, so in a float64 network a write is seen by the
 * next forward pass with no copy. Gradients live in a parallel flat vector of the same layout, overwritten by each
 * {@link #backward}.
 *
 * <p>A {@link Precision#FLOAT32} network also holds its parameters and gradients as floats, which its
 * layers compute with. Its double vectors, when read, hold the float values exactly: {@link
 * #setParameters} rounds into the floats and {@link #parameters()} widens them back; {@link #gradients()}
 * widens the float gradients of the last backward pass. (Widening only when read keeps the training step's
 * load and hand-back to one pass each.) The double
 * methods {@link #forward(Pass, Matrix)} and {@link #backward(MatrixOps, Matrix)} still compute in single
 * precision there, rounding the input and widening the output, so every caller gets the network's
 * precision; hot paths pass {@link FloatMatrix} batches and skip the conversions.
 */
public final class Network {
    private final List<Layer> layers;
    private final Precision precision;
    private final double[] parameters;
    /** Where the layers write dL/d(parameters): the network's own array, or one bound by {@link #writeGradientsInto}. */
    private double[] gradients;

    private final float[] floatParameters;
    private final float[] floatGradients;
    /** True when {@link #gradients} lags behind the float gradients of a later backward. */
    private boolean gradientsStale;
    /** True when {@link #parameters} lags behind float parameters loaded since. */
    private boolean parametersStale;

    private FloatMatrix roundedInput;
    private Matrix widenedOutput;
    private FloatMatrix roundedGradOutput;

    /** A float64 network of the given layers. */
    public Network(List<Layer> layers) {
        this(layers, Precision.FLOAT64);
    }

    /** A network of the given layers computing in the given precision. */
    public Network(List<Layer> layers, Precision precision) {
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
        this.precision = java.util.Objects.requireNonNull(precision, "precision");
        parameters = new double[count];
        gradients = new double[count];
        boolean single = precision == Precision.FLOAT32;
        floatParameters = single ? new float[count] : null;
        floatGradients = single ? new float[count] : null;
        int offset = 0;
        for (Layer layer : this.layers) {
            layer.bind(parameters, gradients, offset);
            if (single) {
                layer.bind(floatParameters, floatGradients, offset);
            }
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
        return mlp(sizes, hidden, output, initializer, dropout, Precision.FLOAT64);
    }

    /** As {@link #mlp(int[], Activation, Activation, Initializer, double)}, in the given precision. */
    public static Network mlp(
            int[] sizes,
            Activation hidden,
            Activation output,
            Initializer initializer,
            double dropout,
            Precision precision) {
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
        return new Network(layers, precision);
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

    /** The precision the layers store and compute in. */
    public Precision precision() {
        return precision;
    }

    /**
     * The live flat parameter vector. In a float64 network writes change the network; a float32 network
     * computes with its float copy, which only {@link #setParameters} and {@link #initialize} update.
     */
    public double[] parameters() {
        if (parametersStale) {
            widen(floatParameters, parameters);
            parametersStale = false;
        }
        return parameters;
    }

    /**
     * The flat gradient vector, laid out like {@link #parameters()}, of the last backward pass (in a
     * float32 network, its float gradients widened exactly). Read it, or {@link #copyGradients}, before
     * the next backward.
     */
    public double[] gradients() {
        if (gradientsStale) {
            widen(floatGradients, gradients);
            gradientsStale = false;
        }
        return gradients;
    }

    /**
     * Copies the gradients of the last backward pass into {@code out} (widening them in a float32 network);
     * nothing to do when {@code out} is where they were written ({@link #writeGradientsInto}).
     */
    public void copyGradients(double[] out) {
        if (out.length != gradients.length) {
            throw new IllegalArgumentException(
                    "the network has " + gradients.length + " parameters, got a gradient vector of " + out.length);
        }
        if (gradientsStale) {
            widen(floatGradients, out);
        } else if (out != gradients) {
            System.arraycopy(gradients, 0, out, 0, out.length);
        }
    }

    /**
     * Makes the layers of a float64 network write their gradients straight into {@code target} from the
     * next backward pass on, so a caller that wants them in its own array (an optimizer's gradient vector)
     * is spared a copy of the whole vector per step. Every backward overwrites all of it. Binding the array
     * already bound does nothing; a float32 network writes floats and widens them in {@link
     * #copyGradients}, so it ignores the call.
     */
    public void writeGradientsInto(double[] target) {
        if (target.length != gradients.length) {
            throw new IllegalArgumentException(
                    "the network has " + gradients.length + " parameters, got a gradient vector of " + target.length);
        }
        if (floatParameters != null || target == gradients) {
            return;
        }
        gradients = target;
        int offset = 0;
        for (Layer layer : layers) {
            layer.bind(parameters, gradients, offset);
            offset += layer.parameterCount();
        }
    }

    /** Copies a flat vector into the parameters (rounding each value to the nearest float in a float32 network). */
    public void setParameters(double[] values) {
        if (values.length != parameters.length) {
            throw new IllegalArgumentException(
                    "the network has " + parameters.length + " parameters, got a vector of " + values.length);
        }
        if (floatParameters == null) {
            if (values != parameters) {
                System.arraycopy(values, 0, parameters, 0, parameters.length);
            }
            return;
        }
        float[] f = floatParameters;
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        parametersStale = true;
    }

    private static void widen(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i];
        }
    }

    /**
     * A network of the same architecture with its own parameters (copied from this one) and its own
     * working buffers, so that it can run in another thread.
     */
    public Network replicate() {
        Network copy = new Network(layers.stream().map(Layer::freshCopy).toList(), precision);
        copy.setParameters(parameters());
        return copy;
    }

    /**
     * Initialises every layer from the generator, in layer order (in double; a float32 network then rounds
     * the values, so both precisions draw the same numbers).
     */
    public void initialize(RandomGenerator random) {
        for (Layer layer : layers) {
            layer.initialize(random);
        }
        if (floatParameters != null) {
            setParameters(parameters);
        }
    }

    /** The network's output for a batch (rows = samples); reused by the next forward of the same size. */
    public Matrix forward(Pass pass, Matrix input) {
        if (floatParameters != null) {
            roundedInput =
                    Buffers.reuse(roundedInput, input.rows(), input.cols()).roundFrom(input);
            FloatMatrix out = forward(pass, roundedInput);
            widenedOutput = Buffers.reuse(widenedOutput, out.rows(), out.cols());
            return out.widenInto(widenedOutput);
        }
        Matrix x = input;
        for (Layer layer : layers) {
            x = layer.forward(pass, x);
        }
        return x;
    }

    /** The single-precision forward pass of a float32 network. */
    public FloatMatrix forward(Pass pass, FloatMatrix input) {
        requireSingle("a single-precision forward pass");
        FloatMatrix x = input;
        for (Layer layer : layers) {
            x = layer.forward(pass, x);
        }
        return x;
    }

    /**
     * Back-propagates dL/d(output) of the last forward, layer by layer; fills {@link #gradients()}. A
     * float32 network rounds the gradient and runs its single-precision backward.
     */
    public void backward(MatrixOps ops, Matrix gradOutput) {
        if (floatParameters != null) {
            roundedGradOutput = Buffers.reuse(roundedGradOutput, gradOutput.rows(), gradOutput.cols())
                    .roundFrom(gradOutput);
            backward(ops, roundedGradOutput);
            return;
        }
        Matrix g = gradOutput;
        for (int i = layers.size() - 1; i > 0; i--) {
            g = layers.get(i).backward(ops, g);
        }
        layers.get(0).backwardParametersOnly(ops, g);
    }

    /** The single-precision backward pass of a float32 network, after a single-precision forward. */
    public void backward(MatrixOps ops, FloatMatrix gradOutput) {
        requireSingle("a single-precision backward pass");
        FloatMatrix g = gradOutput;
        for (int i = layers.size() - 1; i > 0; i--) {
            g = layers.get(i).backward(ops, g);
        }
        layers.get(0).backwardParametersOnly(ops, g);
        gradientsStale = true;
    }

    private void requireSingle(String what) {
        if (floatParameters == null) {
            throw new IllegalStateException(what + " needs a float32 network, this one is " + precision.configName());
        }
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
