package org.learnbench.nn;

import java.util.Arrays;
import org.learnbench.matrix.Gates;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * The double-precision arithmetic of a {@link Recurrent} layer: its parameter views, the values the forward
 * pass keeps for backpropagation through time, and both passes. RecurrentFloat is the same code in single
 * precision, line for line. A step's gate arithmetic (sigmoid, tanh, the new state) is {@link Gates}', one
 * call per sample and step over its H units, in vectors when the Vector API is present (the same bits).
 *
 * <p>Storage. The input projections of all steps, X W_ih, come from one multiply of the batch seen as (B*T)
 * x stepWidth rows (sample-major: row b*T + t). States, gate activations and the gradients of the recurrent
 * pre-activations are stored time-major (block t holds the B rows of step t), so that each step's recurrent
 * multiply reads and writes one contiguous B-row block, and dW_hh is one multiply over all steps. Arrays are
 * kept while the batch size stays the same, so steady training allocates nothing.
 */
final class RecurrentDouble {
    private final Recurrent.Cell cell;
    private final Recurrent.Output outputMode;
    private final int steps;
    private final int features;
    private final int hidden;
    private final int gateWidth;
    private final int stepWidth;
    private final int featureOffset;
    private final boolean masked;
    private final int window;
    private final int outputStep;
    private final int outputSize;
    private final String name;

    private Matrix weightIh;
    private Matrix weightHh;
    private Matrix biasIh;
    private Matrix biasHh;
    private Matrix gradWeightIh;
    private Matrix gradWeightHh;
    private Matrix gradBiasIh;
    private Matrix gradBiasHh;
    /** The input-side weights in the input's step layout: weightIh itself, or a copy under a zero row for the flag. */
    private Matrix weightX;

    private Matrix gradWeightX;

    private int batch = -1;
    private Matrix inputRows;
    private Matrix projections;
    private double[] states;
    private Matrix[] stateBlocks;
    private double[] cells;
    private double[] cellTanh;
    private double[] activations;
    private double[] newGateHidden;
    private boolean[] valid;
    private int[] lengths;
    private int[] position;
    private Matrix recurrent;
    private Matrix output;
    private Matrix gradProjections;
    private Matrix gradRecurrent;
    private Matrix[] gradRecurrentBlocks;
    /** gradRecurrent and the previous states reordered sample-major, so dW_hh sums each sample's steps in order. */
    private Matrix gradRecurrentBySample;

    private Matrix previousBySample;
    private double[] gradState;
    private double[] gradCell;
    private double[] gradMean;
    private int[] seen;
    /** For output max: the step whose state gave each (sample, unit) its maximum, -1 without a real step. */
    private int[] maxStep;

    private Matrix gradPrevious;
    /** {@code W_hh} transposed (G*H x H), copied once per backward pass: each step's dL/dh = dG W_hh^T then reads
     * it in place, where multiplying by the transpose would pack W_hh again at every step (same bits: each
     * element is one chain over G*H either way).
     */
    private Matrix weightHhT;

    private Matrix gradInput;
    private Matrix gradInputRows;
    private boolean forwardRan;

    /** States of an earlier forward that a detached forward starts its truncation windows from (tests only). */
    private double[] detachedStates;

    private double[] detachedCells;
    private double[] liveStates;
    private double[] liveCells;
    private boolean[] swapped;

    RecurrentDouble(Recurrent layer) {
        cell = layer.cell();
        outputMode = layer.output();
        steps = layer.sequence().steps();
        features = layer.sequence().features();
        hidden = layer.hidden();
        gateWidth = cell.gates() * hidden;
        stepWidth = layer.sequence().stepWidth();
        featureOffset = layer.sequence().featureOffset();
        masked = layer.sequence().masked();
        window = layer.window();
        outputStep = hidden + featureOffset;
        outputSize = layer.outputSize();
        name = layer.describe();
    }

