package org.learnbench.nn;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A recurrent layer (Elman RNN, GRU or LSTM) over a batch of sequences laid out as {@link SequenceShape}
 * describes, trained by backpropagation through time, in full or truncated to windows.
 *
 * <p>Equations and gate order are torch.nn.RNN (tanh), torch.nn.GRU and torch.nn.LSTM's, with x_t the step's
 * features, h the previous state (zero before the first step), and every gate having an input-side bias b_i*
 * and a recurrent-side bias b_h*:
 *
 * <pre>
 * Elman: h' = tanh(x W_ih + b_ih + h W_hh + b_hh)
 * GRU:   r = sigmoid(x W_ir + b_ir + h W_hr + b_hr)          gates r, z, n in that order
 *        z = sigmoid(x W_iz + b_iz + h W_hz + b_hz)
 *        n = tanh(x W_in + b_in + r * (h W_hn + b_hn))
 *        h' = (1 - z) * n + z * h
 * LSTM:  i, f, o = sigmoid(x W_i? + b_i? + h W_h? + b_h?)   gates i, f, g, o in that order
 *        g = tanh(x W_ig + b_ig + h W_hg + b_hg)
 *        c' = f * c + i * g,  h' = o * tanh(c')
 * </pre>
 *
 * <p>Parameters, in this order in the flat vector: W_ih (D x G*H, the gates side by side in torch's order:
 * the transpose of torch's weight_ih_l0), W_hh (H x G*H, torch's weight_hh_l0 transposed), b_ih (G*H), b_hh
 * (G*H), with G = 1, 3, 4 gates for Elman, GRU, LSTM. All are initialised U(-1/sqrt(H), 1/sqrt(H)), as torch
 * initialises these modules.
 *
 * <p>Masking: on a masked input a padding step leaves the state (and the LSTM cell) exactly as it was, so a
 * padded sequence computes the bits its unpadded self does. Outputs ({@link Output}): the state after the last
 * real step (zero for a sequence without one); the mean of the states after the real steps (zero without
 * one); each unit's maximum over the states after the real steps (zero without one); or every step's state, as a sequence of hidden-sized steps with the input's flags passed on (padding
 * steps give zeros), ready for another recurrent layer.
 *
 * <p>Truncation: with a window k > 0, each sequence's real steps are cut, counting back from its last real
 * step, into windows of k steps, and gradients do not cross from one window into the one before: the exact
 * gradient of the network in which the state entering each window is a constant (what detaching the state
 * every k steps does in torch, with the windows aligned to the end of the sequence, so that many-to-one
 * training backpropagates through the last k steps). The forward pass is the same in both modes. Window 0
 * is full backpropagation through time.
 *
 * <p>Cost: one multiply for the input projections of all steps, one B x H by H x G*H multiply per step
 * (backward, one B x G*H by G*H x H), and one multiply each for dW_ih, dW_hh and dL/d(input) over all
 * steps; the element-wise gate arithmetic is counted per real step (Elman 4, GRU 17, LSTM 21 operations
 * per unit forward; 3, 16, 22 backward). The backward steps multiply by a transposed copy of W_hh made
 * once per pass, which the multiply reads in place (multiplying by W_hh transposed would pack it again at
 * every step). A step's gate arithmetic is {@link org.learnbench.matrix.Gates}': per sample, the
 * pre-activations, the sigmoids and tanhs (its own exp-based functions, within a few ulps, since Math.tanh
 * and one Math.exp per gate cost more than the recurrent multiply) and the new state, and backward the gate
 * gradients, each over the H units in Vector API loops when the vector module is present (the same bits as
 * its scalar code). All arithmetic runs on the calling thread except the multiplies, whose bits do not
 * depend on the thread count, so neither do the layer's.
 */
public final class Recurrent implements Layer {
    /** The recurrent cell. */
    public enum Cell {
        /** h' = tanh(x W_ih + b_ih + h W_hh + b_hh), torch.nn.RNN with tanh. */
        ELMAN(1, 4, 3),
        /** torch.nn.GRU: reset, update and new gates. */
        GRU(3, 17, 16),
        /** torch.nn.LSTM: input, forget, cell and output gates, with a cell state. */
        LSTM(4, 21, 22);

        private final int gates;
        private final int forwardFlops;
        private final int backwardFlops;

        Cell(int gates, int forwardFlops, int backwardFlops) {
            this.gates = gates;
            this.forwardFlops = forwardFlops;
            this.backwardFlops = backwardFlops;
        }

        /** Gates per hidden unit (the G of the G*H-wide weights). */
        public int gates() {
            return gates;
        }

        int forwardFlopsPerUnit() {
            return forwardFlops;
        }

        int backwardFlopsPerUnit() {
            return backwardFlops;
        }
    }

