package org.learnbench.nn;

import java.util.Locale;

/**
 * The floating-point format a network stores its weights, activations and gradients in and computes
 * with: IEEE double (the default, and what gradient checks use) or IEEE single.
 *
 * <p>A {@link #FLOAT32} network still talks to optimizers through double vectors (a genome, a parameter
 * vector with its optimizer state): every vector it loads is rounded to the nearest floats, and its
 * gradients are widened exactly. So the optimizer keeps higher-precision master weights, as
 * mixed-precision training does. Every layer's forward and backward pass is single precision. On the
 * supervised problem's training, evaluation and fitness paths so are the data and the loss; the
 * policy-gradient paths (control tasks, the contextual bandit) compute their losses from the outputs
 * widened to double and round the gradient back, as the network's double methods do.
 */
public enum Precision {
    /** IEEE 754 binary64: 53-bit significands. */
    FLOAT64,
    /** IEEE 754 binary32: 24-bit significands; about twice the multiply throughput and half the memory. */
    FLOAT32;

    /** The name configs use: "float64" or "float32". */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision of a config name, or null when the name is neither "float64" nor "float32". */
    public static Precision fromConfigName(String name) {
        for (Precision p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
