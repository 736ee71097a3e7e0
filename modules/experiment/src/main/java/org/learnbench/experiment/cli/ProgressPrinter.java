package org.learnbench.experiment.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.learnbench.optim.Budget;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Durations;
import org.learnbench.optim.RunListener;

/**
 * Prints a run's progress, one line of at most {@link #WIDTH} characters per checkpoint (at most about two
 * a second, plus the first and the last): the iteration, the share of the budget used and the time left
 * at that pace, then the train and validation metrics the run has (a metric without a value, such as a
 * value loss in a run without a value network, is left out).
 */
final class ProgressPrinter implements RunListener {
    /** The widest line printed, so lines fit a terminal of 100 columns. */
    static final int WIDTH = 100;

    private static final long MIN_INTERVAL_NANOS = 500_000_000L;
    private final PrintWriter out;
    private final String prefix;
    private final String iterationName;
    private final Budget budget;
    private long lastPrinted = Long.MIN_VALUE;
    private Checkpoint pending;

    ProgressPrinter(PrintWriter out, String prefix, String iterationName, Budget budget) {
        this.out = out;
        this.prefix = prefix;
        this.iterationName = iterationName;
        this.budget = budget;
    }

    @Override
    public void onCheckpoint(Checkpoint c) {
        long now = System.nanoTime();
        if (lastPrinted != Long.MIN_VALUE && now - lastPrinted < MIN_INTERVAL_NANOS) {
            pending = c;
            return;
        }
        print(c);
        lastPrinted = now;
        pending = null;
    }

    @Override
    public void onFinish(org.learnbench.optim.RunResult result) {
        if (pending != null) {
            print(pending);
        }
    }

    private void print(Checkpoint c) {
        out.println(line(c));
    }

    String line(Checkpoint c) {
        StringBuilder s = new StringBuilder(prefix);
        s.append(String.format(Locale.ROOT, "%s %d", iterationName, c.iteration()));
        if (budget.maxIterations() > 0) {
            s.append('/').append(budget.maxIterations());
        }
        double f = budget.fractionUsed(c.clocks());
        s.append(String.format(Locale.ROOT, " %3.0f%%", 100 * f));
        if (f > 0 && f < 1) {
            long left = (long) (c.clocks().wallNanos() * (1 - f) / f);
            s.append(" ETA ").append(Durations.format(left));
        }
        for (Map.Entry<String, Double> m : c.metrics().entrySet()) {
            // Test metrics are for the end (the summary); a NaN is a metric this run does not have.
            if (m.getKey().startsWith("test_") || !Double.isFinite(m.getValue())) {
                continue;
            }
            String item = String.format(Locale.ROOT, "  %s %.4g", abbreviate(m.getKey()), m.getValue());
            if (s.length() + item.length() > WIDTH) {
                break;
            }
            s.append(item);
        }
        return s.toString();
    }

    /** Shorter metric names for progress lines (the files keep the full names). */
    private static String abbreviate(String name) {
        return name.replace("validation_", "val_").replace("accuracy", "acc");
    }

    static String compact(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        if (n < 10_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fG", n / 1e9);
    }
}
