package org.learnbench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started without {@code --add-modules jdk.incubator.vector} falls back to the scalar kernel. */
class WithoutVectorModuleTest {
    @Test
    void aJvmWithoutTheModuleMultipliesCorrectlyOnTheScalarKernel() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals("SCALAR false true", out);
        assertEquals(0, p.exitValue(), out);
    }

    /** Run in the child JVM: prints the kernel, whether the vector one is available, and a check. */
    static final class Child {
        public static void main(String[] args) {
            SplittableRandom rng = new SplittableRandom(1);
            Matrix a = Matrix.zeros(70, 300).fillUniform(rng, -1, 1);
            Matrix b = Matrix.zeros(300, 90).fillUniform(rng, -1, 1);
            MatrixOps ops = MatrixOps.withThreads(2);
            Matrix c = ops.mult(a, b, null);
            boolean ikj = true; // the scalar kernel is the i-k-j loop bit for bit
            for (int i = 0; i < 70; i++) {
                for (int j = 0; j < 90; j++) {
                    double s = 0;
                    for (int p = 0; p < 300; p++) {
                        s = s + a.get(i, p) * b.get(p, j);
                    }
                    ikj &= s == c.get(i, j);
                }
            }
            float[] x = {1, 2, 3, 4};
            float[] y = new float[4];
            ops.sgemm(false, false, 2, 2, 2, x, 0, 2, x, 0, 2, y, 0, 2);
            ikj &= y[0] == 7 && y[3] == 22;
            // The element-wise operations that have vector versions fall back too.
            Matrix biased = ops.addRowVector(c, Matrix.zeros(1, 90).fill(1), null);
            ikj &= biased.get(3, 4) == c.get(3, 4) + 1;
            FloatMatrix f = ops.addRowVector(
                    FloatMatrix.zeros(2, 3), FloatMatrix.zeros(1, 3).fill(2), null);
            ikj &= f.get(1, 2) == 2f;
            // So do the recurrent gates' functions, with the same bits as one value at a time.
            double[] g = {-3, -0.5, 0, 0.25, 1, 2, 7, 30, -40};
            double[] tg = new double[g.length];
            Gates.tanh(g, 0, tg, 0, g.length);
            float[] gf = {-3, -0.5f, 0, 0.25f, 1, 2, 7, 30, -40};
            float[] sg = new float[gf.length];
            Gates.sigmoid(gf, 0, sg, 0, gf.length);
            for (int i = 0; i < g.length; i++) {
                ikj &= tg[i] == Gates.tanh(g[i]) && sg[i] == Gates.sigmoid(gf[i]);
            }
            System.out.println(ops.kernel() + " " + MatrixOps.Kernel.VECTOR.available() + " " + ikj);
        }
    }
}
