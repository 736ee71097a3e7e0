package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Mean squared error averaged over every element of the batch (as torch.nn.MSELoss): L = (1/(n d))
 * sum (y_hat - y)^2, gradient 2 (y_hat - y) / (n d). The target has the output's shape. In single
 * precision the differences and the gradient are floats; the sum of squares is kept in double.
 */
public final class MeanSquaredError implements Loss {
    @Override
    public double value(MatrixOps ops, Matrix output, Matrix target) {
        return compute(ops, output, target, null);
    }

    @Override
    public double valueAndGradient(MatrixOps ops, Matrix output, Matrix target, Matrix grad) {
        if (!grad.sameShape(output)) {
            throw new IllegalArgumentException("mse: gradient is " + grad.shape() + ", output is " + output.shape());
        }
        return compute(ops, output, target, grad);
    }

    private static double compute(MatrixOps ops, Matrix output, Matrix target, Matrix grad) {
        if (!output.sameShape(target)) {
            throw new IllegalArgumentException("mse: output is " + output.shape() + ", target is " + target.shape());
        }
        int n = output.size();
        double[] o = output.data(), t = target.data();
        double sum = 0;
        double scale = 2.0 / n;
        for (int p = 0; p < n; p++) {
            double d = o[output.offset() + p] - t[target.offset() + p];
            sum += d * d;
            if (grad != null) {
                grad.data()[grad.offset() + p] = scale * d;
            }
        }
        ops.addFlops((grad == null ? 3L : 4L) * n);
        return sum / n;
    }

    @Override
    public double value(MatrixOps ops, FloatMatrix output, FloatMatrix target) {
        return compute(ops, output, target, null);
    }

    @Override
    public double valueAndGradient(MatrixOps ops, FloatMatrix output, FloatMatrix target, FloatMatrix grad) {
        if (!grad.sameShape(output)) {
            throw new IllegalArgumentException("mse: gradient is " + grad.shape() + ", output is " + output.shape());
        }
        return compute(ops, output, target, grad);
    }

    private static double compute(MatrixOps ops, FloatMatrix output, FloatMatrix target, FloatMatrix grad) {
        if (!output.sameShape(target)) {
            throw new IllegalArgumentException("mse: output is " + output.shape() + ", target is " + target.shape());
        }
        int n = output.size();
        float[] o = output.data(), t = target.data();
        double sum = 0;
        float scale = (float) (2.0 / n);
        for (int p = 0; p < n; p++) {
            float d = o[output.offset() + p] - t[target.offset() + p];
            sum += (double) d * d;
            if (grad != null) {
                grad.data()[grad.offset() + p] = scale * d;
            }
        }
        ops.addFlops((grad == null ? 3L : 4L) * n);
        return sum / n;
    }

    @Override
    public String name() {
        return "mse";
    }
}
