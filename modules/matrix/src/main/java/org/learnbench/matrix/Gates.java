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
        int j = VECTOR ? VectorGates.preActivations(n, x, xo, g, go, bi, bio, bh, bho, a, ao) : 0;
        for (; j < n; j++) {
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
        int j = VECTOR ? VectorGates.preActivations(n, x, xo, g, go, bi, bio, bh, bho, a, ao) : 0;
        for (; j < n; j++) {
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

    /**
     * GRU backward for one sample's step: from dL/dh' in gradState[gso + j] and the forward's r, z, n (a at
     * ao), hn (at nho) and previous state (state at prev), the gate pre-activation gradients dr, dz, dn into
     * dx at xo (input side) and dr, dz, dn * r into dh at dho (recurrent side), and the part of dL/dh that
     * does not pass through W_hh, d * z, back into gradState.
     */
    public static void gruBackward(
            int h,
            double[] a,
            int ao,
            double[] state,
            int prev,
            double[] newGateHidden,
            int nho,
            double[] gradState,
            int gso,
            double[] dx,
            int xo,
            double[] dh,
            int dho) {
        int j = VECTOR
                ? VectorGates.gruBackward(h, a, ao, state, prev, newGateHidden, nho, gradState, gso, dx, xo, dh, dho)
                : 0;
        for (; j < h; j++) {
            int k = h + j;
            int m = 2 * h + j;
            double r = a[ao + j];
            double z = a[ao + k];
            double n = a[ao + m];
            double d = gradState[gso + j];
            double dn = d * (1.0 - z) * (1.0 - n * n);
            double dz = d * (state[prev + j] - n) * z * (1.0 - z);
            double dr = dn * newGateHidden[nho + j] * r * (1.0 - r);
            dx[xo + j] = dr;
            dx[xo + k] = dz;
            dx[xo + m] = dn;
            dh[dho + j] = dr;
            dh[dho + k] = dz;
            dh[dho + m] = dn * r;
            gradState[gso + j] = d * z;
        }
    }

    /**
     * LSTM backward for one sample's step: from dL/dh' and dL/dc' (gradState, gradCell at gso), the forward's
     * i, f, g, o (a at ao), tanh(c') (cellTanh at cto) and previous cell (cell at prev), the gate
     * pre-activation gradients into dx at xo and dh at dho (the same values), dL/dc = dc * f back into
     * gradCell and zero into gradState (its W_hh part is added by the caller).
     */
    public static void lstmBackward(
            int h,
            double[] a,
            int ao,
            double[] cell,
            int prev,
            double[] cellTanh,
            int cto,
            double[] gradState,
            double[] gradCell,
            int gso,
            double[] dx,
            int xo,
            double[] dh,
            int dho) {
        int j = VECTOR
                ? VectorGates.lstmBackward(
                        h, a, ao, cell, prev, cellTanh, cto, gradState, gradCell, gso, dx, xo, dh, dho)
                : 0;
        for (; j < h; j++) {
            int k = h + j;
            int m = 2 * h + j;
            int q = 3 * h + j;
            double i = a[ao + j];
            double f = a[ao + k];
            double g = a[ao + m];
            double o = a[ao + q];
            double tc = cellTanh[cto + j];
            double d = gradState[gso + j];
            double dc = gradCell[gso + j] + d * o * (1.0 - tc * tc);
            double di = dc * g * i * (1.0 - i);
            double df = dc * cell[prev + j] * f * (1.0 - f);
            double dg = dc * i * (1.0 - g * g);
            double dout = d * tc * o * (1.0 - o);
            dx[xo + j] = di;
            dx[xo + k] = df;
            dx[xo + m] = dg;
            dx[xo + q] = dout;
            dh[dho + j] = di;
            dh[dho + k] = df;
            dh[dho + m] = dg;
            dh[dho + q] = dout;
            gradCell[gso + j] = dc * f;
            gradState[gso + j] = 0.0;
        }
    }

    /**
     * GRU backward for one sample's step: from dL/dh' in gradState[gso + j] and the forward's r, z, n (a at
     * ao), hn (at nho) and previous state (state at prev), the gate pre-activation gradients dr, dz, dn into
     * dx at xo (input side) and dr, dz, dn * r into dh at dho (recurrent side), and the part of dL/dh that
     * does not pass through W_hh, d * z, back into gradState.
     */
    public static void gruBackward(
            int h,
            float[] a,
            int ao,
            float[] state,
            int prev,
            float[] newGateHidden,
            int nho,
            float[] gradState,
            int gso,
            float[] dx,
            int xo,
            float[] dh,
            int dho) {
        int j = VECTOR
                ? VectorGates.gruBackward(h, a, ao, state, prev, newGateHidden, nho, gradState, gso, dx, xo, dh, dho)
                : 0;
        for (; j < h; j++) {
            int k = h + j;
            int m = 2 * h + j;
            float r = a[ao + j];
            float z = a[ao + k];
            float n = a[ao + m];
            float d = gradState[gso + j];
            float dn = d * (1f - z) * (1f - n * n);
            float dz = d * (state[prev + j] - n) * z * (1f - z);
            float dr = dn * newGateHidden[nho + j] * r * (1f - r);
            dx[xo + j] = dr;
            dx[xo + k] = dz;
            dx[xo + m] = dn;
            dh[dho + j] = dr;
            dh[dho + k] = dz;
            dh[dho + m] = dn * r;
            gradState[gso + j] = d * z;
        }
    }

    /**
     * LSTM backward for one sample's step: from dL/dh' and dL/dc' (gradState, gradCell at gso), the forward's
     * i, f, g, o (a at ao), tanh(c') (cellTanh at cto) and previous cell (cell at prev), the gate
     * pre-activation gradients into dx at xo and dh at dho (the same values), dL/dc = dc * f back into
     * gradCell and zero into gradState (its W_hh part is added by the caller).
     */
    public static void lstmBackward(
            int h,
            float[] a,
            int ao,
            float[] cell,
            int prev,
            float[] cellTanh,
            int cto,
            float[] gradState,
            float[] gradCell,
            int gso,
            float[] dx,
            int xo,
            float[] dh,
            int dho) {
        int j = VECTOR
                ? VectorGates.lstmBackward(
                        h, a, ao, cell, prev, cellTanh, cto, gradState, gradCell, gso, dx, xo, dh, dho)
                : 0;
        for (; j < h; j++) {
            int k = h + j;
            int m = 2 * h + j;
            int q = 3 * h + j;
            float i = a[ao + j];
            float f = a[ao + k];
            float g = a[ao + m];
            float o = a[ao + q];
            float tc = cellTanh[cto + j];
            float d = gradState[gso + j];
            float dc = gradCell[gso + j] + d * o * (1f - tc * tc);
            float di = dc * g * i * (1f - i);
            float df = dc * cell[prev + j] * f * (1f - f);
            float dg = dc * i * (1f - g * g);
            float dout = d * tc * o * (1f - o);
            dx[xo + j] = di;
            dx[xo + k] = df;
            dx[xo + m] = dg;
            dx[xo + q] = dout;
            dh[dho + j] = di;
            dh[dho + k] = df;
            dh[dho + m] = dg;
            dh[dho + q] = dout;
            gradCell[gso + j] = dc * f;
            gradState[gso + j] = 0f;
        }
    }
}
