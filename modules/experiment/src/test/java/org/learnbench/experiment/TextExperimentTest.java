package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ConfigReader;

/**
 * Text tasks end to end through the command line: a tf-idf MLP and an embedding + GRU learn a small corpus
 * above chance, the manifest reports the text preparation, verify replays both runs bit for bit, and the text
 * keys are part of the config hash.
 */
class TextExperimentTest {
    @TempDir
    Path tmp;

    private static final List<String> SPAM = List.of("free", "money", "winner", "offer", "click", "cash");
    private static final List<String> HAM = List.of("meeting", "report", "patch", "build", "thanks", "review");
    private static final List<String> FILLER =
            List.of("the", "a", "of", "to", "and", "in", "is", "it", "you", "that", "for", "on", "with", "this");

    /** 160 documents: filler words with two to four words of their class mixed in, a few made-up words too. */
    private static String corpus() {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder csv = new StringBuilder("id,label,subject,body\n");
        for (int i = 0; i < 160; i++) {
            int label = i % 2;
            List<String> own = label == 1 ? SPAM : HAM;
            StringBuilder body = new StringBuilder();
            int length = 6 + random.nextInt(20);
            int signal = 2 + random.nextInt(3);
            for (int t = 0; t < length; t++) {
                String word = t < signal && random.nextInt(3) > 0
                        ? own.get(random.nextInt(own.size()))
                        : random.nextInt(10) == 0 ? "w" + random.nextInt(1000) : FILLER.get(random.nextInt(14));
                body.append(t == 0 ? "" : random.nextInt(5) == 0 ? ", " : " ").append(word);
            }
            csv.append(i)
                    .append(',')
                    .append(label)
                    .append(",\"Re: ")
                    .append(FILLER.get(random.nextInt(14)))
                    .append("\",\"")
                    .append(body)
                    .append("\"\n");
        }
        return csv.toString();
    }

    private static final String TFIDF =
            """
            name: text-tfidf
            task:
              type: text
              dataset: docs.csv
              target: label
              vocabulary: {max_size: 200, min_count: 2}
              representation: tfidf
            network:
              hidden: [8]
            optimizer:
              type: backprop
              rule: adam
              learning_rate: 0.02
              batch_size: 16
            budget:
              epochs: 15
            seeds: [1]
            """;

    private static final String GRU =
            """
            name: text-gru
            task:
              type: text
              dataset: docs.csv
              target: label
              vocabulary: {max_size: 200, min_count: 2}
              representation: sequence
              max_length: 12
            network:
              layers:
                - {type: embedding, dimension: 8}
                - {type: gru, hidden: 8, output: last}
            optimizer:
              type: backprop
              rule: adam
              learning_rate: 0.02
              batch_size: 16
            budget:
              epochs: 15
            seeds: [1]
            """;

    private JsonNode runAndVerify(String name, String yaml) throws IOException {
        Files.writeString(tmp.resolve("docs.csv"), corpus());
        Path config = CliHarness.config(tmp, name + ".yaml", yaml);
        CliHarness.Outcome run = CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Path folder = tmp.resolve("r/" + name + "/seed-1");
        CliHarness.Outcome verify = CliHarness.run("verify", folder.toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        return new ObjectMapper().readTree(folder.resolve("manifest.json").toFile());
    }

    @Test
    void aTfidfPerceptronLearnsTheCorpusAndReplaysBitForBit() throws IOException {
        JsonNode manifest = runAndVerify("text-tfidf", TFIDF);
        double accuracy = manifest.path("final_metrics").path("test_accuracy").asDouble();
        assertTrue(accuracy >= 0.8, "test accuracy " + accuracy + " (chance is 0.5)");
        JsonNode text = manifest.path("text");
        assertEquals(112, text.path("documents").path("train").asInt());
        assertTrue(text.path("vocabulary_size").asInt() > 20, text.toString());
        assertTrue(text.path("test_unknown_rate").asDouble() > 0, "the made-up words are mostly unknown: " + text);
        assertEquals(
                "tfidf",
                manifest.path("config").path("task").path("representation").asText());
    }

    @Test
    void anEmbeddingAndGruLearnTheCorpusAndReplayBitForBit() throws IOException {
        JsonNode manifest = runAndVerify("text-gru", GRU);
        double accuracy = manifest.path("final_metrics").path("test_accuracy").asDouble();
        assertTrue(accuracy >= 0.8, "test accuracy " + accuracy + " (chance is 0.5)");
        String architecture = manifest.path("network").path("architecture").asText();
        int vocabulary = manifest.path("text").path("vocabulary_size").asInt();
        assertTrue(architecture.contains("embedding " + vocabulary + "x8"), architecture);
        assertTrue(
                manifest.path("text").path("truncated_documents").path("train").asInt() > 0);
    }

    @Test
    void theTextKeysArePartOfTheConfigHash() throws IOException {
        Files.writeString(tmp.resolve("docs.csv"), corpus());
        String base = ConfigHash.of(ConfigReader.read(CliHarness.config(tmp, "a.yaml", GRU)));
        for (String[] change : List.of(
                new String[] {"max_size: 200", "max_size: 100"},
                new String[] {"min_count: 2", "min_count: 3"},
                new String[] {"max_length: 12", "max_length: 13"},
                new String[] {"dimension: 8", "dimension: 9"},
                new String[] {"output: last", "output: mean"},
                new String[] {"  target: label", "  target: label\n  tokenizer: {char_ngrams: 3}"},
                new String[] {"  target: label", "  target: label\n  text: [body]"})) {
            String other = ConfigHash.of(
                    ConfigReader.read(CliHarness.config(tmp, "b.yaml", GRU.replace(change[0], change[1]))));
            assertNotEquals(base, other, change[1]);
        }
        String same = ConfigHash.of(ConfigReader.read(CliHarness.config(
                tmp, "c.yaml", GRU.replace("  target: label", "  target: label\n  tokenizer: {lowercase: true}"))));
        assertEquals(base, same, "a default written out is the same config");
    }
}
