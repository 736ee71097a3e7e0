package org.learnbench.optim.rules;

/**
 * A gradient update rule (SGD with momentum, Adam, RMSprop, Adagrad), with the semantics and defaults
 * of torch.optim. A rule is an immutable configuration; {@link #start} makes the per-run state.
 */
public sealed interface UpdateRule permits Sgd, Adam, AdamW, RmsProp, Adagrad {
    /** The learning rate torch.optim uses when none is given. */
    double defaultLearningRate();

    /** Fresh optimizer state (moment buffers, step count) for a parameter vector of the given size. */
    Stepper start(int dimension);

    /** Floating-point operations of one update, per parameter (for the FLOP clock). */
    int flopsPerParameter();

    /** The state of a rule during a run: applies one update in place. */
    interface Stepper {
        /** params -= update(grad) with learning rate lr; grad may be modified. */
        void apply(double[] params, double[] grad, double lr);
    }
}
