package org.learnbench.experiment.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.RunListener;

/**
 * Prints a run's progress, one line per checkpoint (at most about two a second, plus the first and the
 * last): the epoch, the primary cost clock, and the losses and metrics.
 */
final class ProgressPrinter implements RunListener {
    private static final long MIN_INTERVAL_NANOS = 500_000_000L;
    private final PrintWriter out;
    private final String prefix;
    private final String iterationName;
    private final long totalIterations;
    private long lastPrinted = Long.MIN_VALUE;
    private Checkpoint pending;

    ProgressPrinter(PrintWriter out, String prefix, String iterationName, long totalIterations) {
        this.out = out;
        this.prefix = prefix;
        this.iterationName = iterationName;
        this.totalIterations = totalIterations;
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
        StringBuilder s = new StringBuilder(prefix);
        s.append(String.format(Locale.ROOT, "%s %d", iterationName, c.iteration()));
        if (totalIterations > 0) {
            s.append('/').append(totalIterations);
        }
        s.append(String.format(
                Locale.ROOT,
                "  sfp %s  %.1fs",
                compact(c.clocks().sampleForwardPasses()),
                c.clocks().wallNanos() / 1e9));
        for (Map.Entry<String, Double> m : c.metrics().entrySet()) {
            s.append(String.format(Locale.ROOT, "  %s %.4g", m.getKey(), m.getValue()));
        }
        out.println(s);
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
