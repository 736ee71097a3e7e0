package org.learnbench.tasks.control;

/**
 * The elementary functions the environments' physics evaluates, behind one seam so that a test can substitute
 * another platform's results and check the arithmetic around them bit for bit.
 *
 * <p>The environments use {@link #STRICT}: {@link StrictMath}, whose results Java specifies exactly (fdlibm), so
 * a trajectory is the same double sequence on every machine and JVM. Gymnasium takes its cosines and sines from
 * the platform instead: glibc on Linux, or numpy's own AVX-512 code on CPUs that have it (numpy/numpy#23523).
 * These disagree in the last bit for some arguments (fdlibm and glibc for 180 of the 12,846 calls of the Acrobot
 * golden episodes; numpy's AVX-512 code and glibc for most), so Gymnasium's own trajectories differ between
 * machines. Given the same elementary function results, these environments produce Gymnasium's doubles exactly
 * (GymnasiumGoldenTest).
 */
interface ElementaryFunctions {
    /** The cosine, {@code np.cos} or {@code math.cos} in Gymnasium. */
    double cos(double x);

    /** The sine, {@code np.sin} in Gymnasium. */
    double sin(double x);

    /**
     * The square Gymnasium writes as {@code x**2}, which Python and numpy evaluate with the C library's
     * {@code pow(x, 2.0)}; the exactly rounded {@code x * x} here (glibc's pow rounds about one square in a
     * thousand the other way).
     */
    double square(double x);

    /** StrictMath's cosine and sine and the exactly rounded square: the same results on every platform. */
    ElementaryFunctions STRICT = new ElementaryFunctions() {
        @Override
        public double cos(double x) {
            return StrictMath.cos(x);
        }

        @Override
        public double sin(double x) {
            return StrictMath.sin(x);
        }

        @Override
        public double square(double x) {
            return x * x;
        }
    };
}
