package org.learnbench.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * A lookup table from token ids to learned vectors (torch.nn.Embedding): a row of T ids becomes a sequence
 * of T vectors of dimension E, laid out as {@link SequenceShape} describes.
 *
 * <p>Ids arrive as the values of the input row (doubles or floats holding whole numbers). An id in [0,
 * vocabulary) selects its row of the table; {@link #PADDING} (-1) marks a padding step, which gets the zero
 * vector and, in a masked layer, flag 0 (real steps get flag 1), so that recurrent layers after it skip the
 * step. Any other value (a fraction, an id beyond the vocabulary) is refused with an {@link
 * IllegalArgumentException}: mapping words the vocabulary lacks to an unknown-token id is the tokenizer's
 * job, which reserves that id inside the vocabulary.
 *
 * <p>Parameters: the vocabulary x E table, row-major, initialised N(0, 1) as torch does. Backward adds each
 * real step's output gradient to its id's row (in sample then step order, so the bits do not depend on
 * anything but the batch); ids have no gradient, so dL/d(input) is zero. FLOPs: E additions per real step
 * backward; the lookup itself is copying.
 */
public final class Embedding implements Layer {
    /** The id of a padding step. */
    public static final int PADDING = -1;

    private final int vocabulary;
    private final int dimension;
    private final SequenceShape outputShape;
    private final int steps;
    private final int outStep;
    private final int offset;
    private Matrix table;
    private Matrix tableGrad;
    private FloatMatrix tableF;
    private FloatMatrix tableGradF;
    private int[] ids = new int[0];
    private int[] idsF = new int[0];
    private int batch = -1;
    private int batchF = -1;
    private Matrix output;
    private Matrix gradInput;
    private FloatMatrix outputF;
    private FloatMatrix gradInputF;

    /**
     * @param vocabulary the number of ids, 0 to vocabulary - 1
     * @param dimension E, the length of each vector
     * @param steps T, ids per row
     * @param masked whether each output step starts with its padding flag
     */
    public Embedding(int vocabulary, int dimension, int steps, boolean masked) {
        if (vocabulary < 1 || dimension < 1) {
            throw new IllegalArgumentException("an embedding needs a vocabulary and a dimension >= 1, got vocabulary "
                    + vocabulary + ", dimension " + dimension);
        }
        if ((long) vocabulary * dimension > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "an embedding of " + vocabulary + " x " + dimension + " does not fit one parameter vector");
        }
        this.vocabulary = vocabulary;
        this.dimension = dimension;
        this.outputShape = new SequenceShape(steps, dimension, masked);
        this.steps = steps;
        this.outStep = outputShape.stepWidth();
        this.offset = outputShape.featureOffset();
    }

    public int vocabulary() {
        return vocabulary;
    }

    public int dimension() {
        return dimension;
    }

    /** The layout of the output: T steps of E values, flagged when masked. */
    public SequenceShape outputSequence() {
        return outputShape;
    }

    @Override
    public int inputSize() {
        return steps;
    }

    @Override
    public int outputSize() {
        return outputShape.size();
    }

    @Override
    public int parameterCount() {
        return vocabulary * dimension;
    }

    @Override
    public void bind(double[] parameters, double[] gradients, int at) {
        table = Matrix.wrap(parameters, at, vocabulary, dimension);
        tableGrad = Matrix.wrap(gradients, at, vocabulary, dimension);
    }

    @Override
    public void bind(float[] parameters, float[] gradients, int at) {
        tableF = FloatMatrix.wrap(parameters, at, vocabulary, dimension);
        tableGradF = FloatMatrix.wrap(gradients, at, vocabulary, dimension);
    }

    /** Every entry from N(0, 1), as torch.nn.Embedding. */
    @Override
    public void initialize(RandomGenerator random) {
        table.fillGaussian(random, 0, 1);
    }

    /** Reads the ids of a batch into {@link #ids}, checking each. */
    private void readIds(double[] x, int xo, int rows) {
        int n = rows * steps;
        if (ids.length < n) {
            ids = new int[n];
        }
        for (int p = 0; p < n; p++) {
            double v = x[xo + p];
            int id = (int) v;
            if (id != v || id < PADDING || id >= vocabulary) {
                throw badId(v);
            }
            ids[p] = id;
        }
    }

    private IllegalArgumentException badId(double v) {
        return new IllegalArgumentException(describe() + ": token ids must be whole numbers in [0, " + vocabulary
                + ") or " + PADDING + " for padding, got " + v);
    }

    @Override
    public Matrix forward(Pass pass, Matrix x) {
        Buffers.requireInput(this, x, steps);
        int rows = x.rows();
        readIds(x.data(), x.offset(), rows);
        batch = rows;
        output = Buffers.reuse(output, rows, outputSize());
        double[] out = output.data();
        double[] tab = table.data();
        int to = table.offset();
        for (int p = 0, n = rows * steps; p < n; p++) {
            int at = p * outStep;
            int id = ids[p];
            if (id == PADDING) {
                Arrays.fill(out, at, at + outStep, 0.0);
            } else {
                if (offset == 1) {
                    out[at] = 1.0;
                }
                System.arraycopy(tab, to + id * dimension, out, at + offset, dimension);
            }
        }
        return output;
    }

    @Override
    public Matrix backward(MatrixOps ops, Matrix gradOutput) {
        backwardParametersOnly(ops, gradOutput);
        gradInput = Buffers.reuse(gradInput, batch, steps);
        return gradInput;
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, Matrix gradOutput) {
        if (batch < 0 || gradOutput.rows() != batch || gradOutput.cols() != outputSize()) {
            throw new IllegalStateException(describe() + ": backward needs the gradient of the last forward's "
                    + (batch < 0
                            ? "output, but no forward ran"
                            : batch + "x" + outputSize() + " output, got " + gradOutput.shape()));
        }
        tableGrad.fill(0.0);
        double[] g = tableGrad.data();
        int go = tableGrad.offset();
        double[] d = gradOutput.data();
        int dO = gradOutput.offset();
        long work = 0;
        for (int p = 0, n = batch * steps; p < n; p++) {
            int id = ids[p];
            if (id != PADDING) {
                int row = go + id * dimension;
                int from = dO + p * outStep + offset;
                for (int j = 0; j < dimension; j++) {
                    g[row + j] += d[from + j];
                }
                work += dimension;
            }
        }
        ops.addFlops(work);
    }

    @Override
    public FloatMatrix forward(Pass pass, FloatMatrix x) {
        Buffers.requireInput(this, x, steps);
        if (tableF == null) {
            throw new IllegalStateException(describe() + ": a single-precision pass needs a float32 network");
        }
        int rows = x.rows();
        float[] xd = x.data();
        int n = rows * steps;
        if (idsF.length < n) {
            idsF = new int[n];
        }
        for (int p = 0; p < n; p++) {
            float v = xd[x.offset() + p];
            int id = (int) v;
            if (id != v || id < PADDING || id >= vocabulary) {
                throw badId(v);
            }
            idsF[p] = id;
        }
        batchF = rows;
        outputF = Buffers.reuse(outputF, rows, outputSize());
        float[] out = outputF.data();
        float[] tab = tableF.data();
        int to = tableF.offset();
        for (int p = 0; p < n; p++) {
            int at = p * outStep;
            int id = idsF[p];
            if (id == PADDING) {
                Arrays.fill(out, at, at + outStep, 0f);
            } else {
                if (offset == 1) {
                    out[at] = 1f;
                }
                System.arraycopy(tab, to + id * dimension, out, at + offset, dimension);
            }
        }
        return outputF;
    }

    @Override
    public FloatMatrix backward(MatrixOps ops, FloatMatrix gradOutput) {
        backwardParametersOnly(ops, gradOutput);
        gradInputF = Buffers.reuse(gradInputF, batchF, steps);
        return gradInputF;
    }

    @Override
    public void backwardParametersOnly(MatrixOps ops, FloatMatrix gradOutput) {
        if (batchF < 0 || gradOutput.rows() != batchF || gradOutput.cols() != outputSize()) {
            throw new IllegalStateException(describe() + ": backward needs the gradient of the last float forward's "
                    + (batchF < 0
                            ? "output, but no float forward ran"
                            : batchF + "x" + outputSize() + " output, got " + gradOutput.shape()));
        }
        tableGradF.fill(0f);
        float[] g = tableGradF.data();
        int go = tableGradF.offset();
        float[] d = gradOutput.data();
        int dO = gradOutput.offset();
        long work = 0;
        for (int p = 0, n = batchF * steps; p < n; p++) {
            int id = idsF[p];
            if (id != PADDING) {
                int row = go + id * dimension;
                int from = dO + p * outStep + offset;
                for (int j = 0; j < dimension; j++) {
                    g[row + j] += d[from + j];
                }
                work += dimension;
            }
        }
        ops.addFlops(work);
    }

    @Override
    public Layer freshCopy() {
        return new Embedding(vocabulary, dimension, steps, outputShape.masked());
    }

    /** For example "embedding 5000x64, 100 steps, masked". */
    @Override
    public String describe() {
        return "embedding " + vocabulary + "x" + dimension + ", " + steps + " steps"
                + (outputShape.masked() ? ", masked" : "");
    }
}
