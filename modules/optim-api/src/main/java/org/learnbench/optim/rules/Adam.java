package org.learnbench.optim.rules;

/**
 * Adam (Kingma &amp; Ba 2015), torch semantics: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; theta -=
 * lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps). AdamW is this rule with decoupled weight decay,
 * which the gradient-descent optimizer applies before the step. Defaults lr 1e-3, b1 0.9, b2 0.999, eps 1e-8.
 */
public record Adam(double beta1, double beta2, double eps) implements UpdateRule {
    public Adam {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("Adam eps must be > 0, got " + eps);
        }
    }

    /** The torch.optim.Adam defaults. */
    public static Adam defaults() {
        return new Adam(0.9, 0.999, 1e-8);
    }

    @Override
    public double defaultLearningRate() {
        return 1e-3;
    }

    @Override
    public int flopsPerParameter() {
        return 12;
    }

    @Override
    public Stepper start(int dimension) {
        double[] m = new double[dimension];
        double[] v = new double[dimension];
        return new Stepper() {
            private int t;

            @Override
            public void apply(double[] params, double[] grad, double lr) {
                t++;
                double c1 = 1 - Math.pow(beta1, t);
                double c2 = 1 - Math.pow(beta2, t);
                for (int i = 0; i < params.length; i++) {
                    double g = grad[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * g;
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                    params[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
                }
            }
        };
    }
}
