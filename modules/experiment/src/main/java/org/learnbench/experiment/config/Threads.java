package org.learnbench.experiment.config;

/**
 * The one meaning of {@code threads}, in configs, studies and on the command line: how many threads one
 * run's arithmetic may use. {@code auto} (0) gives each of the runs going at once an equal share of the
 * cores. Results never depend on it.
 */
public final class Threads {
    private Threads() {}

    /** Parses a whole number >= 1 or "auto" (0). */
    public static int parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(t);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a whole number of threads >= 1 or auto, got '" + t + "'");
    }

    /** The threads of one run when {@code runsAtOnce} runs share the machine: {@code threads}, or the share for auto. */
    public static int resolve(int threads, int runsAtOnce) {
        if (threads > 0) {
            return threads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, runsAtOnce));
    }
}
