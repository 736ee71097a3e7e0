package org.learnbench.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The architecture of a network as a list of layers (convolutions, pooling, flatten, dense layers,
 * activations, dropout, embeddings, recurrent layers) apart from its input shape and output size, which the
 * task decides; the
 * output layer (dense, N units, and the output activation) is added by {@link #build}.
 *
 * <p>Shapes are inferred from the input shape layer by layer ({@link #shapes}), and an impossible stack is
 * refused with an {@link IllegalArgumentException} that names the layer (its index in {@link #layers},
 * counting from 0, and its description) and the shapes: a kernel larger than its padded input, a pooling
 * window that does not fit its input or whose windows do not tile it exactly (torch would silently drop the
 * last rows or columns), a convolution's declared input channels that differ from the incoming ones, a conv
 * or pooling layer after the input was flattened, and a dense layer (or the output layer) after an image
 * without a {@link LayerSpec.Flatten} (or a global average pooling) before it.
 *
 * <p>Sequences: an embedding turns a flat vector of token ids into a sequence, a recurrent layer takes a
 * sequence and gives a sequence (per-step outputs) or a flat vector (last or mean state); a task with
 * sequence samples gives {@link Shape#sequence} as the input shape. Dense layers, the output layer,
 * activations and dropout refuse sequences. Embeddings and recurrent layers use torch's initialisation (see
 * their classes), not the stack's initializer.
 *
 * <p>Initialisation: each dense or conv layer takes the gain of the first activation after it (before the
 * next weighted layer; 1 when none), the output layer that of the output activation. A null initializer
 * picks {@link Initializer#defaultFor} that activation for each layer, and for the output layer the one of
 * the stack's last activation, as {@link Network#mlp} does. A multilayer perceptron is a special case:
 * {@link #of(MlpSpec)} builds exactly the network {@link MlpSpec#build} builds.
 *
 * @param layers the hidden layers in order
 * @param initializer the weight initialiser of every dense and conv layer, or null for the conventional one
 * @param precision the precision the network computes in
 */
public record StackSpec(List<LayerSpec> layers, Initializer initializer, Precision precision) {
    public StackSpec {
        layers = List.copyOf(layers);
        Objects.requireNonNull(precision, "precision");
    }

    /** A float64 stack with the conventional initialisers. */
    public StackSpec(List<LayerSpec> layers) {
        this(layers, null, Precision.FLOAT64);
    }

    /** The multilayer perceptron of an {@link MlpSpec}: dense, activation (and dropout) per hidden layer. */
    public static StackSpec of(MlpSpec mlp) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int units : mlp.hidden()) {
            layers.add(new LayerSpec.Dense(units));
            layers.add(new LayerSpec.Act(mlp.activation()));
            if (mlp.dropout() > 0) {
                layers.add(new LayerSpec.Dropout(mlp.dropout()));
            }
        }
        Initializer init = mlp.initializer() != null ? mlp.initializer() : Initializer.defaultFor(mlp.activation());
        return new StackSpec(layers, init, mlp.precision());
    }

    /**
     * The same architecture with every embedding whose vocabulary is still open (0) given {@code vocabulary} ids:
     * how a text task's vocabulary, fitted on its training split, reaches a stack written in a config. Embeddings
     * with a vocabulary of their own keep it; a stack without open embeddings is returned as it is.
     */
    public StackSpec withVocabulary(int vocabulary) {
        if (layers.stream().noneMatch(l -> l instanceof LayerSpec.Embedding e && e.vocabulary() == 0)) {
            return this;
        }
        if (vocabulary < 1) {
            throw new IllegalArgumentException("an embedding's vocabulary must be >= 1, got " + vocabulary
                    + " (the task's rows are not token ids)");
        }
        List<LayerSpec> given = new ArrayList<>(layers.size());
        for (LayerSpec layer : layers) {
            given.add(
                    layer instanceof LayerSpec.Embedding e && e.vocabulary() == 0
                            ? new LayerSpec.Embedding(vocabulary, e.dimension(), e.masked())
                            : layer);
        }
        return new StackSpec(given, initializer, precision);
    }

    /** The same architecture computing in another precision. */
    public StackSpec withPrecision(Precision other) {
        return new StackSpec(layers, initializer, other);
    }

    /**
     * The shape of a sample at the input and after each layer: element i + 1 is layer i's output.
     *
     * @throws IllegalArgumentException naming the layer and shapes when the stack cannot take the input
     */
    public List<Shape> shapes(Shape input) {
        Objects.requireNonNull(input, "input");
        List<Shape> shapes = new ArrayList<>(layers.size() + 1);
        shapes.add(input);
        Shape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            shape = next(i, layers.get(i), shape);
            shapes.add(shape);
        }
        return List.copyOf(shapes);
    }

    /** The shape after the last hidden layer (what the output layer gets, once flat). */
    public Shape outputShape(Shape input) {
        List<Shape> shapes = shapes(input);
        return shapes.get(shapes.size() - 1);
    }

    private static Shape next(int index, LayerSpec layer, Shape in) {
        if (layer instanceof LayerSpec.Embedding e) {
            if (!in.flat()) {
                throw problem(index, layer, "needs a flat vector of token ids, got the " + in.described());
            }
            return Shape.sequence(new SequenceShape(in.size(), e.dimension(), e.masked()));
        }
        if (layer instanceof LayerSpec.Recurrent r) {
            if (!in.isSequence()) {
                throw problem(
                        index,
                        layer,
                        "needs a sequence input, got the " + in.described()
                                + "; start the stack with an embedding, or give the task's sequences as its"
                                + " input shape");
            }
            SequenceShape s = in.sequence();
            return r.output() == Recurrent.Output.SEQUENCE
                    ? Shape.sequence(new SequenceShape(s.steps(), r.hidden(), s.masked()))
                    : Shape.vector(r.hidden());
        }
        if (in.isSequence() && layer instanceof LayerSpec.Act) {
            throw problem(
                    index,
                    layer,
                    "cannot act on the " + in + " (it would change the padding flags"
                            + " too); put it after a many-to-one recurrent layer or a flatten");
        }
        if (layer instanceof LayerSpec.Dense d) {
            requireFlat(index, layer, in);
            return Shape.vector(d.units());
        }
        if (layer instanceof LayerSpec.Conv c) {
            requireImage(index, layer, in);
            if (c.inChannels() != 0 && c.inChannels() != in.channels()) {
                throw problem(
                        index,
                        layer,
                        "expects " + c.inChannels() + " input channels, but its input " + in + " has " + in.channels());
            }
            int paddedHeight = in.height() + 2 * c.padding();
            int paddedWidth = in.width() + 2 * c.padding();
            if (c.kernelHeight() > paddedHeight || c.kernelWidth() > paddedWidth) {
                throw problem(
                        index,
                        layer,
                        "the " + c.kernelHeight() + "x" + c.kernelWidth()
                                + " kernel is larger than its input " + in + " padded to " + paddedHeight + "x"
                                + paddedWidth);
            }
            return Shape.image(
                    c.filters(),
                    Conv2d.outputExtent(in.height(), c.kernelHeight(), c.stride(), c.padding()),
                    Conv2d.outputExtent(in.width(), c.kernelWidth(), c.stride(), c.padding()));
        }
        if (layer instanceof LayerSpec.MaxPool p) {
            return pooled(index, layer, in, p.kernel(), p.stride());
        }
        if (layer instanceof LayerSpec.AvgPool p) {
            return pooled(index, layer, in, p.kernel(), p.stride());
        }
        if (layer instanceof LayerSpec.GlobalAvgPool) {
            requireImage(index, layer, in);
            return Shape.vector(in.channels());
        }
        if (layer instanceof LayerSpec.Flatten) {
            return in.flattened();
        }
        return in; // activation, dropout
    }

    private static Shape pooled(int index, LayerSpec layer, Shape in, int kernel, int stride) {
        requireImage(index, layer, in);
        if (kernel > in.height() || kernel > in.width()) {
            throw problem(index, layer, "the " + kernel + "x" + kernel + " window is larger than its input " + in);
        }
        int spareRows = (in.height() - kernel) % stride;
        int spareCols = (in.width() - kernel) % stride;
        if (spareRows != 0 || spareCols != 0) {
            throw problem(
                    index,
                    layer,
                    "the " + kernel + "x" + kernel + " windows at stride " + stride + " do not tile its input " + in
                            + ": they leave the last " + spareRows + " row(s) and " + spareCols
                            + " column(s) out (torch would drop them silently); choose a kernel and stride with"
                            + " (height - kernel) and (width - kernel) divisible by the stride");
        }
        return Shape.image(in.channels(), (in.height() - kernel) / stride + 1, (in.width() - kernel) / stride + 1);
    }

    private static void requireFlat(int index, LayerSpec layer, Shape in) {
        if (in.isSequence()) {
            throw problem(
                    index,
                    layer,
                    "needs a flat input, got the " + in
                            + "; put a many-to-one recurrent layer (last, mean or max) or a flatten before it");
        }
        if (!in.flat()) {
            throw problem(
                    index,
                    layer,
                    "needs a flat input, got the " + in.described()
                            + "; put a flatten (or a global average pooling) before it");
        }
    }

    private static void requireImage(int index, LayerSpec layer, Shape in) {
        if (in.isSequence()) {
            throw problem(index, layer, "needs an image input (channels x height x width), got the " + in);
        }
        if (in.flat()) {
            throw problem(
                    index,
                    layer,
                    "needs an image input (channels x height x width), got a flat vector of " + in.size()
                            + (index == 0 ? "" : "; the input was flattened before it"));
        }
    }

    private static IllegalArgumentException problem(int index, LayerSpec layer, String what) {
        return new IllegalArgumentException("layer " + index + " (" + layer.describe() + "): " + what);
    }

    /**
     * The network for a task whose samples have the given shape, with a dense output layer of {@code outputs}
     * units and the output activation after it.
     *
     * @throws IllegalArgumentException when the stack cannot take the input (see {@link #shapes}) or ends in
     *     an image
     */
    public Network build(Shape input, int outputs, Activation output) {
        Objects.requireNonNull(output, "output");
        if (outputs < 1) {
            throw new IllegalArgumentException("the output layer needs at least one unit, got " + outputs);
        }
        List<Shape> shapes = shapes(input);
        Shape last = shapes.get(shapes.size() - 1);
        if (last.isSequence()) {
            throw new IllegalArgumentException("the output layer (dense " + outputs + ") needs a flat input, got the "
                    + last + "; end the stack with a many-to-one recurrent layer (last, mean or max) or a flatten");
        }
        if (!last.flat()) {
            throw new IllegalArgumentException("the output layer (dense " + outputs + ") needs a flat input, got the "
                    + last.described() + "; end the stack with a flatten or a global average pooling");
        }
        Activation lastHidden = Activation.IDENTITY;
        for (LayerSpec layer : layers) {
            if (layer instanceof LayerSpec.Act a) {
                lastHidden = a.activation();
            }
        }
        List<Layer> built = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Shape in = shapes.get(i);
            LayerSpec layer = layers.get(i);
            Activation after = activationAfter(i);
            Initializer init = initializer != null ? initializer : Initializer.defaultFor(after);
            Layer made = make(layer, in, init, after);
            if (made != null) {
                built.add(made);
            }
        }
        Initializer outInit = initializer != null ? initializer : Initializer.defaultFor(lastHidden);
        built.add(new Dense(last.size(), outputs, outInit, output.gain()));
        if (output != Activation.IDENTITY) {
            built.add(new ActivationLayer(output, outputs));
        }
        return new Network(built, precision);
    }

    /** The layer a spec entry builds for its input shape; null when it builds none. */
    private static Layer make(LayerSpec layer, Shape in, Initializer init, Activation after) {
        if (layer instanceof LayerSpec.Embedding e) {
            if (e.vocabulary() == 0) {
                throw new IllegalArgumentException("the embedding's vocabulary is not known yet: the task gives it"
                        + " (StackSpec.withVocabulary) before the network is built");
            }
            return new Embedding(e.vocabulary(), e.dimension(), in.size(), e.masked());
        }
        if (layer instanceof LayerSpec.Recurrent r) {
            return new Recurrent(r.cell(), in.sequence(), r.hidden(), r.output(), r.window());
        }
        if (layer instanceof LayerSpec.Dense d) {
            return new Dense(in.size(), d.units(), init, after.gain());
        }
        if (layer instanceof LayerSpec.Conv c) {
            return new Conv2d(
                    in.channels(),
                    in.height(),
                    in.width(),
                    c.filters(),
                    c.kernelHeight(),
                    c.kernelWidth(),
                    c.stride(),
                    c.padding(),
                    init,
                    after.gain());
        }
        if (layer instanceof LayerSpec.MaxPool p) {
            return new MaxPool2d(in.channels(), in.height(), in.width(), p.kernel(), p.stride());
        }
        if (layer instanceof LayerSpec.AvgPool p) {
            return new AvgPool2d(in.channels(), in.height(), in.width(), p.kernel(), p.stride());
        }
        if (layer instanceof LayerSpec.GlobalAvgPool) {
            return new GlobalAvgPool(in.channels(), in.height(), in.width());
        }
        if (layer instanceof LayerSpec.Act a) {
            return a.activation() == Activation.IDENTITY ? null : new ActivationLayer(a.activation(), in.size());
        }
        if (layer instanceof LayerSpec.Dropout d) {
            if (d.rate() == 0) {
                return null;
            }
            return in.isSequence() ? new Dropout(d.rate(), in.sequence()) : new Dropout(d.rate(), in.size());
        }
        return null; // flatten: rows are already flat, see LayerSpec.Flatten
    }

    /** The first activation after layer i and before the next weighted layer; identity when none. */
    private Activation activationAfter(int i) {
        for (int j = i + 1; j < layers.size(); j++) {
            LayerSpec layer = layers.get(j);
            if (layer instanceof LayerSpec.Act a) {
                return a.activation();
            }
            if (layer instanceof LayerSpec.Dense
                    || layer instanceof LayerSpec.Conv
                    || layer instanceof LayerSpec.Embedding
                    || layer instanceof LayerSpec.Recurrent) {
                break;
            }
        }
        return Activation.IDENTITY;
    }

    /**
     * A one-line description with the shapes, for example "1x28x28: conv 6@5x5 pad 2 -> 6x28x28, relu,
     * maxpool 2 -> 6x14x14, flatten -> 1176, dense 10" (the shapes after the layers that change them, the
     * output layer last), with " float32" when single.
     */
    public String describe(Shape input, int outputs) {
        List<Shape> shapes = shapes(input);
        StringBuilder s = new StringBuilder().append(input).append(':');
        for (int i = 0; i < layers.size(); i++) {
            s.append(i == 0 ? " " : ", ").append(layers.get(i).describe());
            if (!(layers.get(i) instanceof LayerSpec.Dense)
                    && !shapes.get(i + 1).equals(shapes.get(i))) {
                s.append(" -> ").append(shapes.get(i + 1));
            }
        }
        s.append(layers.isEmpty() ? " " : ", ").append("dense ").append(outputs);
        return s.append(precision == Precision.FLOAT32 ? " float32" : "").toString();
    }
}
