package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;

/**
 * Element-wise (or, for softmax, row-wise) activation functions, each with its derivative beside it.
 *
 * <p>Each constant also names the initialisation gain recommended for the weights feeding it (the
 * values of torch.nn.init.calculate_gain): ReLU sqrt(2), tanh 5/3, sigmoid, identity and softmax 1.
 *
 * <p>The single-precision twins take and give floats: arithmetic is in float, and an elementary function
 * (exp, tanh) is evaluated in double on the float argument and rounded once, as Java has no float
 * versions of them.
 */
public enum Activation {
    /** a = z. */
    IDENTITY(1.0) {
        @Override
        void forward(double[] z, int zo, double[] a, int ao, int n, int cols) {
            System.arraycopy(z, zo, a, ao, n);
        }

        @Override
        void backward(
                double[] z, int zo, double[] a, int ao, double[] g, int go, double[] d, int dOff, int n, int cols) {
            System.arraycopy(g, go, d, dOff, n);
        }

        @Override
        void forward(float[] z, int zo, float[] a, int ao, int n, int cols) {
            System.arraycopy(z, zo, a, ao, n);
        }

        @Override
        void backward(float[] z, int zo, float[] a, int ao, float[] g, int go, float[] d, int dOff, int n, int cols) {
            System.arraycopy(g, go, d, dOff, n);
        }
    },
    /** a = 1 / (1 + exp(-z)), computed piecewise so that neither branch overflows. */
    SIGMOID(1.0) {
        @Override
        void forward(double[] z, int zo, double[] a, int ao, int n, int cols) {
            for (int p = 0; p < n; p++) {
                a[ao + p] = sigmoid(z[zo + p]);
            }
        }

        @Override
        void backward(
                double[] z, int zo, double[] a, int ao, double[] g, int go, double[] d, int dOff, int n, int cols) {
            for (int p = 0; p < n; p++) {
                double s = a[ao + p];
                d[dOff + p] = g[go + p] * s * (1 - s);
            }
        }

        @Override
        void forward(float[] z, int zo, float[] a, int ao, int n, int cols) {
            for (int p = 0; p < n; p++) {
                a[ao + p] = (float) sigmoid(z[zo + p]);
            }
        }

        @Override
        void backward(float[] z, int zo, float[] a, int ao, float[] g, int go, float[] d, int dOff, int n, int cols) {
            for (int p = 0; p < n; p++) {
                float s = a[ao + p];
                d[dOff + p] = g[go + p] * s * (1 - s);
            }
        }
    },
    /** a = tanh(z). */
    TANH(5.0 / 3.0) {
        @Override
        void forward(double[] z, int zo, double[] a, int ao, int n, int cols) {
            for (int p = 0; p < n; p++) {
                a[ao + p] = Math.tanh(z[zo + p]);
            }
        }

        @Override
        void backward(
                double[] z, int zo, double[] a, int ao, double[] g, int go, double[] d, int dOff, int n, int cols) {
            for (int p = 0; p < n; p++) {
                double t = a[ao + p];
                d[dOff + p] = g[go + p] * (1 - t * t);
            }
        }

        @Override
        void forward(float[] z, int zo, float[] a, int ao, int n, int cols) {
            for (int p = 0; p < n; p++) {
                a[ao + p] = (float) Math.tanh(z[zo + p]);
            }
        }

        @Override
        void backward(float[] z, int zo, float[] a, int ao, float[] g, int go, float[] d, int dOff, int n, int cols) {
            for (int p = 0; p < n; p++) {
                float t = a[ao + p];
                d[dOff + p] = g[go + p] * (1 - t * t);
            }
        }
    },
    /**
     * a = max(0, z); the derivative at 0 is taken as 0. A NaN input with a clear sign bit stays NaN (the
     * NaNs arithmetic makes), one with the sign bit set becomes 0. Both directions are branch-free: a branch on the sign of random pre-activations is
     * mispredicted half the time, which cost more than all the rest of a small network's forward pass.
     * The backward pass reads the output: a is +0.0 exactly when z <= 0, and then the gradient's bits are
     * cleared (giving +0.0); otherwise it passes unchanged.
     */
    RELU(Math.sqrt(2.0)) {
        @Override
        void forward(double[] z, int zo, double[] a, int ao, int n, int cols) {
            for (int p = 0; p < n; p++) {
                // Negative values and -0.0 have the sign bit: the mask clears them to +0.0.
                long bits = Double.doubleToRawLongBits(z[zo + p]);
                a[ao + p] = Double.longBitsToDouble(bits & ~(bits >> 63));
            }
        }

        @Override
        void backward(
                double[] z, int zo, double[] a, int ao, double[] g, int go, double[] d, int dOff, int n, int cols) {
            for (int p = 0; p < n; p++) {
                // All ones when a == +0.0 (its bits are 0), all zeros when a > 0.
                long zero = (Double.doubleToRawLongBits(a[ao + p]) - 1) >> 63;
                d[dOff + p] = Double.longBitsToDouble(Double.doubleToRawLongBits(g[go + p]) & ~zero);
            }
        }

        @Override
        void forward(float[] z, int zo, float[] a, int ao, int n, int cols) {
            for (int p = 0; p < n; p++) {
                // Negative values and -0.0 have the sign bit: the mask clears them to +0.0.
                int bits = Float.floatToRawIntBits(z[zo + p]);
                a[ao + p] = Float.intBitsToFloat(bits & ~(bits >> 31));
            }
        }

        @Override
        void backward(float[] z, int zo, float[] a, int ao, float[] g, int go, float[] d, int dOff, int n, int cols) {
            for (int p = 0; p < n; p++) {
                int zero = (Float.floatToRawIntBits(a[ao + p]) - 1) >> 31;
                d[dOff + p] = Float.intBitsToFloat(Float.floatToRawIntBits(g[go + p]) & ~zero);
            }
        }
    },
    /**
     * Row-wise a_i = exp(z_i - max z) / sum_j exp(z_j - max z). For classification prefer an identity
     * output with {@link SoftmaxCrossEntropy}, which fuses the two and is exact where this is not.
     */
    SOFTMAX(1.0) {
        @Override
        void forward(double[] z, int zo, double[] a, int ao, int n, int cols) {
            for (int r = 0; r < n; r += cols) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, z[zo + r + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    double e = Math.exp(z[zo + r + j] - max);
                    a[ao + r + j] = e;
                    sum += e;
                }
                for (int j = 0; j < cols; j++) {
                    a[ao + r + j] /= sum;
                }
            }
        }

