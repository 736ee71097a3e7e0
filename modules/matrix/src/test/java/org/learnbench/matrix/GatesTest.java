package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Gates}' sigmoid and tanh: accuracy against the JDK's functions, and vector loops = scalar code. */
class GatesTest {
    private static final double[] SPECIAL = {
        0.0,
        -0.0,
        1e-300,
        -1e-300,
        1e-9,
        -1e-9,
        0.3,
        -0.3,
        0.35,
        1,
        -1,
        5,
        -5,
        9.9,
        10,
        10.1,
        19.9,
        20,
        25,
        -25,
        86,
        -86,
        90,
        -90,
        700,
        -700,
        708,
        -708,
        800,
        -800,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN
    };

    private static double[] arguments() {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[20_000 + SPECIAL.length];
        for (int i = 0; i < 20_000; i++) {
            double u = random.nextDouble(-1, 1);
            x[i] = i % 4 == 0
                    ? u * 40
                    : i % 4 == 1 ? u * 3 : i % 4 == 2 ? u * 1e-4 : Math.scalb(u, -random.nextInt(60));
        }
        System.arraycopy(SPECIAL, 0, x, 20_000, SPECIAL.length);
        return x;
    }

    private static double exactSigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Test
    void doubleFunctionsAreWithinAFewUlps() {
        for (double x : arguments()) {
            if (Double.isNaN(x)) {
                assertTrue(Double.isNaN(Gates.tanh(x)) && Double.isNaN(Gates.sigmoid(x)));
                continue;
            }
            double t = Math.tanh(x);
            assertTrue(Math.abs(Gates.tanh(x) - t) <= 4 * Math.ulp(t), "tanh " + x + ": " + Gates.tanh(x) + " vs " + t);
            assertEquals(Math.copySign(1.0, x), Math.copySign(1.0, Gates.tanh(x)), "sign of tanh " + x);
            if (Math.abs(x) <= 700) {
                double s = exactSigmoid(x);
                assertTrue(Math.abs(Gates.sigmoid(x) - s) <= 4 * Math.ulp(s), "sigmoid " + x + ": " + Gates.sigmoid(x));
            } else {
                assertEquals(x > 0 ? 1.0 : 0.0, Gates.sigmoid(x), 1e-300, "sigmoid " + x);
            }
        }
    }

    @Test
    void floatFunctionsAreWithinAFewUlps() {
        for (double xd : arguments()) {
            float x = (float) xd;
            if (Float.isNaN(x)) {
                assertTrue(Float.isNaN(Gates.tanh(x)) && Float.isNaN(Gates.sigmoid(x)));
                continue;
            }
            float t = (float) Math.tanh(x);
            assertTrue(Math.abs(Gates.tanh(x) - t) <= 3 * Math.ulp(t), "tanh " + x + ": " + Gates.tanh(x) + " vs " + t);
            if (Math.abs(x) <= 80) {
                float s = (float) exactSigmoid(x);
                assertTrue(Math.abs(Gates.sigmoid(x) - s) <= 3 * Math.ulp(s), "sigmoid " + x + ": " + Gates.sigmoid(x));
            } else {
                assertEquals(x > 0 ? 1f : 0f, Gates.sigmoid(x), 1e-37f, "sigmoid " + x);
            }
        }
    }

    /** The run functions (vector loops when the module is present, as in the tests) give the scalar bits. */
    @Test
    void runsGiveTheScalarFunctionsBits() {
        double[] x = arguments();
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) x[i];
        }
        for (int offset : new int[] {0, 3}) {
            int n = x.length - offset;
            double[] s = new double[x.length + 5];
            double[] t = new double[x.length + 5];
            float[] sf = new float[x.length + 5];
            float[] tf = new float[x.length + 5];
            Gates.sigmoid(x, offset, s, 5, n);
            Gates.tanh(x, offset, t, 5, n);
            Gates.sigmoid(xf, offset, sf, 5, n);
            Gates.tanh(xf, offset, tf, 5, n);
            for (int i = 0; i < n; i++) {
                double v = x[offset + i];
                assertEquals(
                        Double.doubleToRawLongBits(Gates.sigmoid(v)), Double.doubleToRawLongBits(s[5 + i]), "" + v);
                assertEquals(Double.doubleToRawLongBits(Gates.tanh(v)), Double.doubleToRawLongBits(t[5 + i]), "" + v);
                float w = xf[offset + i];
                assertEquals(Float.floatToRawIntBits(Gates.sigmoid(w)), Float.floatToRawIntBits(sf[5 + i]), "" + w);
                assertEquals(Float.floatToRawIntBits(Gates.tanh(w)), Float.floatToRawIntBits(tf[5 + i]), "" + w);
            }
        }
    }
}