    void bind(double[] parameters, double[] gradients, int offset) {
        int ih = offset;
        int hh = ih + features * gateWidth;
        int bi = hh + hidden * gateWidth;
        int bh = bi + gateWidth;
        weightIh = Matrix.wrap(parameters, ih, features, gateWidth);
        weightHh = Matrix.wrap(parameters, hh, hidden, gateWidth);
        weightHhT = Matrix.zeros(gateWidth, hidden);
        biasIh = Matrix.wrap(parameters, bi, 1, gateWidth);
        biasHh = Matrix.wrap(parameters, bh, 1, gateWidth);
        gradWeightIh = Matrix.wrap(gradients, ih, features, gateWidth);
        gradWeightHh = Matrix.wrap(gradients, hh, hidden, gateWidth);
        gradBiasIh = Matrix.wrap(gradients, bi, 1, gateWidth);
        gradBiasHh = Matrix.wrap(gradients, bh, 1, gateWidth);
        weightX = masked ? Matrix.zeros(stepWidth, gateWidth) : weightIh;
        gradWeightX = masked ? Matrix.zeros(stepWidth, gateWidth) : gradWeightIh;
    }

    boolean bound() {
        return weightIh != null;
    }

    private void allocate(int b) {
        if (b == batch) {
            return;
        }
        batch = b;
        int rows = b * steps;
        projections = Matrix.zeros(rows, gateWidth);
        states = new double[(steps + 1) * b * hidden];
        stateBlocks = new Matrix[steps + 1];
        for (int t = 0; t <= steps; t++) {
            stateBlocks[t] = Matrix.wrap(states, t * b * hidden, b, hidden);
        }
        if (cell == Recurrent.Cell.LSTM) {
            cells = new double[(steps + 1) * b * hidden];
            cellTanh = new double[rows * hidden];
        }
        if (cell == Recurrent.Cell.GRU) {
            newGateHidden = new double[rows * hidden];
        }
        activations = new double[rows * gateWidth];
        valid = new boolean[rows];
        lengths = new int[b];
        position = new int[b];
        recurrent = Matrix.zeros(b, gateWidth);
        output = Matrix.zeros(b, outputSize);
        gradProjections = Matrix.zeros(rows, gateWidth);
        gradRecurrent = Matrix.zeros(rows, gateWidth);
        gradRecurrentBlocks = new Matrix[steps];
        for (int t = 0; t < steps; t++) {
            gradRecurrentBlocks[t] = Matrix.wrap(gradRecurrent.data(), t * b * gateWidth, b, gateWidth);
        }
        gradRecurrentBySample = Matrix.zeros(rows, gateWidth);
        previousBySample = Matrix.zeros(rows, hidden);
        gradState = new double[b * hidden];
        gradCell = new double[b * hidden];
        gradMean = new double[b * hidden];
        seen = new int[b];
        maxStep = new int[b * hidden];
        gradPrevious = Matrix.zeros(b, hidden);
        gradInput = Matrix.zeros(b, steps * stepWidth);
        gradInputRows = Matrix.wrap(gradInput.data(), 0, rows, stepWidth);
    }

    Matrix forward(MatrixOps ops, Matrix x) {
        int b = x.rows();
        allocate(b);
        double[] xd = x.data();
        int xo = x.offset();
        if (inputRows == null || inputRows.data() != xd || inputRows.offset() != xo || inputRows.rows() != b * steps) {
            inputRows = Matrix.wrap(xd, xo, b * steps, stepWidth);
        }
        Arrays.fill(lengths, 0);
        for (int s = 0; s < b; s++) {
            for (int t = 0; t < steps; t++) {
                boolean real = !masked || xd[xo + (s * steps + t) * stepWidth] > 0.5;
                valid[t * b + s] = real;
                if (real) {
                    lengths[s]++;
                }
            }
        }
        if (masked) {
            System.arraycopy(weightIh.data(), weightIh.offset(), weightX.data(), gateWidth, features * gateWidth);
        }
        ops.mult(inputRows, weightX, projections);
        Arrays.fill(states, 0, b * hidden, 0.0);
        if (cells != null) {
            Arrays.fill(cells, 0, b * hidden, 0.0);
        }
        Arrays.fill(position, 0);
        long work = 0;
        for (int t = 0; t < steps; t++) {
            if (detachedStates != null) {
                swapDetached(t, b, true);
            }
            ops.mult(stateBlocks[t], weightHh, recurrent);
            for (int s = 0; s < b; s++) {
                if (valid[t * b + s]) {
                    step(t, s, b);
                    position[s]++;
                    work++;
                } else {
                    int from = (t * b + s) * hidden;
                    System.arraycopy(states, from, states, from + b * hidden, hidden);
                    if (cells != null) {
                        System.arraycopy(cells, from, cells, from + b * hidden, hidden);
                    }
                }
            }
            if (detachedStates != null) {
                swapDetached(t, b, false);
            }
        }
        ops.addFlops(work * hidden * cell.forwardFlopsPerUnit());
        writeOutput(ops, b);
        forwardRan = true;
        return output;
    }

