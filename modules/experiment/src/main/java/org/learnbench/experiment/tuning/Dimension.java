package org.learnbench.experiment.tuning;

import java.util.List;
import java.util.Locale;

/**
 * One hyperparameter's range in a search space: its dotted key in the optimizer's section (such as
 * {@code learning_rate} or {@code mutation.sigma}) and how a coordinate u in [0, 1) of a trial point maps to
 * a value, which is written into the trial's config as the text a user would write.
 */
public sealed interface Dimension {
    /** The dotted key of the optimizer setting this dimension varies. */
    String key();

    /** The value at coordinate {@code u} in [0, 1), as config text. */
    String value(double u);

    /** The values a space is checked with before any trial runs (a range's ends, every choice). */
    List<String> checkValues();

    /** "log-uniform [1e-05, 0.1]", for reports and messages. */
    String describe();

    /** Values log-uniform in [low, high]: equal chances per decade, for scale parameters (rates, sigmas). */
    record LogUniform(String key, double low, double high) implements Dimension {
        @Override
        public String value(double u) {
            double v = Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
            return Double.toString(Math.min(high, Math.max(low, v)));
        }

        @Override
        public List<String> checkValues() {
            return List.of(Double.toString(low), Double.toString(high));
        }

        @Override
        public String describe() {
            return "log-uniform [" + number(low) + ", " + number(high) + "]";
        }
    }

    /** Values uniform in [low, high]. */
    record Uniform(String key, double low, double high) implements Dimension {
        @Override
        public String value(double u) {
            return Double.toString(Math.min(high, low + u * (high - low)));
        }

        @Override
        public List<String> checkValues() {
            return List.of(Double.toString(low), Double.toString(high));
        }

        @Override
        public String describe() {
            return "uniform [" + number(low) + ", " + number(high) + "]";
        }
    }

    /** Whole numbers low..high, each equally likely. */
    record IntRange(String key, long low, long high) implements Dimension {
        @Override
        public String value(double u) {
            long span = high - low + 1;
            return Long.toString(low + Math.min(span - 1, (long) Math.floor(u * span)));
        }

        @Override
        public List<String> checkValues() {
            return List.of(Long.toString(low), Long.toString(high));
        }

        @Override
        public String describe() {
            return "integer " + low + ".." + high;
        }
    }

    /** One of a list of values, each equally likely. */
    record Choice(String key, List<String> values) implements Dimension {
        public Choice {
            values = List.copyOf(values);
        }

        @Override
        public String value(double u) {
            return values.get(Math.min(values.size() - 1, (int) Math.floor(u * values.size())));
        }

        @Override
        public List<String> checkValues() {
            return values;
        }

        @Override
        public String describe() {
            return "one of " + String.join(", ", values);
        }
    }

    /** A number in at most four significant digits, without trailing zeros. */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            String[] parts = s.split("e");
            String mantissa =
                    parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            return mantissa + "e" + Integer.parseInt(parts[1]);
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