    /** What the layer outputs. */
    public enum Output {
        /** Many-to-one: the state after each sequence's last real step (H values). */
        LAST,
        /** Many-to-one: the mean of the states after the real steps (H values). */
        MEAN,
        /**
         * Many-to-one: each unit's largest state over the real steps (H values; max pooling over time), its
         * gradient going to the first step that reached it.
         */
        MAX,
        /** Many-to-many: the state after every step, a sequence of T steps of H (with the flags when masked). */
        SEQUENCE
    }

    private final Cell cell;
    private final SequenceShape sequence;
    private final int hidden;
    private final Output output;
    private final int window;
    private final RecurrentDouble doubles;
    private final RecurrentFloat floats;
    private Matrix parameters;

    /**
     * @param cell Elman, GRU or LSTM
     * @param sequence the input's steps, features and whether steps carry padding flags
     * @param hidden H, the state size
     * @param output last state, mean state, max-pooled state or per-step states
     * @param window k for truncated backpropagation through time, 0 for full
     */
    public Recurrent(Cell cell, SequenceShape sequence, int hidden, Output output, int window) {
        this.cell = Objects.requireNonNull(cell, "cell");
        this.sequence = Objects.requireNonNull(sequence, "sequence");
        this.output = Objects.requireNonNull(output, "output");
        if (hidden < 1) {
            throw new IllegalArgumentException("a recurrent layer needs hidden >= 1, got " + hidden);
        }
        if (window < 0) {
            throw new IllegalArgumentException(
                    "the truncation window must be >= 1 steps, or 0 for full backpropagation; got " + window);
        }
        long params = ((long) sequence.features() + hidden + 2) * cell.gates() * hidden;
        if (params > Integer.MAX_VALUE || (long) sequence.steps() * (hidden + 1) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + cell + " layer of " + hidden + " units on " + sequence
                    + " is too large for one parameter vector or one row");
        }
        this.hidden = hidden;
        this.window = window;
        this.doubles = new RecurrentDouble(this);
        this.floats = new RecurrentFloat(this);
    }

    public Cell cell() {
        return cell;
    }

    /** The input layout. */
    public SequenceShape sequence() {
        return sequence;
    }

    public int hidden() {
        return hidden;
    }

    public Output output() {
        return output;
    }

    /** The truncation window k, or 0 for full backpropagation through time. */
    public int window() {
        return window;
    }

    /** The layout of the output of a {@link Output#SEQUENCE} layer: T steps of H, flagged as the input is. */
    public SequenceShape outputSequence() {
        return new SequenceShape(sequence.steps(), hidden, sequence.masked());
    }

    @Override
    public int inputSize() {
        return sequence.size();
    }

    @Override
    public int outputSize() {
        return output == Output.SEQUENCE ? outputSequence().size() : hidden;
    }

    @Override
    public int parameterCount() {
        return (sequence.features() + hidden + 2) * cell.gates() * hidden;
    }

    @Override
    public void bind(double[] parameters, double[] gradients, int offset) {
        this.parameters = Matrix.wrap(parameters, offset, 1, parameterCount());
        doubles.bind(parameters, gradients, offset);
    }

    @Override
    public void bind(float[] parameters, float[] gradients, int offset) {
        floats.bind(parameters, gradients, offset);
    }

    /** Every weight and bias from U(-1/sqrt(H), 1/sqrt(H)), drawn in the flat vector's order. */
    @Override
    public void initialize(RandomGenerator random) {
        double bound = 1.0 / Math.sqrt(hidden);
        parameters.fillUniform(random, -bound, bound);
    }

    @Override
    public Matrix forward(Pass pass, Matrix input) {
        Buffers.requireInput(this, input, inputSize());
        return doubles.forward(pass.ops(), input);
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        return doubles.backward(ops, gradOutput, true);
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, Matrix gradOutput) {
        doubles.backward(ops, gradOutput, false);
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix input) {
        Buffers.requireInput(this, input, inputSize());
        if (!floats.bound()) {
            throw new IllegalStateException(describe() + ": a single-precision pass needs a float32 network");
        }
        return floats.forward(pass.ops(), input);
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        return floats.backward(ops, gradOutput, true);
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, FloatMatrix gradOutput) {
        floats.backward(ops, gradOutput, false);
    }

    /** Copies of the double states of the last forward (tests of truncation; see {@link #detachFrom}). */
    double[][] stateSnapshot() {
        return doubles.stateSnapshot();
    }

    /**
     * Makes later double forwards start every truncation window from the given recorded states (null:
     * computed again), so that the states entering windows are constants: with differences of that function
     * the tests check the truncated gradient.
     */
    void detachFrom(double[][] snapshot) {
        doubles.detachFrom(snapshot);
    }

    @Override
    public Layer freshCopy() {
        return new Recurrent(cell, sequence, hidden, output, window);
    }

    /** For example "gru 100x64+mask->128 last, bptt 20". */
    @Override
    public String describe() {
        return cell.name().toLowerCase(Locale.ROOT) + " " + sequence + "->" + hidden + " "
                + output.name().toLowerCase(Locale.ROOT) + (window > 0 ? ", bptt " + window : "");
    }
}
