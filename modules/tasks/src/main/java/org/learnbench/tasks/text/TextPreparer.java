package org.learnbench.tasks.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;
import org.learnbench.nn.Embedding;
import org.learnbench.nn.Shape;
import org.learnbench.tasks.data.CsvTable;
import org.learnbench.tasks.data.DataException;
import org.learnbench.tasks.data.DataReport;
import org.learnbench.tasks.data.Features;
import org.learnbench.tasks.data.Numbers;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.SparseFeatures;
import org.learnbench.tasks.data.SplitCounts;
import org.learnbench.tasks.data.SplitSpec;
import org.learnbench.tasks.data.Splitter;
import org.learnbench.tasks.data.TargetTransform;
import org.learnbench.tasks.data.TaskKind;

/**
 * Turns a CSV table of documents into a text classification task: rows with a missing label are left out, the
 * rest split (seeded, stratified by class when asked, exactly as tabular tasks split), every document tokenized,
 * the vocabulary fitted on the training documents only, and each document made a row of its representation.
 *
 * <p>A document is its text columns joined with a line break (a missing cell is empty text). Tf-idf follows
 * scikit-learn's {@code TfidfVectorizer(smooth_idf=True, norm='l2', sublinear_tf=False)}: for a token t in a
 * document d, tf(t, d) is its count and idf(t) = ln((1 + n) / (1 + df(t))) + 1, n being the training documents
 * and df(t) the training documents that hold t; the row of tf x idf values is then divided by its Euclidean norm
 * (a row with no known token stays zero). Unknown tokens have no column in bag-of-words and tf-idf rows (as in
 * scikit-learn, which ignores words outside its vocabulary), and id {@link Vocabulary#UNKNOWN} in sequences.
 */
public final class TextPreparer {
    private TextPreparer() {}

