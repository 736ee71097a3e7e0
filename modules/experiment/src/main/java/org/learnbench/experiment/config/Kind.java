package org.learnbench.experiment.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a setting's value: how it is read from a config mapping, how it is written into the
 * resolved config (plain maps, lists, strings, numbers and booleans, as JSON holds them), and how the key
 * reference names it.
 *
 * @param <V> the Java value the built objects hold
 */
public interface Kind<V> {
    /** Reads the (present) value of {@code key} in {@code node}; {@code values} holds what was read before it. */
    V read(ConfigNode node, String key, Values values);

    /** Reads the value from a mapping of its own (for section kinds; an absent section reads an empty one). */
    default V readMapping(ConfigNode mapping, Values values) {
        throw new IllegalStateException(describe() + " is not a section");
    }

    /** The value as the resolved config records it. */
    Object plain(V value, Scope scope);

    /** What the key reference says the value is, e.g. "number" or "relu | tanh". */
    String describe();

    /** A real number. */
    Kind<Double> NUMBER = recordedAsRead("number", (node, key) -> node.number(key, 0));

    /** A whole number that fits an int. */
    Kind<Integer> INT = recordedAsRead("whole number", (node, key) -> node.intValue(key, 0, Integer.MIN_VALUE));

    /** A whole number. */
    Kind<Long> LONG = recordedAsRead("whole number", (node, key) -> node.integer(key, 0));

    /** true or false. */
    Kind<Boolean> BOOL = recordedAsRead("true | false", (node, key) -> node.bool(key, false));

    /** Free text. */
    Kind<String> TEXT = recordedAsRead("text", (node, key) -> node.string(key));

    /** A list of whole numbers (a single number is a list of one). */
    Kind<List<Integer>> INTS = new Kind<>() {
        @Override
        public List<Integer> read(ConfigNode node, String key, Values values) {
            return node.integers(key, 0).stream().map(Long::intValue).toList();
        }

        @Override
        public Object plain(List<Integer> value, Scope scope) {
            return List.copyOf(value);
        }

        @Override
        public String describe() {
            return "list of whole numbers";
        }
    };

    /** A list of names (a single name is a list of one). */
    Kind<List<String>> TEXTS = new Kind<>() {
        @Override
        public List<String> read(ConfigNode node, String key, Values values) {
            return node.strings(key);
        }

        @Override
        public Object plain(List<String> value, Scope scope) {
            return List.copyOf(value);
        }

        @Override
        public String describe() {
            return "list of names";
        }
    };

    /** A positive duration such as 90s, 10m or 2h; recorded in milliseconds ("5000ms"). */
    Kind<Duration> DURATION = new Kind<>() {
        private final Pattern form = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)");

