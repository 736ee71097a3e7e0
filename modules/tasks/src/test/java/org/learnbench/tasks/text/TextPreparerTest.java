package org.learnbench.tasks.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.Matrix;
import org.learnbench.nn.Embedding;
import org.learnbench.tasks.data.CsvReader;
import org.learnbench.tasks.data.CsvTable;
import org.learnbench.tasks.data.DataException;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.SparseFeatures;
import org.learnbench.tasks.data.SplitSpec;

class TextPreparerTest {
    private static final SplitSpec ALL_TRAIN = new SplitSpec(1, 0, 0, false);

    private static TextSpec spec(TextRepresentation representation, int maxSize, int minCount, int maxLength) {
        return new TextSpec(
                "label",
                List.of("subject", "body"),
                Tokenizer.words(),
                maxSize,
                minCount,
                representation,
                false,
                maxLength);
    }

    private static CsvTable table(String... rows) {
        return CsvReader.parse("docs.csv", "label,subject,body\n" + String.join("\n", rows) + "\n");
    }

    /**
     * The values scikit-learn 1.2.1 (Debian python3-sklearn 1.2.1+dfsg-1) computes for the four documents below,
     * printed by:
     *
     * <pre>
     * from sklearn.feature_extraction.text import TfidfVectorizer
     * docs = ["the cat sat on the mat", "the dog sat", "cat and dog", "spam spam spam eggs"]
     * v = TfidfVectorizer(smooth_idf=True, norm='l2')
     * X = v.fit_transform(docs).toarray()
     * names = v.get_feature_names_out()
     * for i, row in enumerate(X):
     *     print(i, ", ".join(f'"{names[j]}", {row[j]!r}' for j in range(len(names)) if row[j] != 0))
     * </pre>
     *
     * (idf = ln((1 + n) / (1 + df)) + 1, then each row divided by its L2 norm.)
     */
    private static final List<Map<String, Double>> SKLEARN = List.of(
            Map.of(
                    "cat", 0.3293763839936038,
                    "mat", 0.4177721783483124,
                    "on", 0.4177721783483124,
                    "sat", 0.3293763839936038,
                    "the", 0.6587527679872076),
            Map.of("dog", 0.5773502691896257, "sat", 0.5773502691896257, "the", 0.5773502691896257),
            Map.of("and", 0.6676785446095399, "cat", 0.5264054336099155, "dog", 0.5264054336099155),
            Map.of("eggs", 0.3162277660168379, "spam", 0.9486832980505137));

    @Test
    void tfidfRowsEqualScikitLearnsTfidfVectorizer() {
        // The subject and body join into the document scikit-learn was given.
        CsvTable docs = table("0,the cat,sat on the mat", "0,the dog,sat", "1,cat and,dog", "1,spam,spam spam eggs");
        PreparedData data = TextPreparer.prepare(
                        docs, spec(TextRepresentation.TFIDF, 100, 1, 10), ALL_TRAIN, new SplittableRandom(1))
                .data();
        Part train = data.train();
        assertEquals(4, train.size());
        assertTrue(train.features() instanceof SparseFeatures);
        for (int row = 0; row < 4; row++) {
            assertEquals(row + 2, train.sourceLines()[row], "rows keep the file order");
            Map<String, Double> expected = SKLEARN.get(row);
            for (int j = 0; j < data.featureCount(); j++) {
                String token = data.featureNames().get(j);
                double value = train.features().get(row, j);
                assertEquals(expected.getOrDefault(token, 0.0), value, 1e-15, "row " + row + ", " + token);
            }
        }
        assertEquals(9, data.featureCount());
        assertEquals(0, data.vocabulary(), "tf-idf rows are not token ids");
    }

    @Test
    void bagOfWordsCountsKnownTokensOrMarksThemWhenBinary() {
        CsvTable docs = table("0,spam,spam spam eggs", "1,ham,eggs and ham");
        PreparedData counts = TextPreparer.prepare(
                        docs, spec(TextRepresentation.BAG_OF_WORDS, 100, 1, 10), ALL_TRAIN, new SplittableRandom(1))
                .data();
        int spam = counts.featureNames().indexOf("spam");
        int ham = counts.featureNames().indexOf("ham");
        assertEquals(3.0, counts.train().features().get(0, spam));
        assertEquals(0.0, counts.train().features().get(0, ham));
        assertEquals(2.0, counts.train().features().get(1, ham));
        TextSpec binary = new TextSpec(
                "label",
                List.of("subject", "body"),
                Tokenizer.words(),
                100,
                1,
                TextRepresentation.BAG_OF_WORDS,
                true,
                10);
        PreparedData marks = TextPreparer.prepare(docs, binary, ALL_TRAIN, new SplittableRandom(1))
                .data();
        assertEquals(1.0, marks.train().features().get(0, marks.featureNames().indexOf("spam")));
    }