    /**
     * Before step t ({@code before}), puts the recorded states (and cells) in place of the computed ones
     * entering the step for the samples whose truncation window starts there; after it, puts the computed
     * ones back, so that outputs still read the computed states.
     */
    private void swapDetached(int t, int b, boolean before) {
        if (liveStates == null || liveStates.length != b * hidden) {
            liveStates = new double[b * hidden];
            liveCells = new double[b * hidden];
            swapped = new boolean[b];
        }
        for (int s = 0; s < b; s++) {
            if (before) {
                int p = position[s];
                swapped[s] = valid[t * b + s] && p > 0 && (lengths[s] - p) % window == 0;
            }
            if (!swapped[s]) {
                continue;
            }
            int at = (t * b + s) * hidden;
            int keep = s * hidden;
            if (before) {
                System.arraycopy(states, at, liveStates, keep, hidden);
                System.arraycopy(detachedStates, at, states, at, hidden);
                if (cells != null) {
                    System.arraycopy(cells, at, liveCells, keep, hidden);
                    System.arraycopy(detachedCells, at, cells, at, hidden);
                }
            } else {
                System.arraycopy(liveStates, keep, states, at, hidden);
                if (cells != null) {
                    System.arraycopy(liveCells, keep, cells, at, hidden);
                }
            }
        }
    }

    /** One step of one sample: gates from the projections, the new state (and cell) from the gates. */
    private void step(int t, int s, int b) {
        double[] xg = projections.data();
        double[] hg = recurrent.data();
        double[] bi = biasIh.data();
        double[] bh = biasHh.data();
        int bio = biasIh.offset();
        int bho = biasHh.offset();
        int xr = (s * steps + t) * gateWidth;
        int hr = s * gateWidth;
        int ar = (t * b + s) * gateWidth;
        int prev = (t * b + s) * hidden;
        int next = prev + b * hidden;
        int h = hidden;
        switch (cell) {
            case ELMAN -> Gates.elman(h, xg, xr, hg, hr, bi, bio, bh, bho, activations, ar, states, next);
            case GRU -> Gates.gru(
                    h, xg, xr, hg, hr, bi, bio, bh, bho, activations, ar, newGateHidden, prev, states, prev, next);
            case LSTM -> Gates.lstm(
                    h, xg, xr, hg, hr, bi, bio, bh, bho, activations, ar, cells, cellTanh, prev, states, prev, next);
        }
    }