        @Override
        public Duration read(ConfigNode node, String key, Values values) {
            String text = node.string(key).trim().toLowerCase(Locale.ROOT);
            Matcher m = form.matcher(text);
            if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
                throw node.error(key, "expected a positive duration such as 90s, 10m or 2h, got '" + text + "'");
            }
            double amount = Double.parseDouble(m.group(1));
            double millis =
                    switch (m.group(2)) {
                        case "ms" -> amount;
                        case "s" -> amount * 1e3;
                        case "m", "min" -> amount * 60e3;
                        default -> amount * 3600e3;
                    };
            return Duration.ofMillis(Math.max(1, Math.round(millis)));
        }

        @Override
        public Object plain(Duration value, Scope scope) {
            return value.toMillis() + "ms";
        }

        @Override
        public String describe() {
            return "duration (90s, 10m, 2h)";
        }
    };

    /** A whole number >= 1, or {@code full} (held as 0): a batch of that many samples or all of them. */
    Kind<Integer> BATCH = new Kind<>() {
        @Override
        public Integer read(ConfigNode node, String key, Values values) {
            if (node.string(key).equalsIgnoreCase("full")) {
                return 0;
            }
            int n = node.intValue(key, 0, Integer.MIN_VALUE);
            if (n < 1) {
                throw node.error(key, "expected a whole number >= 1 or full, got '" + n + "'");
            }
            return n;
        }

        @Override
        public Object plain(Integer value, Scope scope) {
            return value == 0 ? "full" : value;
        }

        @Override
        public String describe() {
            return "whole number >= 1 | full";
        }
    };

    /**
     * Seeds: a list of whole numbers in [0, 2^63), a range {@code a..b} (both included), or a list mixing
     * both; distinct. A bare number is a single seed only under the key {@code seed}: under {@code seeds}
     * it would read as a count in some tools and as a seed in others, so it is refused.
     */
    Kind<List<Long>> SEEDS = new Kind<>() {
        @Override
        public List<Long> read(ConfigNode node, String key, Values values) {
            if (key.equals("seeds")
                    && !node.isListOfScalars(key)
                    && !node.string(key).contains("..")) {
                String n = node.string(key);
                throw node.error(
                        key,
                        "a single number is ambiguous here: write seeds: [" + n + "] for the one seed " + n
                                + ", or seeds: 1.." + n + " for seeds 1 to " + n);
            }
            try {
                return SeedList.parse(String.join(",", node.strings(key)));
            } catch (IllegalArgumentException e) {
                throw node.error(key, e.getMessage());
            }
        }

        @Override
        public Object plain(List<Long> value, Scope scope) {
            return List.copyOf(value);
        }

        @Override
        public String describe() {
            return "list of seeds, or a range a..b";
        }
    };

    /** Threads: a whole number >= 1, or {@code auto} (held as 0) for the cores left to each run. */
    Kind<Integer> THREADS = new Kind<>() {
        @Override
        public Integer read(ConfigNode node, String key, Values values) {
            try {
                return Threads.parse(node.string(key));
            } catch (IllegalArgumentException e) {
                throw node.error(key, e.getMessage());
            }
        }

        @Override
        public Object plain(Integer value, Scope scope) {
            return value == 0 ? "auto" : value;
        }

        @Override
        public String describe() {
            return "whole number >= 1 | auto";
        }
    };

    /** A list of numbers (a single number is a list of one). */
    Kind<List<Double>> NUMBERS = new Kind<>() {
        @Override
        public List<Double> read(ConfigNode node, String key, Values values) {
            List<Double> out = new ArrayList<>();
            for (String t : node.strings(key)) {
                try {
                    out.add(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw node.error(key, "expected a list of numbers, got '" + t + "'");
                }
            }
            return out;
        }

        @Override
        public Object plain(List<Double> value, Scope scope) {
            return List.copyOf(value);
        }

        @Override
        public String describe() {
            return "list of numbers";
        }
    };

    /** A mapping handed on as it stands, for a reader that takes it apart itself (a study's entries). */
    Kind<ConfigNode> MAPPING = new Kind<>() {
        @Override
        public ConfigNode read(ConfigNode node, String key, Values values) {
            return node.map(key);
        }

        @Override
        public Object plain(ConfigNode value, Scope scope) {
            throw new UnsupportedOperationException("a study's mapping is not part of a resolved config");
        }

        @Override
        public String describe() {
            return "mapping";
        }
    };

    /** One of fixed names (case-insensitive), held as the lower-case name. */
    static Kind<String> choice(List<String> names) {
        List<String> choices = List.copyOf(names);
        return new Kind<>() {
            @Override
            public String read(ConfigNode node, String key, Values values) {
                return node.choice(key, null, choices);
            }

            @Override
            public Object plain(String value, Scope scope) {
                return value;
            }

            @Override
            public String describe() {
                return String.join(" | ", choices);
            }
        };
    }

    /** One of an enum's constants, named in lower case in configs. */
    static <E extends Enum<E>> Kind<E> of(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        Kind<String> names0 = choice(names);
        return new Kind<>() {
            @Override
            public E read(ConfigNode node, String key, Values values) {
                return Enum.valueOf(type, names0.read(node, key, values).toUpperCase(Locale.ROOT));
            }

            @Override
            public Object plain(E value, Scope scope) {
                return value.name().toLowerCase(Locale.ROOT);
            }

            @Override
            public String describe() {
                return names0.describe();
            }
        };
    }

    /** A nested mapping read by a section of its own. */
    static <T> Kind<T> section(Section<T> section) {
        return new SectionKind<>(section);
    }

    /** The kind of a nested section. */
    final class SectionKind<T> implements Kind<T>, Setting.Nested {
        private final Section<T> section;

        SectionKind(Section<T> section) {
            this.section = section;
        }

        @Override
        public java.util.List<Section<?>> sections() {
            return java.util.List.of(section);
        }

        @Override
        public T read(ConfigNode node, String key, Values values) {
            return section.read(node.map(key), values);
        }

        @Override
        public T readMapping(ConfigNode mapping, Values values) {
            return section.read(mapping, values);
        }

        @Override
        public Object plain(T value, Scope scope) {
            return section.resolve(value, scope);
        }

        @Override
        public String describe() {
            return "mapping";
        }
    }

    /** How a kind recorded as it is read takes its value from a mapping. */
    @FunctionalInterface
    interface Reader<V> {
        V read(ConfigNode node, String key);
    }

    /** A kind of single value whose resolved form is the value itself (numbers, booleans, text). */
    private static <V> Kind<V> recordedAsRead(String description, Reader<V> reader) {
        return new Kind<>() {
            @Override
            public V read(ConfigNode node, String key, Values values) {
                return reader.read(node, key);
            }

            @Override
            public Object plain(V value, Scope scope) {
                return value;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** Variants read from a nested mapping, e.g. {@code schedule: {type: cosine, period: 50}}. */
    static <T> Kind<T> variants(Variants<T> variants) {
        return variants.nestedKind();
    }
}
