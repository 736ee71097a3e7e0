package org.learnbench.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recorded point of a run: the clocks, the last iteration's training objective, and the
 * monitoring metrics of the search's solution at that moment.
 *
 * @param objective the training objective of the last iteration (NaN at iteration 0)
 * @param metrics metric name to value, in the problem's order
 */
public record Checkpoint(Clocks clocks, double objective, Map<String, Double> metrics) {
    public Checkpoint {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public long iteration() {
        return clocks.iterations();
    }

    /** A metric's value, or NaN if the problem does not report it. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }
}
