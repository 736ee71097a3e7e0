package org.learnbench.optim.rules;

/**
 * Gradient-norm clipping with torch's semantics (torch.nn.utils.clip_grad_norm_): when the global L2 norm
 * exceeds {@code maxNorm}, the gradient is scaled by maxNorm / (norm + 1e-6). Shared by every learner
 * that clips.
 */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Clips {@code g} in place to global norm {@code maxNorm} (0 = never) and returns the floating-point
     * operations it took (3 per element when clipping is on, whether or not it scaled).
     */
    public static long clipGlobalNorm(double[] g, double maxNorm) {
        if (maxNorm <= 0) {
            return 0;
        }
        double sq = 0;
        for (double v : g) {
            sq += v * v;
        }
        double coefficient = maxNorm / (Math.sqrt(sq) + 1e-6);
        if (coefficient < 1) {
            for (int i = 0; i < g.length; i++) {
                g[i] *= coefficient;
            }
        }
        return 3L * g.length;
    }
}
