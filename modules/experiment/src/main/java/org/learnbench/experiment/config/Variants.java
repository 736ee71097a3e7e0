package org.learnbench.experiment.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A choice between sections, named by a discriminator key: update rules ({@code rule: sgd}), schedules
 * ({@code type: cosine}), selection and crossover operators, task and optimizer types. The chosen
 * section reads the other keys; {@code nameOf} names the variant a built value belongs to, so resolving
 * writes the discriminator back.
 *
 * @param <T> what every variant builds
 */
public final class Variants<T> {
    private final String discriminator;
    private final Map<String, Section<? extends T>> sections;
    private final Function<T, String> nameOf;
    private final Function<Values, String> fallback;
    private final String fallbackText;

    private Variants(
            String discriminator,
            Map<String, Section<? extends T>> sections,
            Function<T, String> nameOf,
            Function<Values, String> fallback,
            String fallbackText) {
        this.discriminator = discriminator;
        this.sections = new LinkedHashMap<>(sections);
        this.nameOf = nameOf;
        this.fallback = fallback;
        this.fallbackText = fallbackText;
    }

    /**
     * Variants chosen by {@code discriminator}; {@code fallback} (null = required) picks one when the key is
     * absent, and {@code fallbackText} says which for the key reference.
     */
    public static <T> Variants<T> of(
            String discriminator,
            Map<String, Section<? extends T>> sections,
            Function<T, String> nameOf,
            Function<Values, String> fallback,
            String fallbackText) {
        return new Variants<>(discriminator, sections, nameOf, fallback, fallbackText);
    }

    public String discriminator() {
        return discriminator;
    }

    /** The variants' names, in declaration order. */
    public List<String> names() {
        return List.copyOf(sections.keySet());
    }

    /** The sections, for the key reference. */
    public Map<String, Section<? extends T>> sections() {
        return java.util.Collections.unmodifiableMap(sections);
    }

    /** The name of the variant a built value belongs to. */
    public String nameOf(T value) {
        return nameOf.apply(value);
    }

    String defaultText() {
        return fallbackText;
    }

    /** Reads the discriminator and the chosen section's keys from {@code node}. */
    T read(ConfigNode node, Values outer, boolean finish) {
        String name;
        if (node.has(discriminator)) {
            name = node.choice(discriminator, null, names());
        } else if (fallback == null) {
            node.choice(discriminator, null, names());
            throw node.error(discriminator, "missing (expected one of " + String.join(", ", names()) + ")");
        } else {
            node.choice(discriminator, null, names());
            name = fallback.apply(outer);
        }
        Values named = outer;
        Section<? extends T> section = sections.get(name);
        T built = finish ? section.read(node, named) : section.readShared(node, named);
        return built;
    }

    /** The resolved mapping of a built value: the discriminator first, then the variant's settings. */
    @SuppressWarnings("unchecked")
    Map<String, Object> resolve(T value, Scope scope) {
        String name = nameOf.apply(value);
        Section<T> section = (Section<T>) sections.get(name);
        if (section == null) {
            throw new IllegalArgumentException("no " + discriminator + " variant named '" + name + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(discriminator, name);
        out.putAll(section.resolve(value, scope));
        return out;
    }

    /** The kind of a setting whose value is a nested mapping holding the discriminator. */
    Kind<T> nestedKind() {
        return new VariantKind(false);
    }

    /** The kind of a setting whose key is the discriminator itself, the variant's keys beside it. */
    Kind<T> inlineKind(String key) {
        if (!key.equals(discriminator)) {
            throw new IllegalArgumentException("an inline variant's key must be its discriminator " + discriminator);
        }
        return new VariantKind(true);
    }

    private final class VariantKind implements Kind<T>, Setting.Nested {
        private final boolean inline;

        VariantKind(boolean inline) {
            this.inline = inline;
        }

        @Override
        public T read(ConfigNode node, String key, Values values) {
            return inline ? Variants.this.read(node, values, false) : Variants.this.read(node.map(key), values, true);
        }

        @Override
        public T readMapping(ConfigNode mapping, Values values) {
            return Variants.this.read(mapping, values, true);
        }

        @Override
        public Object plain(T value, Scope scope) {
            return resolve(value, scope);
        }

        @Override
        public String describe() {
            return inline
                    ? String.join(" | ", names())
                    : "mapping with " + discriminator + ": " + String.join(" | ", names());
        }

        @Override
        public List<Section<?>> sections() {
            return List.copyOf(sections.values());
        }
    }
}
