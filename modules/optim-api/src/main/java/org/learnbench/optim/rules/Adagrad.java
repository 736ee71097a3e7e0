package org.learnbench.optim.rules;

/**
 * Adagrad (Duchi et al. 2011), torch semantics with no learning-rate decay: s += g^2; theta -= lr g /
 * (sqrt(s) + eps). Defaults lr 1e-2, eps 1e-10.
 */
public record Adagrad(double eps) implements UpdateRule {
    public Adagrad {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("Adagrad eps must be > 0, got " + eps);
        }
    }

    /** The torch.optim.Adagrad defaults. */
    public static Adagrad defaults() {
        return new Adagrad(1e-10);
    }

    @Override
    public double defaultLearningRate() {
        return 1e-2;
    }

    @Override
    public int flopsPerParameter() {
        return 6;
    }

    @Override
    public Stepper start(int dimension) {
        double[] s = new double[dimension];
        return (params, grad, lr) -> {
            for (int i = 0; i < params.length; i++) {
                double g = grad[i];
                s[i] += g * g;
                params[i] -= lr * g / (Math.sqrt(s[i]) + eps);
            }
        };
    }
}