    /** The task's data; every mistake in the table (a missing column, one class only) is a DataException. */
    public static TextData prepare(CsvTable table, TextSpec spec, SplitSpec split, RandomGenerator random) {
        String file = table.source();
        int targetColumn = column(table, spec.target(), "target");
        int[] textColumns = spec.textColumns().stream()
                .mapToInt(c -> column(table, c, "text"))
                .toArray();
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            if (!table.isMissing(r, targetColumn)) {
                rows.add(r);
            }
        }
        int n = rows.size();
        if (n == 0) {
            throw new DataException(file, 0, "every row's target " + quote(spec.target()) + " is missing");
        }
        List<String> labels = new ArrayList<>(n);
        for (int r : rows) {
            labels.add(table.cell(r, targetColumn).strip());
        }
        List<String> classLabels = Numbers.sortLabels(labels);
        if (classLabels.size() < 2) {
            throw new DataException(
                    file,
                    0,
                    "the target " + quote(spec.target()) + " has only one class, " + quote(classLabels.get(0))
                            + " (classification needs at least two)");
        }
        Map<String, Integer> classIndex = new HashMap<>();
        for (int k = 0; k < classLabels.size(); k++) {
            classIndex.put(classLabels.get(k), k);
        }
        int[] classes = labels.stream().mapToInt(classIndex::get).toArray();
        int[][] positions = Splitter.split(n, split.stratify() ? classes : null, classLabels.size(), split, random);
        if (positions[Splitter.TRAIN].length == 0) {
            throw new DataException(file, 0, "the training split is empty (" + n + " documents): nothing to fit on");
        }
        List<List<String>> documents = new ArrayList<>(n);
        for (int r : rows) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < textColumns.length; k++) {
                String cell = table.cell(r, textColumns[k]);
                if (k > 0) {
                    text.append('\n');
                }
                text.append(cell == null ? "" : cell);
            }
            documents.add(spec.tokenizer().tokens(text.toString()));
        }
        List<List<String>> training = new ArrayList<>();
        for (int p : positions[Splitter.TRAIN]) {
            training.add(documents.get(p));
        }
        Vocabulary vocabulary = Vocabulary.fit(training, spec.maxSize(), spec.minCount());
        if (vocabulary.size() < 2 && spec.representation() != TextRepresentation.SEQUENCE) {
            throw new DataException(
                    file,
                    0,
                    "no token occurs at least " + spec.minCount() + " times in the " + training.size()
                            + " training documents, so the vocabulary is empty (lower vocabulary.min_count)");
        }
        int[][] ids = new int[n][];
        for (int i = 0; i < n; i++) {
            List<String> document = documents.get(i);
            ids[i] = new int[document.size()];
            for (int t = 0; t < ids[i].length; t++) {
                ids[i][t] = vocabulary.id(document.get(t));
            }
        }
        double[] idf = spec.representation() == TextRepresentation.TFIDF
                ? idf(positions[Splitter.TRAIN], ids, vocabulary.size())
                : null;
        Part[] parts = new Part[3];
        int[][] counts = new int[3][3]; // per split: tokens, unknown tokens, truncated documents
        for (int s = 0; s < 3; s++) {
            int[] members = positions[s];
            Matrix y = Matrix.zeros(members.length, 1);
            int[] lines = new int[members.length];
            for (int k = 0; k < members.length; k++) {
                int p = members[k];
                y.set(k, 0, classes[p]);
                lines[k] = table.line(rows.get(p));
                counts[s][0] += ids[p].length;
                for (int id : ids[p]) {
                    counts[s][1] += id == Vocabulary.UNKNOWN ? 1 : 0;
                }
                counts[s][2] += ids[p].length > spec.maxLength() ? 1 : 0;
            }
            Features x = spec.representation() == TextRepresentation.SEQUENCE
                    ? sequences(members, ids, spec.maxLength())
                    : bags(members, ids, vocabulary.size(), spec.binary(), idf);
            parts[s] = new Part(x, y, lines);
        }
        List<String> featureNames = new ArrayList<>();
        Shape shape;
        int tokenIds;
        if (spec.representation() == TextRepresentation.SEQUENCE) {
            for (int t = 0; t < spec.maxLength(); t++) {
                featureNames.add("token_" + (t + 1));
            }
            shape = Shape.vector(spec.maxLength());
            tokenIds = vocabulary.size();
        } else {
            featureNames.addAll(vocabulary.tokens().subList(1, vocabulary.size()));
            shape = Shape.vector(featureNames.size());
            tokenIds = 0;
        }
        SplitCounts sizes = new SplitCounts(
                positions[Splitter.TRAIN].length,
                positions[Splitter.VALIDATION].length,
                positions[Splitter.TEST].length);
        SplitCounts none = new SplitCounts(0, 0, 0);
        DataReport dataReport = new DataReport(table.rowCount(), table.rowCount() - n, 0, sizes, none, none, 0, 0);
        TextReport report = new TextReport(
                sizes,
                vocabulary.size(),
                new SplitCounts(counts[0][0], counts[1][0], counts[2][0]),
                new SplitCounts(counts[0][1], counts[1][1], counts[2][1]),
                new SplitCounts(counts[0][2], counts[1][2], counts[2][2]));
        PreparedData data = new PreparedData(
                parts[0],
                parts[1],
                parts[2],
                featureNames,
                classLabels,
                TargetTransform.identity(),
                TaskKind.CLASSIFICATION,
                dataReport,
                shape,
                tokenIds);
        return new TextData(data, vocabulary, report);
    }

    /** Smooth idf of every id from the training documents (index 0, the unknown id, unused). */
    static double[] idf(int[] training, int[][] ids, int vocabularySize) {
        int[] df = new int[vocabularySize];
        int[] seen = new int[vocabularySize];
        Arrays.fill(seen, -1);
        for (int p : training) {
            for (int id : ids[p]) {
                if (seen[id] != p) {
                    seen[id] = p;
                    df[id]++;
                }
            }
        }
        double[] idf = new double[vocabularySize];
        double documents = training.length;
        for (int id = 1; id < vocabularySize; id++) {
            idf[id] = Math.log((1 + documents) / (1 + df[id])) + 1;
        }
        return idf;
    }

    /** Bag-of-words rows (column = id - 1), weighted by idf and L2-normalised when idf is given. */
    private static SparseFeatures bags(int[] members, int[][] ids, int vocabularySize, boolean binary, double[] idf) {
        int[] rowStart = new int[members.length + 1];
        List<int[]> rowColumns = new ArrayList<>(members.length);
        List<double[]> rowValues = new ArrayList<>(members.length);
        int total = 0;
        for (int k = 0; k < members.length; k++) {
            int[] sorted = Arrays.stream(ids[members[k]])
                    .filter(id -> id != Vocabulary.UNKNOWN)
                    .sorted()
                    .toArray();
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                distinct += i == 0 || sorted[i] != sorted[i - 1] ? 1 : 0;
            }
            int[] columns = new int[distinct];
            double[] values = new double[distinct];
            int d = -1;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    columns[++d] = sorted[i] - 1;
                }
                values[d] += 1;
            }
            if (binary) {
                Arrays.fill(values, 1.0);
            }
            if (idf != null) {
                double squares = 0;
                for (int j = 0; j < distinct; j++) {
                    values[j] *= idf[columns[j] + 1];
                    squares += values[j] * values[j];
                }
                double norm = Math.sqrt(squares);
                for (int j = 0; j < distinct; j++) {
                    values[j] /= norm;
                }
            }
            rowColumns.add(columns);
            rowValues.add(values);
            total += distinct;
            rowStart[k + 1] = total;
        }
        int[] columns = new int[total];
        double[] values = new double[total];
        for (int k = 0; k < members.length; k++) {
            System.arraycopy(rowColumns.get(k), 0, columns, rowStart[k], rowColumns.get(k).length);
            System.arraycopy(rowValues.get(k), 0, values, rowStart[k], rowValues.get(k).length);
        }
        return new SparseFeatures(vocabularySize - 1, rowStart, columns, values);
    }

    /** Rows of the first maxLength ids, padded with {@link Embedding#PADDING}. */
    private static Features sequences(int[] members, int[][] ids, int maxLength) {
        Matrix x = Matrix.zeros(members.length, maxLength);
        for (int k = 0; k < members.length; k++) {
            int[] document = ids[members[k]];
            for (int t = 0; t < maxLength; t++) {
                x.set(k, t, t < document.length ? document[t] : Embedding.PADDING);
            }
        }
        return Features.of(x);
    }

    private static int column(CsvTable table, String name, String role) {
        int column = table.columnIndex(name);
        if (column < 0) {
            throw new DataException(
                    table.source(),
                    1,
                    "the " + role + " column " + quote(name) + " is not in the header (columns: "
                            + String.join(", ", table.columns()) + ")");
        }
        return column;
    }

    private static String quote(String value) {
        return "'" + value + "'";
    }
}
