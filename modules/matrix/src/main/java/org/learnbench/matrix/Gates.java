package org.learnbench.matrix;

/**
 * The element-wise gate arithmetic of recurrent cells (Elman, GRU, LSTM; torch's equations and gate order,
 * see {@code org.learnbench.nn.Recurrent}) for one sample's step, with its own sigmoid and tanh.
 *
 * <p>Why its own functions: {@link Math#tanh} is not a JIT intrinsic (a call into fdlibm's StrictMath per
 * value) and the exponentials of a sigmoid are one call each, which made the gates of a GRU or LSTM step
 * cost more than its recurrent multiply. Here e^y is x = k ln 2 + r (Cody and Waite's two-part ln 2, |r| <=
 * ln(2)/2), e^r - 1 by its Taylor polynomial (degree 13 in double, 8 in float: truncation under a tenth of
 * an ulp), and 2^k added to the exponent bits; then sigmoid(x) = 1 / (1 + e^-x) (x >= 0) or e^x / (1 +
 * e^x), and tanh(|x|) = -m / (2 + m) with m = e^(-2|x|) - 1 kept as e^r - 1 so that small arguments keep
 * their relative accuracy, and the sign of x copied on. Both are within a few ulps of the exact value
 * (tests compare them with {@link Math#tanh} and {@link Math#exp}); arguments are clamped where the result
 * has already rounded to its limit (tanh at |x| 20 in double, 10 in float; sigmoid at |x| 708 and 86,
 * below which the exact value would leave the normal range). The float functions compute in float.
 *
 * <p>Only arithmetic with one rounding per operation (+, -, *, /, fused multiply-add, min, bit moves), so
 * the scalar code here and the Vector API loops ({@code VectorGates}, used when the vector module is
 * present) give the same bits, compiled or interpreted, at any vector width; a step's gates run on the
 * calling thread, so nothing depends on the thread count either.
 */
public final class Gates {
    static final double LOG2_E = 1.4426950408889634;
    /** 1.5 * 2^52: y log2(e) + ROUND has the integer nearest y log2(e) in its low mantissa bits. */
    static final double ROUND = 6755399441055744.0;
    /** ln 2 in two parts (fdlibm's): k * LN2_HI is exact for |k| < 2^11. */
    static final double LN2_HI = 6.93147180369123816490e-01;

    static final double LN2_LO = 1.90821492927058770002e-10;
    static final long ONE_BITS = 0x3ff0000000000000L;
    static final long SIGN = 0x8000000000000000L;
    static final double TANH_CLAMP = 20;
    static final double SIGMOID_CLAMP = 708;
    /** 1/13!, 1/12!, ..., 1/2!: e^r - 1 = r (1 + r (1/2 + r (1/6 + ...))). */
    static final double[] C = {
        1.0 / 6227020800L,
        1.0 / 479001600,
        1.0 / 39916800,
        1.0 / 3628800,
        1.0 / 362880,
        1.0 / 40320,
        1.0 / 5040,
        1.0 / 720,
        1.0 / 120,
        1.0 / 24,
        1.0 / 6,
        0.5
    };

    static final float LOG2_E_F = 1.44269504f;
    /** 1.5 * 2^23. */
    static final float ROUND_F = 12582912f;
    /** The high part's last 9 bits are clear, so k * LN2_HI_F is exact for |k| < 2^9. */
    static final float LN2_HI_F = 0.693145751953125f;

    static final float LN2_LO_F = 1.4286068e-6f;
    static final int ONE_BITS_F = 0x3f800000;
    static final int SIGN_F = 0x80000000;
    static final float TANH_CLAMP_F = 10;
    static final float SIGMOID_CLAMP_F = 86;
    /** 1/8!, ..., 1/2!. */
    static final float[] C_F = {1f / 40320, 1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f};

    /** Whether the Vector API loops run (the vector module is present); the bits are the same either way. */
    static final boolean VECTOR = GemmKernels.VECTOR != null;

    private Gates() {}

