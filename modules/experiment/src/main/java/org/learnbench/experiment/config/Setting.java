package org.learnbench.experiment.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of a config section, declared once: its key, the kind of value, its default (which may
 * depend on settings read before it), the check its value must pass, a one-line description, when it
 * applies, and how to read it back from the built object. Reading a config, writing the resolved config
 * that is hashed and replayed, expanding a study's grid and the key reference in experiments/README.md
 * are all derived from these declarations.
 *
 * @param <O> the type the section builds
 */
public final class Setting<O> {
    /** How a setting behaves when its key is absent. */
    enum Absent {
        /** The key must be given. */
        REQUIRED,
        /** The default function gives the value. */
        DEFAULT,
        /** The value is "not set" (null, or an empty Optional in the built object). */
        UNSET,
        /** A section read from an empty mapping, so each of its own settings takes its default. */
        EMPTY_SECTION
    }

    private final String key;
    private final Kind<Object> kind;
    private final String description;
    private final Function<O, ?> getter;
    private final Absent absent;
    private final Function<Values, ?> fallback;
    private final String fallbackText;
    private final Predicate<Object> valid;
    private final String expected;
    private final Predicate<Scope> applies;
    private final String appliesText;
    private final boolean inline;
    private final String alias;
    private boolean unrecorded;

    @SuppressWarnings("unchecked")
    private Setting(
            String key,
            Kind<?> kind,
            String description,
            Function<O, ?> getter,
            Absent absent,
            Function<Values, ?> fallback,
            String fallbackText,
            Predicate<Object> valid,
            String expected,
            Predicate<Scope> applies,
            String appliesText,
            boolean inline,
            String alias) {
        this.key = Objects.requireNonNull(key, "key");
        this.kind = (Kind<Object>) Objects.requireNonNull(kind, "kind");
        this.description = Objects.requireNonNull(description, "description");
        this.getter = Objects.requireNonNull(getter, "getter");
        this.absent = absent;
        this.fallback = fallback;
        this.fallbackText = fallbackText;
        this.valid = valid;
        this.expected = expected;
        this.applies = applies;
        this.appliesText = appliesText;
        this.inline = inline;
        this.alias = alias;
    }

    /** A required setting: {@code getter} reads its value back from the built object. */
    public static <O, V> Setting<O> of(String key, Kind<V> kind, String description, Function<O, ?> getter) {
        return new Setting<>(
                key, kind, description, getter, Absent.REQUIRED, null, "required", null, null, null, null, false, null);
    }

    /**
     * Inline variants: the key (e.g. {@code rule}) names a section whose settings stand in the same mapping
     * (e.g. {@code momentum} beside {@code rule: sgd}).
     */
    public static <O, V> Setting<O> inline(
            String key, Variants<V> variants, String description, Function<O, V> getter) {
        return new Setting<>(
                key,
                variants.inlineKind(key),
                description,
                getter,
                Absent.DEFAULT,
                null,
                variants.defaultText(),
                null,
                null,
                null,
                null,
                true,
                null);
    }

    private Setting<O> with(
            Absent absent,
            Function<Values, ?> fallback,
            String fallbackText,
            Predicate<Object> valid,
            String expected,
            Predicate<Scope> applies,
            String appliesText,
            String alias) {
        Setting<O> copy = new Setting<>(
                key,
                kind,
                description,
                getter,
                absent,
                fallback,
                fallbackText,
                valid,
                expected,
                applies,
                appliesText,
                inline,
                alias);
        // A later builder call must not forget that the setting is unrecorded.
        copy.unrecorded = unrecorded;
        return copy;
    }

    /** The value when the key is absent. */
    public Setting<O> standard(Object value) {
        return with(
                Absent.DEFAULT,
                v -> value,
                String.valueOf(kind.plain(value, new Scope(null, null))),
                valid,
                expected,
                applies,
                appliesText,
                alias);
    }

    /** A default computed from the settings read before this one; {@code text} says what it is. */
    public Setting<O> standard(Function<Values, ?> value, String text) {
        return with(Absent.DEFAULT, value, text, valid, expected, applies, appliesText, alias);
    }

    /** Absent means "not set" (null, or an empty Optional in the built object). */
    public Setting<O> optional(String text) {
        return with(Absent.UNSET, v -> null, text, valid, expected, applies, appliesText, alias);
    }

    /** Absent means the section with all its own defaults. */
    public Setting<O> defaultSection() {
        return with(Absent.EMPTY_SECTION, null, "see below", valid, expected, applies, appliesText, alias);
    }

