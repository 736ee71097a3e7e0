package org.learnbench.optim.rules;

/**
 * AdamW (Loshchilov &amp; Hutter 2019): Adam's update, with weight decay decoupled from the gradient. The
 * decay itself (theta -= lr * decay * theta, before the step) belongs to the gradient-descent optimizer,
 * whose decoupled decay defaults to torch.optim.AdamW's 0.01 for this rule; the moments are Adam's.
 * Defaults lr 1e-3, b1 0.9, b2 0.999, eps 1e-8.
 */
public record AdamW(double beta1, double beta2, double eps) implements UpdateRule {
    public AdamW {
        new Adam(beta1, beta2, eps);
    }

    /** The torch.optim.AdamW defaults of the moments. */
    public static AdamW defaults() {
        return new AdamW(0.9, 0.999, 1e-8);
    }

    /** The weight decay torch.optim.AdamW applies when none is given. */
    public static final double DEFAULT_DECOUPLED_WEIGHT_DECAY = 0.01;

    @Override
    public double defaultLearningRate() {
        return 1e-3;
    }

    @Override
    public int flopsPerParameter() {
        return new Adam(beta1, beta2, eps).flopsPerParameter();
    }

    @Override
    public Stepper start(int dimension) {
        return new Adam(beta1, beta2, eps).start(dimension);
    }
}
