package org.learnbench.optim;

import java.time.Duration;

/** Durations as people read them in messages: "850 ms", "3 s", "2 min 5 s", "1 h 4 min" (never "PT3S"). */
public final class Durations {
    private Durations() {}

    /** The duration in the largest two units that matter. */
    public static String format(Duration d) {
        return format(d.toNanos());
    }

    /** A duration in nanoseconds; negative values read as 0. */
    public static String format(long nanos) {
        long n = Math.max(0, nanos);
        if (n < 1_000_000_000L) {
            long ms = Math.round(n / 1e6);
            return ms < 1000 ? ms + " ms" : "1 s";
        }
        long s = Math.round(n / 1e9);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        long m = Math.round(s / 60.0);
        return m / 60 + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
    }
}
