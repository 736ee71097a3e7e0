package org.learnbench.experiment.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.learnbench.tasks.data.TaskKind;
import org.learnbench.tasks.text.TextRepresentation;
import org.learnbench.tasks.text.TextSpec;
import org.learnbench.tasks.text.Tokenizer;

/**
 * The settings of a text classification task ({@code task: {type: text, ...}}): the CSV of documents, the
 * tokenizer, the vocabulary fitted on the training split, and the representation (bag of words, tf-idf or id
 * sequences for an embedding).
 */
final class TextTaskSettings {
    private TextTaskSettings() {}

    /** The vocabulary's limits, as the config's {@code vocabulary} mapping gives them. */
    record VocabularyLimits(int maxSize, int minCount) {}

    static final Section<Tokenizer> TOKENIZER = Section.of(
            "task: text: tokenizer",
            v -> new Tokenizer(v.b("lowercase"), v.i("char_ngrams")),
            Setting.of("lowercase", Kind.BOOL, "lowercase every word (root locale)", Tokenizer::lowercase)
                    .standard(true),
            Setting.of(
                            "char_ngrams",
                            Kind.INT,
                            "also add each word's character n-grams of this length, the word padded with < and >"
                                    + " (0: words only)",
                            Tokenizer::charNgrams)
                    .standard(0)
                    .check((Integer n) -> n >= 0 && n <= 10, "a whole number in [0, 10]"));

    static final Section<VocabularyLimits> VOCABULARY = Section.of(
            "task: text: vocabulary",
            v -> new VocabularyLimits(v.i("max_size"), v.i("min_count")),
            Setting.of(
                            "max_size",
                            Kind.INT,
                            "the most token ids, the unknown-token id included (the most frequent training tokens"
                                    + " are kept, ties by text)",
                            VocabularyLimits::maxSize)
                    .standard(20000)
                    .check((Integer n) -> n >= 2, "a whole number >= 2 (the unknown id and one token)"),
            Setting.of(
                            "min_count",
                            Kind.INT,
                            "the fewest occurrences in the training documents a kept token has",
                            VocabularyLimits::minCount)
                    .standard(2)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"));

    static final Section<TaskConfig.Text> TEXT = Section.of(
            "task: text",
            TextTaskSettings::text,
            Setting.of(
                    "dataset",
                    Kind.TEXT,
                    "the CSV file (or .csv.gz) of documents, one per row, relative to the config file",
                    TaskConfig.Text::location),
            Setting.of(
                            "sha256",
                            Kind.TEXT,
                            "refuse the file unless its content has this digest (recorded: the content's digest)",
                            TaskConfig.Text::sha256)
                    .optional("none")
                    .check((String s) -> s.matches("[0-9a-fA-F]{64}"), "64 hexadecimal digits"),
            Setting.of("target", Kind.TEXT, "the class label column", (TaskConfig.Text t) -> t.spec()
                    .target()),
            Setting.of(
                            "kind",
                            Kind.of(TaskKind.class),
                            "what is predicted: text tasks classify",
                            (TaskConfig.Text t) -> TaskKind.CLASSIFICATION)
                    .standard(TaskKind.CLASSIFICATION)
                    .check((TaskKind k) -> k == TaskKind.CLASSIFICATION, "classification (text tasks classify)"),
            Setting.of(
                            "text",
                            Kind.TEXTS,
                            "the text columns, joined with a line break in this order, that make a document",
                            (TaskConfig.Text t) -> t.spec().textColumns())
                    .standard(List.of("subject", "body"))
                    .check((List<String> c) -> !c.isEmpty(), "at least one column"),
            Setting.of(
                            "tokenizer",
                            Kind.section(TOKENIZER),
                            "how a document splits into tokens: words (runs of letters and digits; an apostrophe"
                                    + " inside a word is dropped) and optional character n-grams",
                            (TaskConfig.Text t) -> t.spec().tokenizer())
                    .defaultSection(),
            Setting.of(
                            "vocabulary",
                            Kind.section(VOCABULARY),
                            "the token ids, fitted on the training split only; id 0 is every unknown token",
                            (TaskConfig.Text t) -> new VocabularyLimits(
                                    t.spec().maxSize(), t.spec().minCount()))
                    .defaultSection(),
            Setting.of(
                            "representation",
                            Kind.of(TextRepresentation.class),
                            "a row per document: token counts, tf-idf (smooth idf, L2 rows, as scikit-learn), or"
                                    + " the token ids for an embedding layer",
                            (TaskConfig.Text t) -> t.spec().representation())
                    .standard(TextRepresentation.TFIDF),
            Setting.of(
                            "binary",
                            Kind.BOOL,
                            "bag_of_words: 1 for a present token instead of its count",
                            (TaskConfig.Text t) -> t.spec().binary())
                    .standard(false),
            Setting.of(
                            "max_length",
                            Kind.INT,
                            "sequence: token ids per row (longer documents keep their first ones; shorter ones are"
                                    + " padded with -1); otherwise only reported",
                            (TaskConfig.Text t) -> t.spec().maxLength())
                    .standard(200)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "bandit_wrong_reward",
                            Kind.NUMBER,
                            "policy_gradient: reward of a wrong class (the right one pays 1)",
                            TaskConfig.Text::banditWrongReward)
                    .standard(0.0)
                    .check((Double r) -> r <= 0, "a reward <= 0 (0 or -1, say)"),
            Setting.of(
                            "split",
                            Kind.section(ExperimentSettings.SPLIT),
                            "train/validation/test fractions, seeded by the run's seed",
                            TaskConfig.Text::split)
                    .defaultSection());

    private static TaskConfig.Text text(Values v) {
        String location = v.s("dataset");
        Path path = v.base().resolve(location).normalize();
        if (!Files.isRegularFile(path)) {
            throw v.error(
                    "dataset",
                    Files.isDirectory(path) ? "is a folder, not a file: " + path : "file not found: " + path);
        }
        if (!Files.isReadable(path)) {
            throw v.error("dataset", "permission denied: " + path);
        }
        String digest = ExperimentSettings.digest(path);
        String pinned = v.s("sha256");
        if (pinned != null && !pinned.equalsIgnoreCase(digest)) {
            throw v.error(
                    "sha256",
                    "the file " + path + " has sha256 " + digest + ", not " + pinned.toLowerCase(Locale.ROOT)
                            + " (a different or changed file)");
        }
        List<String> columns = v.as("text");
        String target = v.s("target");
        if (columns.contains(target)) {
            throw v.error("text", "lists the target '" + target + "' (the label is never part of the text)");
        }
        if (columns.stream().distinct().count() != columns.size()) {
            throw v.error("text", "names a column twice: " + columns);
        }
        TextRepresentation representation = v.as("representation");
        if (v.b("binary") && representation != TextRepresentation.BAG_OF_WORDS) {
            throw v.error(
                    "binary",
                    "applies to representation: bag_of_words only, not "
                            + representation.name().toLowerCase(Locale.ROOT));
        }
        VocabularyLimits limits = v.as("vocabulary");
        TextSpec spec = new TextSpec(
                target,
                columns,
                v.as("tokenizer"),
                limits.maxSize(),
                limits.minCount(),
                representation,
                v.b("binary"),
                v.i("max_length"));
        return new TaskConfig.Text(path, location, digest, spec, v.as("split"), v.d("bandit_wrong_reward"));
    }
}