    /** The check a given value must pass; {@code what} completes "expected ...", e.g. "a positive number". */
    @SuppressWarnings("unchecked")
    public <V> Setting<O> check(Predicate<V> test, String what) {
        return with(absent, fallback, fallbackText, v -> test.test((V) v), what, applies, appliesText, alias);
    }

    /** The setting exists only where {@code test} holds (e.g. on supervised tasks); {@code why} says where. */
    public Setting<O> onlyWhen(Predicate<Scope> test, String why) {
        return with(absent, fallback, fallbackText, valid, expected, test, why, alias);
    }

    /** Another key that means the same (e.g. {@code epochs} for {@code iterations}); at most one may be given. */
    public Setting<O> alias(String other) {
        return with(absent, fallback, fallbackText, valid, expected, applies, appliesText, other);
    }

    /**
     * Marks a setting that is not recorded in the resolved config: one that only chooses the defaults of
     * others (a preset, whose chosen values are recorded), or one that never changes results (threads).
     */
    public Setting<O> unrecorded() {
        Setting<O> copy = with(absent, fallback, fallbackText, valid, expected, applies, appliesText, alias);
        copy.unrecorded = true;
        return copy;
    }

    /** True for a setting the resolved config does not record. */
    public boolean isUnrecorded() {
        return unrecorded;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** What the key reference says the default is. */
    public String defaultText() {
        return fallbackText;
    }

    /** The kind of value, as the key reference names it. */
    public String kindText() {
        return expected == null ? kind.describe() : expected;
    }

    /** Where the setting applies, or null when everywhere. */
    public String appliesText() {
        return appliesText;
    }

    public Optional<String> aliasKey() {
        return Optional.ofNullable(alias);
    }

    boolean isInline() {
        return inline;
    }

    /** The sections nested under this setting (for the key reference). */
    List<Section<?>> nested() {
        return kind instanceof Nested n ? n.sections() : List.of();
    }

    /** A kind that reads nested sections (for the key reference). */
    interface Nested {
        List<Section<?>> sections();
    }

    boolean appliesIn(Scope scope) {
        return applies == null || applies.test(scope);
    }

    /** Reads this setting from {@code node} into {@code values}. */
    void read(ConfigNode node, Values values) {
        String given = key;
        if (alias != null && node.has(alias)) {
            if (node.has(key)) {
                throw node.error(key, "give either " + alias + " or " + key + " (they are the same), not both");
            }
            given = alias;
        }
        String empty = node.isEmpty(key) ? key : alias != null && node.isEmpty(alias) ? alias : null;
        if (empty != null) {
            // "learning_rate:" with nothing after it is a value forgotten, not a request for the default.
            throw node.error(
                    empty, "has no value (give " + article(kindText()) + ", or remove the key for the default)");
        }
        if (!appliesIn(values.scope())) {
            if (!inline && node.has(given)) {
                throw node.error(given, appliesText);
            }
            values.put(key, null);
            return;
        }
        if (inline) {
            values.put(key, kind.read(node, key, values));
            return;
        }
        if (!node.has(given)) {
            switch (absent) {
                case REQUIRED -> throw node.error(given, "missing (expected " + article(kind.describe()) + ")");
                case DEFAULT -> values.put(key, fallback.apply(values));
                case UNSET -> values.put(key, null);
                case EMPTY_SECTION -> values.put(key, kind.readMapping(node.emptyChild(given), values));
            }
            return;
        }
        Object value = kind.read(node, given, values);
        if (valid != null && !valid.test(value)) {
            throw node.error(given, "expected " + expected + ", got " + node.text(given));
        }
        values.put(key, value);
    }

    private static String article(String what) {
        return what.startsWith("a ")
                        || what.startsWith("an ")
                        || what.startsWith("list")
                        || what.startsWith("mapping")
                        || what.contains("|")
                ? what
                : "a " + what;
    }

    /** Writes this setting of a built object into a resolved config mapping. */
    void resolve(O object, Scope scope, java.util.Map<String, Object> out) {
        if (unrecorded || !appliesIn(scope)) {
            return;
        }
        Object value = getter.apply(object);
        if (value instanceof Optional<?> opt) {
            value = opt.orElse(null);
        }
        Object plain = value == null ? null : kind.plain(value, scope);
        if (inline && plain instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
        } else {
            out.put(key, plain);
        }
    }
}
