package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Cross-entropy of the softmax of logits, fused for stability: L = mean over rows of (logsumexp(z) -
 * z_y), gradient (softmax(z) - onehot(y)) / n. The output is the raw logits (identity activation); the
 * target is an n x 1 matrix of class indices.
 *
 * <p>Single precision: the exponentials are floats from {@link MatrixOps#logSumExpRows(FloatMatrix,
 * FloatMatrix, double[])}, each row's log-sum-exp and the row losses are summed in double, and the gradient is rounded to float. The
 * FLOP count is two per row above float64's, which leaves out each row's log and add.
 */
public final class SoftmaxCrossEntropy implements Loss {
    @Override
    public double value(MatrixOps ops, Matrix logits, Matrix target) {
        return compute(ops, logits, target, null);
    }

    @Override
    public double valueAndGradient(MatrixOps ops, Matrix logits, Matrix target, Matrix grad) {
        if (!grad.sameShape(logits)) {
            throw new IllegalArgumentException(
                    "cross-entropy: gradient is " + grad.shape() + ", logits are " + logits.shape());
        }
        return compute(ops, logits, target, grad);
    }

    private static double compute(MatrixOps ops, Matrix logits, Matrix target, Matrix grad) {
        int n = logits.rows();
        int k = logits.cols();
        if (target.rows() != n || target.cols() != 1) {
            throw new IllegalArgumentException("cross-entropy: logits are " + logits.shape() + ", the target must be "
                    + n + "x1 class indices, got " + target.shape());
        }
        double[] z = logits.data();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int row = logits.offset() + i * k;
            int y = classIndex(target.get(i, 0), k, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[row + j] - max);
            }
            double logSumExp = max + Math.log(sum);
            total += logSumExp - z[row + y];
            if (grad != null) {
                double[] g = grad.data();
                int gr = grad.offset() + i * k;
                double inv = 1.0 / (sum * n);
                for (int j = 0; j < k; j++) {
                    g[gr + j] = Math.exp(z[row + j] - max) * inv;
                }
                g[gr + y] -= 1.0 / n;
            }
        }
        ops.addFlops((grad == null ? 3L : 6L) * n * k);
        return total / n;
    }

    @Override
    public double value(MatrixOps ops, FloatMatrix logits, FloatMatrix target) {
        return compute(ops, logits, target, null);
    }

    @Override
    public double valueAndGradient(MatrixOps ops, FloatMatrix logits, FloatMatrix target, FloatMatrix grad) {
        if (!grad.sameShape(logits)) {
            throw new IllegalArgumentException(
                    "cross-entropy: gradient is " + grad.shape() + ", logits are " + logits.shape());
        }
        return compute(ops, logits, target, grad);
    }

    private static double compute(MatrixOps ops, FloatMatrix logits, FloatMatrix target, FloatMatrix grad) {
        int n = logits.rows();
        int k = logits.cols();
        if (target.rows() != n || target.cols() != 1) {
            throw new IllegalArgumentException("cross-entropy: logits are " + logits.shape() + ", the target must be "
                    + n + "x1 class indices, got " + target.shape());
        }
        if (grad != null && grad.data() == logits.data()) {
            throw new IllegalArgumentException(
                    "cross-entropy: the float gradient must not share storage with the logits");
        }
        Scratch scratch = SCRATCH.get();
        FloatMatrix exps = grad != null ? grad : scratch.exps(n, k);
        double[] logSumExp = scratch.rows(n);
        ops.logSumExpRows(logits, exps, logSumExp);
        float[] z = logits.data();
        float[] e = exps.data();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int y = classIndex(target.get(i, 0), k, i);
            total += logSumExp[i] - z[logits.offset() + i * k + y];
            if (grad != null) {
                // softmax = exps / (row sum); the gradient of the mean is (softmax - onehot) / n.
                int er = exps.offset() + i * k;
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += e[er + j];
                }
                double inv = 1.0 / (sum * n);
                for (int j = 0; j < k; j++) {
                    e[er + j] = (float) (e[er + j] * inv - (j == y ? 1.0 / n : 0.0));
                }
            }
        }
        // The row log-sum-exps counted 3 per element and 2 per row; the gradient 3 more per element.
        ops.addFlops(grad == null ? 0 : 3L * n * k);
        return total / n;
    }

    /** Per-thread working arrays for the single-precision loss (one instance serves parallel evaluators). */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        private FloatMatrix exps;
        private double[] rows = new double[0];

        FloatMatrix exps(int n, int k) {
            exps = Buffers.reuse(exps, n, k);
            return exps;
        }

        double[] rows(int n) {
            if (rows.length < n) {
                rows = new double[n];
            }
            return rows;
        }
    }

    private static int classIndex(double value, int classes, int row) {
        int y = (int) value;
        if (y != value || y < 0 || y >= classes) {
            throw new IllegalArgumentException("cross-entropy: row " + row + " has class " + value
                    + ", expected an integer in [0, " + classes + ")");
        }
        return y;
    }

    @Override
    public String name() {
        return "cross_entropy";
    }
}
