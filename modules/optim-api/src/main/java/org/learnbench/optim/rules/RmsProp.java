package org.learnbench.optim.rules;

/**
 * RMSprop (Tieleman &amp; Hinton 2012), torch semantics without momentum or centring: v = alpha v + (1 -
 * alpha) g^2; theta -= lr g / (sqrt(v) + eps). Defaults lr 1e-2, alpha 0.99, eps 1e-8.
 */
public record RmsProp(double alpha, double eps) implements UpdateRule {
    public RmsProp {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("RMSprop alpha must be in [0, 1), got " + alpha);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("RMSprop eps must be > 0, got " + eps);
        }
    }

    /** The torch.optim.RMSprop defaults. */
    public static RmsProp defaults() {
        return new RmsProp(0.99, 1e-8);
    }

    @Override
    public double defaultLearningRate() {
        return 1e-2;
    }

    @Override
    public int flopsPerParameter() {
        return 8;
    }

    @Override
    public Stepper start(int dimension) {
        double[] v = new double[dimension];
        return (params, grad, lr) -> {
            for (int i = 0; i < params.length; i++) {
                double g = grad[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                params[i] -= lr * g / (Math.sqrt(v[i]) + eps);
            }
        };
    }
}