        @Override
        void backward(
                double[] z, int zo, double[] a, int ao, double[] g, int go, double[] d, int dOff, int n, int cols) {
            // Jacobian-vector product of softmax: dz_i = a_i * (g_i - sum_j g_j a_j).
            for (int r = 0; r < n; r += cols) {
                double dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += g[go + r + j] * a[ao + r + j];
                }
                for (int j = 0; j < cols; j++) {
                    d[dOff + r + j] = a[ao + r + j] * (g[go + r + j] - dot);
                }
            }
        }

        @Override
        void forward(float[] z, int zo, float[] a, int ao, int n, int cols) {
            for (int r = 0; r < n; r += cols) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, z[zo + r + j]);
                }
                float sum = 0;
                for (int j = 0; j < cols; j++) {
                    float e = (float) Math.exp(z[zo + r + j] - max);
                    a[ao + r + j] = e;
                    sum += e;
                }
                for (int j = 0; j < cols; j++) {
                    a[ao + r + j] /= sum;
                }
            }
        }

        @Override
        void backward(float[] z, int zo, float[] a, int ao, float[] g, int go, float[] d, int dOff, int n, int cols) {
            for (int r = 0; r < n; r += cols) {
                float dot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += g[go + r + j] * a[ao + r + j];
                }
                for (int j = 0; j < cols; j++) {
                    d[dOff + r + j] = a[ao + r + j] * (g[go + r + j] - dot);
                }
            }
        }
    };

    private final double gain;

    Activation(double gain) {
        this.gain = gain;
    }

    /** The initialisation gain for weights that feed this activation. */
    public double gain() {
        return gain;
    }

    /** Numerically stable logistic function. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** a = f(z) for a matrix of pre-activations; a may alias z except for SOFTMAX. */
    public Matrix forward(MatrixOps ops, Matrix z, Matrix a) {
        requireShape("forward", z, a);
        forward(z.data(), z.offset(), a.data(), a.offset(), z.size(), z.cols());
        ops.addFlops(forwardFlops(z.size()));
        return a;
    }

    /** gradZ = dL/dz given z, a = f(z) and gradA = dL/da. */
    public Matrix backward(MatrixOps ops, Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        requireShape("backward", z, a);
        requireShape("backward", z, gradA);
        requireShape("backward", z, gradZ);
        backward(
                z.data(),
                z.offset(),
                a.data(),
                a.offset(),
                gradA.data(),
                gradA.offset(),
                gradZ.data(),
                gradZ.offset(),
                z.size(),
                z.cols());
        ops.addFlops(backwardFlops(z.size()));
        return gradZ;
    }

    /** {@link #forward(MatrixOps, Matrix, Matrix)} in single precision; the same FLOP count. */
    public FloatMatrix forward(MatrixOps ops, FloatMatrix z, FloatMatrix a) {
        requireShape("forward", z, a);
        forward(z.data(), z.offset(), a.data(), a.offset(), z.size(), z.cols());
        ops.addFlops(forwardFlops(z.size()));
        return a;
    }

    /** {@link #backward(MatrixOps, Matrix, Matrix, Matrix, Matrix)} in single precision. */
    public FloatMatrix backward(MatrixOps ops, FloatMatrix z, FloatMatrix a, FloatMatrix gradA, FloatMatrix gradZ) {
        requireShape("backward", z, a);
        requireShape("backward", z, gradA);
        requireShape("backward", z, gradZ);
        backward(
                z.data(),
                z.offset(),
                a.data(),
                a.offset(),
                gradA.data(),
                gradA.offset(),
                gradZ.data(),
                gradZ.offset(),
                z.size(),
                z.cols());
        ops.addFlops(backwardFlops(z.size()));
        return gradZ;
    }

    long forwardFlops(int elements) {
        return this == RELU || this == IDENTITY ? 0 : (this == SOFTMAX ? 4L : 1L) * elements;
    }

    long backwardFlops(int elements) {
        return this == RELU || this == IDENTITY ? 0 : (this == SOFTMAX ? 4L : 3L) * elements;
    }

    // The messages are built only on failure: the checks run on every pass of the hot path.
    private static void requireShape(String what, Matrix x, Matrix y) {
        if (!x.sameShape(y)) {
            throw shapesDiffer(what, x.shape(), y.shape());
        }
    }

    private static void requireShape(String what, FloatMatrix x, FloatMatrix y) {
        if (!x.sameShape(y)) {
            throw shapesDiffer(what, x.shape(), y.shape());
        }
    }

    private static IllegalArgumentException shapesDiffer(String what, String x, String y) {
        return new IllegalArgumentException("activation " + what + ": shapes differ, " + x + " and " + y);
    }

    abstract void forward(double[] z, int zo, double[] a, int ao, int n, int cols);

    abstract void backward(
            double[] z, int zo, double[] a, int ao, double[] g, int go, double[] d, int dOff, int n, int cols);

    abstract void forward(float[] z, int zo, float[] a, int ao, int n, int cols);

    abstract void backward(
            float[] z, int zo, float[] a, int ao, float[] g, int go, float[] d, int dOff, int n, int cols);
}
