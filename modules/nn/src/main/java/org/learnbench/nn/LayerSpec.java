package org.learnbench.nn;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a {@link StackSpec}: what a layer is, without the sizes its input decides (the stack infers
 * those from the input shape). Conv and pooling layers take images, dense layers flat vectors; activations
 * and dropout take either, but not sequences (they would act on the padding flags too). An embedding takes a
 * flat vector of token ids and gives a sequence; a recurrent layer takes a sequence.
 */
public sealed interface LayerSpec
        permits LayerSpec.Dense,
                LayerSpec.Conv,
                LayerSpec.MaxPool,
                LayerSpec.AvgPool,
                LayerSpec.GlobalAvgPool,
                LayerSpec.Flatten,
                LayerSpec.Act,
                LayerSpec.Dropout,
                LayerSpec.Embedding,
                LayerSpec.Recurrent {

    /** A short text such as "conv 6@5x5 pad 2" or "maxpool 2". */
    String describe();

    /** A fully connected layer of the given width; its input must be flat. */
    record Dense(int units) implements LayerSpec {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("a dense layer needs units >= 1, got " + units);
            }
        }

        @Override
        public String describe() {
            return "dense " + units;
        }
    }

    /**
     * A 2-D convolution ({@link Conv2d}).
     *
     * @param inChannels the input channels the layer expects, checked against the inferred shape; 0 takes
     *     them from the shape
     * @param filters output channels
     * @param kernelHeight kernel rows
     * @param kernelWidth kernel columns
     * @param stride the step on both axes
     * @param padding zeros added on every side
     */
    record Conv(int inChannels, int filters, int kernelHeight, int kernelWidth, int stride, int padding)
            implements LayerSpec {
        public Conv {
            if (inChannels < 0 || filters < 1 || kernelHeight < 1 || kernelWidth < 1) {
                throw new IllegalArgumentException("a convolution needs in_channels >= 0 (0: inferred), filters and"
                        + " kernel sizes >= 1, got in_channels " + inChannels + ", filters " + filters + ", kernel "
                        + kernelHeight + "x" + kernelWidth);
            }
            if (stride < 1 || padding < 0) {
                throw new IllegalArgumentException("a convolution needs stride >= 1 and padding >= 0, got stride "
                        + stride + ", padding " + padding);
            }
        }

        /** A square kernel; the input channels come from the shape. */
        public Conv(int filters, int kernel, int stride, int padding) {
            this(0, filters, kernel, kernel, stride, padding);
        }

        @Override
        public String describe() {
            return "conv " + filters + "@" + kernelHeight + "x" + kernelWidth + (stride != 1 ? " stride " + stride : "")
                    + (padding != 0 ? " pad " + padding : "");
        }
    }

    /** Max pooling ({@link MaxPool2d}) over kernel x kernel windows. */
    record MaxPool(int kernel, int stride) implements LayerSpec {
        public MaxPool {
            requirePooling("max pooling", kernel, stride);
        }

        /** Stride = kernel, torch's default: windows side by side. */
        public MaxPool(int kernel) {
            this(kernel, kernel);
        }

        @Override
        public String describe() {
            return "maxpool " + kernel + (stride != kernel ? " stride " + stride : "");
        }
    }

    /** Average pooling ({@link AvgPool2d}) over kernel x kernel windows. */
    record AvgPool(int kernel, int stride) implements LayerSpec {
        public AvgPool {
            requirePooling("average pooling", kernel, stride);
        }

        /** Stride = kernel, torch's default: windows side by side. */
        public AvgPool(int kernel) {
            this(kernel, kernel);
        }

        @Override
        public String describe() {
            return "avgpool " + kernel + (stride != kernel ? " stride " + stride : "");
        }
    }

    /** Each channel's mean ({@link org.learnbench.nn.GlobalAvgPool}): an image C x H x W becomes the flat vector C. */
    record GlobalAvgPool() implements LayerSpec {
        @Override
        public String describe() {
            return "global avgpool";
        }
    }

    /**
     * Marks where an image becomes a flat vector, before dense layers. It builds no layer: rows already hold
     * each sample's values flattened channel-major, exactly torch.flatten(x, 1)'s order, so flattening
     * changes only the shape the stack infers. Requiring the marker (rather than flattening silently before
     * a dense layer) keeps a stack written for torch and one written here alike, and catches a dense layer
     * put where a convolution was meant.
     */
    record Flatten() implements LayerSpec {
        @Override
        public String describe() {
            return "flatten";
        }
    }

    /** An activation function applied element-wise (softmax: over the whole flat row). */
    record Act(Activation activation) implements LayerSpec {
        public Act {
            Objects.requireNonNull(activation, "activation");
        }

        @Override
        public String describe() {
            return activation.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Inverted dropout at the given rate (none at 0). */
    record Dropout(double rate) implements LayerSpec {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }

        @Override
        public String describe() {
            return "dropout " + rate;
        }
    }

    /**
     * A token embedding ({@link org.learnbench.nn.Embedding}): a flat vector of T ids becomes a sequence of T
     * vectors of the given dimension.
     *
     * @param vocabulary the number of ids; 0 while the task has not yet given it (a text task fits its vocabulary
     *     on its training split, after the config is read; see {@link StackSpec#withVocabulary})
     * @param dimension the length of each vector
     * @param masked whether steps carry padding flags (id -1 is padding)
     */
    record Embedding(int vocabulary, int dimension, boolean masked) implements LayerSpec {
        public Embedding {
            if (vocabulary < 0 || dimension < 1) {
                throw new IllegalArgumentException("an embedding needs vocabulary >= 0 (0: the task's) and dimension"
                        + " >= 1, got vocabulary " + vocabulary + ", dimension " + dimension);
            }
        }

        @Override
        public String describe() {
            return "embedding " + (vocabulary == 0 ? "?" : vocabulary) + "x" + dimension + (masked ? " masked" : "");
        }
    }

    /**
     * A recurrent layer ({@link org.learnbench.nn.Recurrent}) on a sequence: a flat vector of the hidden size
     * for the last, mean or max output, a sequence of hidden-sized steps for per-step outputs.
     *
     * @param cell Elman, GRU or LSTM
     * @param hidden the state size
     * @param output last state, mean state or per-step states
     * @param window truncated backpropagation through time over windows of this many steps; 0 for full
     */
    record Recurrent(
            org.learnbench.nn.Recurrent.Cell cell, int hidden, org.learnbench.nn.Recurrent.Output output, int window)
            implements LayerSpec {
        public Recurrent {
            Objects.requireNonNull(cell, "cell");
            Objects.requireNonNull(output, "output");
            if (hidden < 1 || window < 0) {
                throw new IllegalArgumentException("a recurrent layer needs hidden >= 1 and window >= 0 (0: full"
                        + " backpropagation through time), got hidden " + hidden + ", window " + window);
            }
        }

        @Override
        public String describe() {
            return cell.name().toLowerCase(Locale.ROOT) + " " + hidden + " "
                    + output.name().toLowerCase(Locale.ROOT) + (window > 0 ? " bptt " + window : "");
        }
    }

    private static void requirePooling(String kind, int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException(
                    kind + " needs kernel and stride >= 1, got kernel " + kernel + ", stride " + stride);
        }
    }
}
