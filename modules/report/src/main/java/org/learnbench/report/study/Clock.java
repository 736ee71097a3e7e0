package org.learnbench.report.study;

import java.util.function.ToDoubleFunction;
import org.learnbench.optim.Clocks;

/** A cost clock to put on the x axis of a study chart, read from a checkpoint's {@link Clocks}. */
public enum Clock {
    /** Completed iterations (epochs, generations, updates). */
    ITERATIONS("iterations", false, Clocks::iterations),
    /** Training forward passes plus two per backward pass, the workbench's primary cost clock. */
    SAMPLE_FORWARD_PASSES("sample-forward-passes", true, Clocks::sampleForwardPasses),
    /** Floating-point operations of the optimizer's work. */
    FLOPS("FLOPs", true, Clocks::flops),
    /** Elapsed wall-clock seconds. */
    WALL_SECONDS("wall-seconds", false, c -> c.wallNanos() / 1e9),
    /** Fitness evaluations. */
    EVALUATIONS("evaluations", true, Clocks::evaluations),
    /** Environment steps taken for the optimizer. */
    ENV_STEPS("env-steps", true, Clocks::envSteps),
    // Episodes grow in proportion to iterations for a fixed batch of episodes per update, so they read
    // best on the same linear axis as iterations.
    /** Episodes finished for the optimizer. */
    EPISODES("episodes", false, Clocks::episodes);

    private final String label;
    private final boolean logScale;
    private final ToDoubleFunction<Clocks> reading;

    Clock(String label, boolean logScale, ToDoubleFunction<Clocks> reading) {
        this.label = label;
        this.logScale = logScale;
        this.reading = reading;
    }

    /** This clock's value at the moment {@code clocks} were taken. */
    public double of(Clocks clocks) {
        if (clocks == null) {
            throw new IllegalArgumentException("clock " + label + " needs clocks to read, got null");
        }
        return reading.applyAsDouble(clocks);
    }

    /** The axis label, such as "sample-forward-passes". */
    public String label() {
        return label;
    }

    /** Whether the clock counts work that spans decades across optimizers, so its axis is logarithmic. */
    public boolean logScale() {
        return logScale;
    }
}