    @Test
    void sequencesAreCutToMaxLengthAndPaddedWithMinusOne() {
        CsvTable docs = table("0,a b,c d e", "1,,b", "0,a,a", "1,b,b");
        TextData text = TextPreparer.prepare(
                docs, spec(TextRepresentation.SEQUENCE, 100, 1, 3), ALL_TRAIN, new SplittableRandom(1));
        Vocabulary v = text.vocabulary();
        Matrix x = text.data().train().x();
        assertArrayEquals(new double[] {v.id("a"), v.id("b"), v.id("c")}, x.row(0));
        assertArrayEquals(new double[] {v.id("b"), Embedding.PADDING, Embedding.PADDING}, x.row(1));
        assertEquals(1, text.report().truncatedDocuments().train());
        assertEquals(v.size(), text.data().vocabulary());
        assertEquals(3, text.data().inputShape().size());
        for (int id = 0; id < v.size(); id++) {
            assertNotEquals(Embedding.PADDING, id, "padding is never an id");
        }
    }

    /** Every document has a word of its own, twice (so min_count 2 keeps it when the document trains). */
    private static CsvTable poisoned(int n) {
        String[] rows = new String[n];
        for (int i = 0; i < n; i++) {
            rows[i] = (i % 2) + ",common words,own" + i + " own" + i + " common";
        }
        return table(rows);
    }

    @Test
    void theVocabularyHoldsOnlyWordsOfTrainingDocuments() {
        CsvTable docs = poisoned(40);
        TextData text = TextPreparer.prepare(
                docs,
                spec(TextRepresentation.SEQUENCE, 1000, 2, 5),
                SplitSpec.stratified(0.5, 0.25, 0.25),
                new SplittableRandom(7));
        Set<Integer> trainLines = new HashSet<>();
        for (int line : text.data().train().sourceLines()) {
            trainLines.add(line);
        }
        Vocabulary v = text.vocabulary();
        for (int i = 0; i < 40; i++) {
            int line = i + 2;
            assertEquals(trainLines.contains(line), v.contains("own" + i), "document on line " + line);
        }
        // Each test document's own word maps to the unknown id, twice; "common" is known.
        Part test = text.data().test();
        assertEquals(10, test.size());
        for (int r = 0; r < test.size(); r++) {
            double[] ids = test.x().row(r);
            assertEquals(v.id("common"), ids[0]);
            assertEquals(Vocabulary.UNKNOWN, ids[2]);
            assertEquals(Vocabulary.UNKNOWN, ids[3]);
        }
        assertEquals(20, text.report().unknownTokens().test());
        assertEquals(20.0 / 50, text.report().testUnknownRate(), 1e-12);
        assertEquals(0, text.report().unknownTokens().train());
    }

    @Test
    void tfidfWeightsComeFromTrainingDocumentsOnly() {
        // Words only in held-out documents change nothing: the same training documents give the same columns
        // and the same training rows whatever the held-out documents say.
        SplitSpec split = SplitSpec.stratified(0.5, 0.25, 0.25);
        TextData a = TextPreparer.prepare(
                poisoned(40), spec(TextRepresentation.TFIDF, 1000, 1, 5), split, new SplittableRandom(3));
        List<String> rows = new ArrayList<>();
        Set<Integer> trainLines = new HashSet<>();
        for (int line : a.data().train().sourceLines()) {
            trainLines.add(line);
        }
        for (int i = 0; i < 40; i++) {
            rows.add((i % 2) + ",common words,own" + i + " own" + i + " common"
                    + (trainLines.contains(i + 2) ? "" : " poison poison common"));
        }
        TextData b = TextPreparer.prepare(
                table(rows.toArray(String[]::new)),
                spec(TextRepresentation.TFIDF, 1000, 1, 5),
                split,
                new SplittableRandom(3));
        assertEquals(a.data().featureNames(), b.data().featureNames());
        assertFalse(b.data().featureNames().contains("poison"));
        assertTrue(a.data().train().x().contentEquals(b.data().train().x()));
    }

    @Test
    void theSplitIsSeededAndStratified() {
        CsvTable docs = poisoned(40);
        TextSpec s = spec(TextRepresentation.TFIDF, 1000, 1, 5);
        SplitSpec split = SplitSpec.stratified(0.5, 0.25, 0.25);
        PreparedData one =
                TextPreparer.prepare(docs, s, split, new SplittableRandom(5)).data();
        PreparedData same =
                TextPreparer.prepare(docs, s, split, new SplittableRandom(5)).data();
        PreparedData other =
                TextPreparer.prepare(docs, s, split, new SplittableRandom(6)).data();
        assertArrayEquals(one.test().sourceLines(), same.test().sourceLines());
        assertFalse(
                java.util.Arrays.equals(one.test().sourceLines(), other.test().sourceLines()));
        int spam = 0;
        for (int label : one.test().labels()) {
            spam += label;
        }
        assertEquals(5, spam, "half of the 10 test documents are class 1, as in the file");
    }

    @Test
    void aMissingTextColumnIsADataMistakeNamingTheColumns() {
        TextSpec s = new TextSpec(
                "label", List.of("subject", "text"), Tokenizer.words(), 100, 1, TextRepresentation.TFIDF, false, 5);
        DataException e = assertThrows(
                DataException.class,
                () -> TextPreparer.prepare(table("0,a,b", "1,c,d"), s, ALL_TRAIN, new SplittableRandom(1)));
        assertTrue(
                e.getMessage().contains("'text'") && e.getMessage().contains("label, subject, body"), e.getMessage());
    }
}
