package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user mistake ends with exit code 2 and one line naming the file, the key (and line) and what was
 * expected; never a stack trace, never a result folder that looks finished.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    private static final String VALID =
            """
            name: tiny
            task:
              dataset: DIGITS
              target: target
              kind: classification
            network:
              hidden: [8]
              activation: relu
            optimizer:
              type: backprop
              rule: adam
              learning_rate: 0.01
            budget:
              epochs: 2
            seeds: [1]
            """;

    private CliHarness.Outcome runWith(String yaml) throws IOException {
        Path config = CliHarness.config(tmp, "bad.yaml", yaml);
        return CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("results").toString(), "-q");
    }

    private static void assertOneLineError(CliHarness.Outcome o, String... fragments) {
        assertEquals(2, o.exitCode(), o.err());
        String err = o.err().strip();
        assertFalse(err.contains("\n"), "one line expected, got:\n" + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' missing from: " + err);
        }
    }

    private void assertNoResults() throws IOException {
        Path folder = tmp.resolve("results/tiny");
        if (Files.exists(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                assertEquals(0, entries.count(), "nothing may be left in " + folder);
            }
        }
    }

    @Test
    void theValidConfigRuns() throws IOException {
        assertEquals(0, runWith(VALID).exitCode());
    }

    @Test
    void rejectsAnUnknownKeyNamingItsLineAndTheExpectedKeys() throws IOException {
        CliHarness.Outcome o = runWith(VALID.replace("  learning_rate: 0.01", "  lerning_rate: 0.01"));
        assertOneLineError(o, "bad.yaml", "line 12", "optimizer.lerning_rate", "unknown key", "learning_rate");
        assertNoResults();
    }

    @Test
    void rejectsAValueOfTheWrongType() throws IOException {
        assertOneLineError(
                runWith(VALID.replace("epochs: 2", "epochs: many")),
                "bad.yaml",
                "line 14",
                "budget.epochs",
                "expected a whole number",
                "'many'");
        assertOneLineError(
                runWith(VALID.replace("hidden: [8]", "hidden: {size: 8}")),
                "line 7",
                "network.hidden",
                "expected a list");
    }

    @Test
    void rejectsANegativeLearningRate() throws IOException {
        assertOneLineError(
                runWith(VALID.replace("learning_rate: 0.01", "learning_rate: -0.01")),
                "bad.yaml",
                "line 12",
                "optimizer.learning_rate",
                "expected a positive number",
                "-0.01");
    }

    @Test
    void rejectsAnImpossibleLayerShape() throws IOException {
        assertOneLineError(
                runWith(VALID.replace("hidden: [8]", "hidden: [8, 0]")), "line 7", "network.hidden", ">= 1", "[8, 0]");
    }

    @Test
    void rejectsAMissingConfigFile() {
        CliHarness.Outcome o = CliHarness.run("run", tmp.resolve("nope.yaml").toString());
        assertOneLineError(o, "nope.yaml", "file not found");
    }

    @Test
    void rejectsAMissingDatasetNamingTheKey() throws IOException {
        assertOneLineError(
                runWith(VALID.replace("dataset: DIGITS", "dataset: missing.csv")),
                "bad.yaml",
                "line 3",
                "task.dataset",
                "file not found",
                "missing.csv");
    }

    @Test
    void rejectsAMissingRequiredSection() throws IOException {
        assertOneLineError(runWith(VALID.replace("budget:\n  epochs: 2\n", "")), "bad.yaml", "budget", "missing");
    }

    @Test
    void rejectsAnUnknownChoiceListingTheChoices() throws IOException {
        assertOneLineError(
                runWith(VALID.replace("rule: adam", "rule: adamax")),
                "optimizer.rule",
                "one of sgd, adam, adamw, rmsprop, adagrad",
                "'adamax'");
    }

    @Test
    void rejectsAnUnknownPrecisionListingThePrecisions() throws IOException {
        assertOneLineError(
                runWith(VALID.replace("  hidden: [8]", "  hidden: [8]\n  precision: float16")),
                "network.precision",
                "one of float64, float32",
                "'float16'");
    }

    @Test
    void rejectsBrokenYamlWithItsLine() throws IOException {
        assertOneLineError(runWith(VALID.replace("  hidden: [8]", "  hidden: [8")), "bad.yaml", "not valid YAML");
    }

    @Test
    void rejectsAnUnknownOptionOrCommand() {
        assertEquals(2, CliHarness.run("run", "--frobnicate", "x.yaml").exitCode());
        assertEquals(2, CliHarness.run("train", "x.yaml").exitCode());
        assertEquals(2, CliHarness.run("run").exitCode());
        assertEquals(2, CliHarness.run().exitCode());
    }

    @Test
    void rejectsADatasetWhoseChecksumDiffers() throws IOException {
        String sha = "0".repeat(64);
        assertOneLineError(
                runWith(VALID.replace("  kind: classification", "  kind: classification\n  sha256: " + sha)),
                "digits.csv",
                "sha256",
                sha);
        assertNoResults();
    }

    @Test
    void aRaggedCsvRowIsReportedWithItsLineAndLeavesNoResult() throws IOException {
        Path csv = tmp.resolve("ragged.csv");
        Files.writeString(csv, "a,b,target\n1,2,0\n3,4,1\n5,6\n7,8,1\n");
        assertOneLineError(
                runWith(VALID.replace("DIGITS", csv.toString()).replace("target: target", "target: target")),
                "ragged.csv",
                "line 4");
        assertNoResults();
    }

    @Test
    void aBadNumberFoundDuringTheRunLeavesNothingThatLooksFinished() throws IOException {
        Path csv = tmp.resolve("bad-number.csv");
        StringBuilder rows = new StringBuilder("a,b,target\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i)
                    .append(',')
                    .append(i == 17 ? "x1.5" : Integer.toString(2 * i))
                    .append(',')
                    .append(i % 2)
                    .append('\n');
        }
        Files.writeString(csv, rows);
        CliHarness.Outcome o = runWith(VALID.replace("DIGITS", csv.toString()));
        assertOneLineError(o, "bad-number.csv", "line 19", "'b'", "x1.5");
        assertNoResults();
    }

    @Test
    void anEmptyCsvIsReported() throws IOException {
        Path csv = tmp.resolve("empty.csv");
        Files.writeString(csv, "");
        assertOneLineError(runWith(VALID.replace("DIGITS", csv.toString())), "empty.csv", "empty");
    }

    @Test
    void aMissingTargetColumnIsReported() throws IOException {
        assertOneLineError(runWith(VALID.replace("target: target", "target: label")), "digits.csv", "label");
    }
}
