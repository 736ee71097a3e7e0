package org.learnbench.optim.rules;

/**
 * Stochastic gradient descent with optional momentum mu, dampening tau and Nesterov momentum (torch
 * semantics): b = mu b + (1 - tau) g (b = g at the first step); g = nesterov ? g + mu b : b; theta -=
 * lr g. Plain SGD when mu = 0.
 */
public record Sgd(double momentum, double dampening, boolean nesterov) implements UpdateRule {
    public Sgd {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
    }

    /** Plain SGD. */
    public static Sgd plain() {
        return new Sgd(0, 0, false);
    }

    @Override
    public double defaultLearningRate() {
        return 1e-2;
    }

    @Override
    public int flopsPerParameter() {
        return momentum == 0 ? 2 : (nesterov ? 7 : 5);
    }

    @Override
    public Stepper start(int dimension) {
        double[] buffer = momentum == 0 ? null : new double[dimension];
        return new Stepper() {
            private boolean first = true;

            @Override
            public void apply(double[] params, double[] grad, double lr) {
                if (buffer == null) {
                    for (int i = 0; i < params.length; i++) {
                        params[i] -= lr * grad[i];
                    }
                    return;
                }
                for (int i = 0; i < params.length; i++) {
                    double g = grad[i];
                    double b = first ? g : momentum * buffer[i] + (1 - dampening) * g;
                    buffer[i] = b;
                    params[i] -= lr * (nesterov ? g + momentum * b : b);
                }
                first = false;
            }
        };
    }
}