    private void writeOutput(MatrixOps ops, int b) {
        double[] out = output.data();
        int h = hidden;
        switch (outputMode) {
            case LAST -> System.arraycopy(states, steps * b * h, out, 0, b * h);
            case MEAN -> {
                Arrays.fill(out, 0.0);
                long work = 0;
                for (int t = 0; t < steps; t++) {
                    for (int s = 0; s < b; s++) {
                        if (valid[t * b + s]) {
                            int from = ((t + 1) * b + s) * h;
                            for (int j = 0; j < h; j++) {
                                out[s * h + j] += states[from + j];
                            }
                            work += h;
                        }
                    }
                }
                for (int s = 0; s < b; s++) {
                    if (lengths[s] > 0) {
                        for (int j = 0; j < h; j++) {
                            out[s * h + j] /= lengths[s];
                        }
                        work += h;
                    }
                }
                ops.addFlops(work);
            }
            case MAX -> {
                Arrays.fill(out, 0.0);
                Arrays.fill(maxStep, -1);
                long work = 0;
                for (int t = 0; t < steps; t++) {
                    for (int s = 0; s < b; s++) {
                        if (valid[t * b + s]) {
                            int from = ((t + 1) * b + s) * h;
                            for (int j = 0, k = s * h; j < h; j++, k++) {
                                if (maxStep[k] < 0 || states[from + j] > out[k]) {
                                    out[k] = states[from + j];
                                    maxStep[k] = t;
                                }
                            }
                            work += h;
                        }
                    }
                }
                ops.addFlops(work);
            }
            case SEQUENCE -> {
                for (int s = 0; s < b; s++) {
                    for (int t = 0; t < steps; t++) {
                        int to = s * outputSize + t * outputStep;
                        if (valid[t * b + s]) {
                            if (masked) {
                                out[to] = 1.0;
                            }
                            System.arraycopy(states, ((t + 1) * b + s) * h, out, to + featureOffset, h);
                        } else {
                            Arrays.fill(out, to, to + outputStep, 0.0);
                        }
                    }
                }
            }
        }
    }

