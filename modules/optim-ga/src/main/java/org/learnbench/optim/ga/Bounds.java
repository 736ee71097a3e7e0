package org.learnbench.optim.ga;

/** Box constraints on every gene: values outside [min, max] are clipped after variation. */
public record Bounds(double min, double max) {
    public Bounds {
        if (!(min < max)) {
            throw new IllegalArgumentException("bounds need min < max, got [" + min + ", " + max + "]");
        }
    }

    void clip(double[] genes) {
        for (int i = 0; i < genes.length; i++) {
            genes[i] = Math.min(max, Math.max(min, genes[i]));
        }
    }
}
