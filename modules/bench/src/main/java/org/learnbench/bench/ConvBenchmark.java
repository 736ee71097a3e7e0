package org.learnbench.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Conv2d;
import org.learnbench.nn.Initializer;
import org.learnbench.nn.Pass;
import org.learnbench.nn.Precision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How {@link Conv2d} should compute a convolution: im2col and the project's multiply (what it does) against a
 * direct loop, on the two convolutions of the LeNet-5-style network of issue 17, one thread, microseconds per
 * forward pass of a batch.
 *
 * <p>Parameters: {@code layer} conv1 is 1x28x28 -> 6@5x5 pad 2 (few channels: the case most favourable to a
 * direct loop, K = 25), conv2 6x14x14 -> 16@5x5 (K = 150, P = 100); batch 64, the smaller training
 * batch; both precisions, since float32 doubles the multiply's throughput but not a scalar loop's. The direct
 * loop is the textbook one arranged for C2's auto-vectorisation: per sample and filter, for each kernel tap a
 * scaled row of the input added into a row of the output (contiguous for stride 1), so every output element's
 * sum runs over (channel, tap) in the same order as im2col's. Since this comparison, {@link Conv2d}'s float32
 * pass with stride 1 no longer lays the patches out but reads them in a padded copy of each sample (the same
 * products and bits; see its class comment), so the float32 IM2COL rows measure that path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class ConvBenchmark {
    /** See the class comment. */
    @Param({"conv1", "conv2"})
    public String layer;

    /** IM2COL: {@link Conv2d#forward} (im2col in float64, patches read in place in float32); DIRECT: {@link #direct}. */
    @Param({"IM2COL", "DIRECT"})
    public String method;

    @Param({"FLOAT32", "FLOAT64"})
    public Precision precision;

    private static final int BATCH = 64;

    private int channels;
    private int size;
    private int filters;
    private int kernel;
    private int padding;
    private int outSize;
    private Conv2d conv;
    private MatrixOps ops;
    private Matrix x;
    private FloatMatrix xF;
    private double[] weights;
    private float[] weightsF;
    private double[] out;
    private float[] outF;

    private Pass trainingPass;

    @Setup(Level.Trial)
    public void setUp() {
        boolean first = layer.equals("conv1");
        channels = first ? 1 : 6;
        size = first ? 28 : 14;
        filters = first ? 6 : 16;
        kernel = 5;
        padding = first ? 2 : 0;
        outSize = size + 2 * padding - kernel + 1;
        SplittableRandom random = new SplittableRandom(1);
        conv = new Conv2d(channels, size, size, filters, kernel, kernel, 1, padding, Initializer.HE_UNIFORM, 1);
        weights = new double[conv.parameterCount()];
        weightsF = new float[weights.length];
        conv.bind(weights, new double[weights.length], 0);
        conv.bind(weightsF, new float[weights.length], 0);
        conv.initialize(random);
        for (int i = 0; i < weights.length; i++) {
            weightsF[i] = (float) weights[i];
        }
        x = Matrix.zeros(BATCH, conv.inputSize()).fillUniform(random, 0, 1);
        xF = FloatMatrix.roundedFrom(x);
        out = new double[BATCH * conv.outputSize()];
        outF = new float[out.length];
        ops = MatrixOps.withThreads(1);
        trainingPass = Pass.training(ops, new SplittableRandom(2));

        // The direct loop must compute the same convolution (up to the order of adding the bias).
        double[] viaLayer = conv.forward(trainingPass, x).toArray();
        direct(x.data(), weights, out);
        for (int i = 0; i < out.length; i++) {
            if (Math.abs(out[i] - viaLayer[i]) > 1e-12 * Math.max(1, Math.abs(out[i]))) {
                throw new IllegalStateException(
                        "direct and im2col differ at " + i + ": " + out[i] + " vs " + viaLayer[i]);
            }
        }
    }

    @Benchmark
    public Object forward() {
        Pass pass = trainingPass;
        if (method.equals("IM2COL")) {
            return precision == Precision.FLOAT32 ? conv.forward(pass, xF) : conv.forward(pass, x);
        }
        if (precision == Precision.FLOAT32) {
            direct(xF.data(), weightsF, outF);
            return outF;
        }
        direct(x.data(), weights, out);
        return out;
    }

    /** The direct convolution, stride 1, in double: per sample and filter, tap by tap, row by row. */
    private void direct(double[] in, double[] w, double[] y) {
        int plane = size * size;
        int outPlane = outSize * outSize;
        int taps = kernel * kernel;
        int biasAt = filters * channels * taps;
        for (int n = 0; n < BATCH; n++) {
            for (int o = 0; o < filters; o++) {
                int yo = (n * filters + o) * outPlane;
                java.util.Arrays.fill(y, yo, yo + outPlane, 0.0);
                for (int c = 0; c < channels; c++) {
                    int xc = (n * channels + c) * plane;
                    for (int ki = 0; ki < kernel; ki++) {
                        for (int kj = 0; kj < kernel; kj++) {
                            double wk = w[((o * channels + c) * kernel + ki) * kernel + kj];
                            int oxFrom = Math.max(0, padding - kj);
                            int oxTo = Math.min(outSize, size + padding - kj);
                            for (int oy = Math.max(0, padding - ki);
                                    oy < Math.min(outSize, size + padding - ki);
                                    oy++) {
                                int yr = yo + oy * outSize;
                                int xr = xc + (oy + ki - padding) * size + kj - padding;
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    y[yr + ox] += wk * in[xr + ox];
                                }
                            }
                        }
                    }
                }
                double b = w[biasAt + o];
                for (int p = yo; p < yo + outPlane; p++) {
                    y[p] += b;
                }
            }
        }
    }

    /** {@link #direct(double[], double[], double[])} in float. */
    private void direct(float[] in, float[] w, float[] y) {
        int plane = size * size;
        int outPlane = outSize * outSize;
        int taps = kernel * kernel;
        int biasAt = filters * channels * taps;
        for (int n = 0; n < BATCH; n++) {
            for (int o = 0; o < filters; o++) {
                int yo = (n * filters + o) * outPlane;
                java.util.Arrays.fill(y, yo, yo + outPlane, 0f);
                for (int c = 0; c < channels; c++) {
                    int xc = (n * channels + c) * plane;
                    for (int ki = 0; ki < kernel; ki++) {
                        for (int kj = 0; kj < kernel; kj++) {
                            float wk = w[((o * channels + c) * kernel + ki) * kernel + kj];
                            int oxFrom = Math.max(0, padding - kj);
                            int oxTo = Math.min(outSize, size + padding - kj);
                            for (int oy = Math.max(0, padding - ki);
                                    oy < Math.min(outSize, size + padding - ki);
                                    oy++) {
                                int yr = yo + oy * outSize;
                                int xr = xc + (oy + ki - padding) * size + kj - padding;
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    y[yr + ox] += wk * in[xr + ox];
                                }
                            }
                        }
                    }
                }
                float b = w[biasAt + o];
                for (int p = yo; p < yo + outPlane; p++) {
                    y[p] += b;
                }
            }
        }
    }
}