    Matrix backward(MatrixOps ops, Matrix gradOutput, boolean wantInput) {
        if (!forwardRan || gradOutput.rows() != batch || gradOutput.cols() != outputSize) {
            throw new IllegalStateException(name + ": backward needs the gradient of the last forward's "
                    + (!forwardRan
                            ? "output, but no forward ran"
                            : batch + "x" + outputSize + " output, got " + gradOutput.shape()));
        }
        int b = batch;
        int h = hidden;
        double[] go = gradOutput.data();
        int goo = gradOutput.offset();
        Arrays.fill(gradState, 0.0);
        Arrays.fill(gradCell, 0.0);
        Arrays.fill(seen, 0);
        long work = 0;
        if (outputMode == Recurrent.Output.LAST) {
            System.arraycopy(go, goo, gradState, 0, b * h);
        } else if (outputMode == Recurrent.Output.MEAN) {
            for (int s = 0; s < b; s++) {
                if (lengths[s] > 0) {
                    for (int j = 0; j < h; j++) {
                        gradMean[s * h + j] = go[goo + s * h + j] / lengths[s];
                    }
                    work += h;
                }
            }
        }
        double[] dxg = gradProjections.data();
        double[] dhg = gradRecurrent.data();
        double[] dprev = gradPrevious.data();
        double[] w = weightHh.data();
        double[] wt = weightHhT.data();
        for (int i = 0, wo = weightHh.offset(); i < h; i++) {
            for (int j = 0; j < gateWidth; j++) {
                wt[j * h + i] = w[wo + i * gateWidth + j];
            }
        }
        long cellSteps = 0;
        for (int t = steps - 1; t >= 0; t--) {
            for (int s = 0; s < b; s++) {
                int xr = (s * steps + t) * gateWidth;
                int gr = (t * b + s) * gateWidth;
                if (!valid[t * b + s]) {
                    Arrays.fill(dxg, xr, xr + gateWidth, 0.0);
                    Arrays.fill(dhg, gr, gr + gateWidth, 0.0);
                    continue;
                }
                if (outputMode == Recurrent.Output.MEAN) {
                    for (int j = 0; j < h; j++) {
                        gradState[s * h + j] += gradMean[s * h + j];
                    }
                    work += h;
                } else if (outputMode == Recurrent.Output.MAX) {
                    for (int j = 0, k = s * h; j < h; j++, k++) {
                        if (maxStep[k] == t) {
                            gradState[k] += go[goo + k];
                        }
                    }
                    work += h;
                } else if (outputMode == Recurrent.Output.SEQUENCE) {
                    int from = goo + s * outputSize + t * outputStep + featureOffset;
                    for (int j = 0; j < h; j++) {
                        gradState[s * h + j] += go[from + j];
                    }
                    work += h;
                }
                stepBackward(t, s, b);
                cellSteps++;
            }
            if (t > 0) {
                ops.mult(gradRecurrentBlocks[t], weightHhT, gradPrevious);
            }
            for (int s = 0; s < b; s++) {
                if (!valid[t * b + s]) {
                    continue;
                }
                seen[s]++;
                if (window > 0 && seen[s] % window == 0) {
                    // A truncation boundary: nothing flows into the state before this window.
                    Arrays.fill(gradState, s * h, (s + 1) * h, 0.0);
                    Arrays.fill(gradCell, s * h, (s + 1) * h, 0.0);
                } else if (t > 0) {
                    for (int j = 0; j < h; j++) {
                        gradState[s * h + j] += dprev[s * h + j];
                    }
                    work += h;
                }
            }
        }
        ops.addFlops(work + cellSteps * h * cell.backwardFlopsPerUnit());
        ops.multTransA(inputRows, gradProjections, gradWeightX);
        if (masked) {
            System.arraycopy(
                    gradWeightX.data(), gateWidth, gradWeightIh.data(), gradWeightIh.offset(), features * gateWidth);
        }
        // Sample-major, each sample's steps in time order: padding steps anywhere only add exact zeros to
        // each sum, so dW_hh and db_hh keep their bits however a batch is padded.
        double[] dhgs = gradRecurrentBySample.data();
        double[] hps = previousBySample.data();
        for (int s = 0; s < b; s++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(dhg, (t * b + s) * gateWidth, dhgs, (s * steps + t) * gateWidth, gateWidth);
                System.arraycopy(states, (t * b + s) * h, hps, (s * steps + t) * h, h);
            }
        }
        ops.multTransA(previousBySample, gradRecurrentBySample, gradWeightHh);
        ops.colSums(gradProjections, gradBiasIh);
        ops.colSums(gradRecurrentBySample, gradBiasHh);
        if (!wantInput) {
            return null;
        }
        ops.multTransB(gradProjections, weightX, gradInputRows);
        if (masked) {
            double[] gi = gradInput.data();
            for (int r = 0, rows = b * steps; r < rows; r++) {
                gi[r * stepWidth] = 0.0;
            }
        }
        return gradInput;
    }

    /**
     * One step of one sample backwards: from dL/d(h_t) (and dL/d(c_t)) in the running gradients, the
     * gradients of the gate pre-activations (input side and recurrent side), and in the running gradients
     * the parts of dL/d(h_{t-1}) (and dL/d(c_{t-1})) that do not pass through W_hh.
     */
    private void stepBackward(int t, int s, int b) {
        double[] dxg = gradProjections.data();
        double[] dhg = gradRecurrent.data();
        int xr = (s * steps + t) * gateWidth;
        int gr = (t * b + s) * gateWidth;
        int ar = gr;
        int prev = (t * b + s) * hidden;
        int at = s * hidden;
        int h = hidden;
        switch (cell) {
            case ELMAN -> {
                for (int j = 0; j < h; j++) {
                    double a = activations[ar + j];
                    double d = gradState[at + j] * (1 - a * a);
                    dxg[xr + j] = d;
                    dhg[gr + j] = d;
                    gradState[at + j] = 0.0;
                }
            }
            case GRU -> Gates.gruBackward(
                    h, activations, ar, states, prev, newGateHidden, prev, gradState, at, dxg, xr, dhg, gr);
            case LSTM -> Gates.lstmBackward(
                    h, activations, ar, cells, prev, cellTanh, prev, gradState, gradCell, at, dxg, xr, dhg, gr);
        }
    }

    /** Copies of the states (and cells) of the last forward, for {@link #detachFrom}. */
    double[][] stateSnapshot() {
        return new double[][] {states.clone(), cells == null ? null : cells.clone()};
    }

    /**
     * Makes later forwards start each truncation window from the recorded states instead of the computed
     * ones (null: compute them again). With the recorded states of the same inputs at the same parameters,
     * the outputs are unchanged, but the states entering the windows no longer depend on the parameters: the
     * function whose exact gradient truncated backpropagation computes.
     */
    void detachFrom(double[][] snapshot) {
        detachedStates = snapshot == null ? null : snapshot[0];
        detachedCells = snapshot == null ? null : snapshot[1];
    }
}