    /** q = e^r - 1 for y = k ln 2 + r, with kd = y log2(e) + ROUND holding k. */
    private static double expm1Reduced(double y, double kd) {
        double k = kd - ROUND;
        double r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, y));
        double p = C[0];
        for (int i = 1; i < C.length; i++) {
            p = Math.fma(p, r, C[i]);
        }
        p = Math.fma(p, r, 1.0);
        return p * r;
    }

    private static double twoToK(double kd) {
        return Double.longBitsToDouble(ONE_BITS + (Double.doubleToRawLongBits(kd) << 52));
    }

    /** The logistic function 1 / (1 + e^-x), within a few ulps. */
    public static double sigmoid(double x) {
        double y = -Math.min(Math.abs(x), SIGMOID_CLAMP);
        double kd = Math.fma(y, LOG2_E, ROUND);
        double q = expm1Reduced(y, kd);
        double twoK = twoToK(kd);
        double e = Math.fma(twoK, q, twoK);
        double num = x < 0 ? e : 1.0;
        return num / (1.0 + e);
    }

    /** The hyperbolic tangent, within a few ulps. */
    public static double tanh(double x) {
        double y = Math.min(Math.abs(x), TANH_CLAMP) * -2.0;
        double kd = Math.fma(y, LOG2_E, ROUND);
        double q = expm1Reduced(y, kd);
        double twoK = twoToK(kd);
        double m = Math.fma(twoK, q, twoK - 1.0);
        double t = -m / (m + 2.0);
        return Double.longBitsToDouble(
                (Double.doubleToRawLongBits(t) & ~SIGN) | (Double.doubleToRawLongBits(x) & SIGN));
    }

    private static float expm1Reduced(float y, float kd) {
        float k = kd - ROUND_F;
        float r = Math.fma(-k, LN2_LO_F, Math.fma(-k, LN2_HI_F, y));
        float p = C_F[0];
        for (int i = 1; i < C_F.length; i++) {
            p = Math.fma(p, r, C_F[i]);
        }
        p = Math.fma(p, r, 1f);
        return p * r;
    }

    private static float twoToK(float kd) {
        return Float.intBitsToFloat(ONE_BITS_F + (Float.floatToRawIntBits(kd) << 23));
    }

    /** The logistic function in float arithmetic. */
    public static float sigmoid(float x) {
        float y = -Math.min(Math.abs(x), SIGMOID_CLAMP_F);
        float kd = Math.fma(y, LOG2_E_F, ROUND_F);
        float q = expm1Reduced(y, kd);
        float twoK = twoToK(kd);
        float e = Math.fma(twoK, q, twoK);
        float num = x < 0 ? e : 1f;
        return num / (1f + e);
    }

    /** The hyperbolic tangent in float arithmetic. */
    public static float tanh(float x) {
        float y = Math.min(Math.abs(x), TANH_CLAMP_F) * -2f;
        float kd = Math.fma(y, LOG2_E_F, ROUND_F);
        float q = expm1Reduced(y, kd);
        float twoK = twoToK(kd);
        float m = Math.fma(twoK, q, twoK - 1f);
        float t = -m / (m + 2f);
        return Float.intBitsToFloat((Float.floatToRawIntBits(t) & ~SIGN_F) | (Float.floatToRawIntBits(x) & SIGN_F));
    }

    /** out[oo + j] = sigmoid(a[ao + j]) for j < n (out may be a, in place). */
    public static void sigmoid(double[] a, int ao, double[] out, int oo, int n) {
        int j = VECTOR ? VectorGates.sigmoid(a, ao, out, oo, n) : 0;
        for (; j < n; j++) {
            out[oo + j] = sigmoid(a[ao + j]);
        }
    }

    /** out[oo + j] = tanh(a[ao + j]) for j < n (out may be a, in place). */
    public static void tanh(double[] a, int ao, double[] out, int oo, int n) {
        int j = VECTOR ? VectorGates.tanh(a, ao, out, oo, n) : 0;
        for (; j < n; j++) {
            out[oo + j] = tanh(a[ao + j]);
        }
    }

    /** Pre-activations a[ao + j] = (x[xo + j] + bi[bio + j]) + (g[go + j] + bh[bho + j]) for j < n. */
    private static void preActivations(
            int n,
            double[] x,
            int xo,
            double[] g,
            int go,
            double[] bi,
            int bio,
            double[] bh,
            int bho,
            double[] a,
            int ao) {
        for (int j = 0; j < n; j++) {
            a[ao + j] = (x[xo + j] + bi[bio + j]) + (g[go + j] + bh[bho + j]);
        }
    }

    /**
     * Elman: h'[j] = a[j] = tanh((x[j] + bi[j]) + (g[j] + bh[j])) for j < h, where x is the step's input
     * projection and g its recurrent product (at offsets xo and go), the biases at bio and bho, the activations
     * written at ao and the new state at next.
     */
    public static void elman(
            int h,
            double[] x,
            int xo,
            double[] g,
            int go,
            double[] bi,
            int bio,
            double[] bh,
            int bho,
            double[] a,
            int ao,
            double[] state,
            int next) {
        preActivations(h, x, xo, g, go, bi, bio, bh, bho, a, ao);
        tanh(a, ao, a, ao, h);
        System.arraycopy(a, ao, state, next, h);
    }

    /**
     * GRU, gates r, z, n side by side (h each) in x, g, the biases and the activations a: r and z =
     * sigmoid((x + bi) + (g + bh)); hn = g + bh of the n gate, kept in newGateHidden at nho; n = tanh((x + bi)
     * + r * hn); the new state state[next + j] = (1 - z) * n + z * state[prev + j].
     */
    public static void gru(
            int h,
            double[] x,
            int xo,
            double[] g,
            int go,
            double[] bi,
            int bio,
            double[] bh,
            int bho,
            double[] a,
            int ao,
            double[] newGateHidden,
            int nho,
            double[] state,
            int prev,
            int next) {
        preActivations(2 * h, x, xo, g, go, bi, bio, bh, bho, a, ao);
        sigmoid(a, ao, a, ao, 2 * h);
        int m = 2 * h;
        for (int j = 0; j < h; j++) {
            double hn = g[go + m + j] + bh[bho + m + j];
            newGateHidden[nho + j] = hn;
            a[ao + m + j] = (x[xo + m + j] + bi[bio + m + j]) + a[ao + j] * hn;
        }
        tanh(a, ao + m, a, ao + m, h);
        for (int j = 0; j < h; j++) {
            double z = a[ao + h + j];
            state[next + j] = (1.0 - z) * a[ao + m + j] + z * state[prev + j];
        }
    }

    /**
     * LSTM, gates i, f, g, o side by side (h each): i, f, o = sigmoid((x + bi) + (g + bh)), the cell gate
     * tanh of the same; c' = f * c + i * g into cell[next + j], tanh(c') into cellTanh[cto + j] and the new
     * state o * tanh(c') into state[next + j] (cell and state share the offsets prev and next).
     */
    public static void lstm(
            int h,
            double[] x,
            int xo,
            double[] g,
            int go,
            double[] bi,
            int bio,
            double[] bh,
            int bho,
            double[] a,
            int ao,
            double[] cell,
            double[] cellTanh,
            int cto,
            double[] state,
            int prev,
            int next) {
        preActivations(4 * h, x, xo, g, go, bi, bio, bh, bho, a, ao);
        sigmoid(a, ao, a, ao, 2 * h);
        tanh(a, ao + 2 * h, a, ao + 2 * h, h);
        sigmoid(a, ao + 3 * h, a, ao + 3 * h, h);
        for (int j = 0; j < h; j++) {
            cell[next + j] = a[ao + h + j] * cell[prev + j] + a[ao + j] * a[ao + 2 * h + j];
        }
        tanh(cell, next, cellTanh, cto, h);
        for (int j = 0; j < h; j++) {
            state[next + j] = a[ao + 3 * h + j] * cellTanh[cto + j];
        }
    }

    /** out[oo + j] = sigmoid(a[ao + j]) for j < n (out may be a, in place). */
    public static void sigmoid(float[] a, int ao, float[] out, int oo, int n) {
        int j = VECTOR ? VectorGates.sigmoid(a, ao, out, oo, n) : 0;
        for (; j < n; j++) {
            out[oo + j] = sigmoid(a[ao + j]);
        }
    }

    /** out[oo + j] = tanh(a[ao + j]) for j < n (out may be a, in place). */
    public static void tanh(float[] a, int ao, float[] out, int oo, int n) {
        int j = VECTOR ? VectorGates.tanh(a, ao, out, oo, n) : 0;
        for (; j < n; j++) {
            out[oo + j] = tanh(a[ao + j]);
        }
    }

    /** Pre-activations a[ao + j] = (x[xo + j] + bi[bio + j]) + (g[go + j] + bh[bho + j]) for j < n. */
    private static void preActivations(
            int n, float[] x, int xo, float[] g, int go, float[] bi, int bio, float[] bh, int bho, float[] a, int ao) {
        for (int j = 0; j < n; j++) {
            a[ao + j] = (x[xo + j] + bi[bio + j]) + (g[go + j] + bh[bho + j]);
        }
    }

    /**
     * Elman: h'[j] = a[j] = tanh((x[j] + bi[j]) + (g[j] + bh[j])) for j < h, where x is the step's input
     * projection and g its recurrent product (at offsets xo and go), the biases at bio and bho, the activations
     * written at ao and the new state at next.
     */
    public static void elman(
            int h,
            float[] x,
            int xo,
            float[] g,
            int go,
            float[] bi,
            int bio,
            float[] bh,
            int bho,
            float[] a,
            int ao,
            float[] state,
            int next) {
        preActivations(h, x, xo, g, go, bi, bio, bh, bho, a, ao);
        tanh(a, ao, a, ao, h);
        System.arraycopy(a, ao, state, next, h);
    }

    /**
     * GRU, gates r, z, n side by side (h each) in x, g, the biases and the activations a: r and z =
     * sigmoid((x + bi) + (g + bh)); hn = g + bh of the n gate, kept in newGateHidden at nho; n = tanh((x + bi)
     * + r * hn); the new state state[next + j] = (1 - z) * n + z * state[prev + j].
     */
    public static void gru(
            int h,
            float[] x,
            int xo,
            float[] g,
            int go,
            float[] bi,
            int bio,
            float[] bh,
            int bho,
            float[] a,
            int ao,
            float[] newGateHidden,
            int nho,
            float[] state,
            int prev,
            int next) {
        preActivations(2 * h, x, xo, g, go, bi, bio, bh, bho, a, ao);
        sigmoid(a, ao, a, ao, 2 * h);
        int m = 2 * h;
        for (int j = 0; j < h; j++) {
            float hn = g[go + m + j] + bh[bho + m + j];
            newGateHidden[nho + j] = hn;
            a[ao + m + j] = (x[xo + m + j] + bi[bio + m + j]) + a[ao + j] * hn;
        }
        tanh(a, ao + m, a, ao + m, h);
        for (int j = 0; j < h; j++) {
            float z = a[ao + h + j];
            state[next + j] = (1f - z) * a[ao + m + j] + z * state[prev + j];
        }
    }

    /**
     * LSTM, gates i, f, g, o side by side (h each): i, f, o = sigmoid((x + bi) + (g + bh)), the cell gate
     * tanh of the same; c' = f * c + i * g into cell[next + j], tanh(c') into cellTanh[cto + j] and the new
     * state o * tanh(c') into state[next + j] (cell and state share the offsets prev and next).
     */
    public static void lstm(
            int h,
            float[] x,
            int xo,
            float[] g,
            int go,
            float[] bi,
            int bio,
            float[] bh,
            int bho,
            float[] a,
            int ao,
            float[] cell,
            float[] cellTanh,
            int cto,
            float[] state,
            int prev,
            int next) {
        preActivations(4 * h, x, xo, g, go, bi, bio, bh, bho, a, ao);
        sigmoid(a, ao, a, ao, 2 * h);
        tanh(a, ao + 2 * h, a, ao + 2 * h, h);
        sigmoid(a, ao + 3 * h, a, ao + 3 * h, h);
        for (int j = 0; j < h; j++) {
            cell[next + j] = a[ao + h + j] * cell[prev + j] + a[ao + j] * a[ao + 2 * h + j];
        }
        tanh(cell, next, cellTanh, cto, h);
        for (int j = 0; j < h; j++) {
            state[next + j] = a[ao + 3 * h + j] * cellTanh[cto + j];
        }
    }
}
