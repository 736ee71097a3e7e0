package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of the shipped configs and studies in experiments/ (lines deleted, duplicated, swapped,
 * re-indented or cut; values replaced by odd tokens; keys misspelt), each checked by {@code validate}:
 * every one must end with exit code 0 or 2, never a stack trace or an internal error, and within a time
 * limit; a refusal is one line starting "learnbench: ".
 */
class ConfigFuzzTest {
    private static final int MUTATIONS = 1000;
    private static final long SEED = 20261204L;
    private static final Duration PER_CASE = Duration.ofSeconds(10);

    private static final String[] TOKENS = {
        "",
        "-1",
        "0",
        "1",
        "0.5",
        "-0.0",
        "1e309",
        "NaN",
        "abc",
        "[]",
        "{}",
        "[1, 2]",
        "[0]",
        "..",
        ".",
        "null",
        "~",
        "true",
        "no",
        "999999999999",
        "2147483648",
        "9223372036854775808",
        "'",
        "\"x",
        ": :",
        "- x",
        "full",
        "auto",
        "[60000, 60000]",
        "[100000000]",
        "1..3",
        "5..1",
        "-5",
        "1,1",
        "data/ames.csv",
        "data/nothing.csv",
        "relu",
        "sgd",
        "genetic",
        "cmaes",
        "random_search",
        "policy_gradient",
        "backprop",
        "cartpole",
        "rastrigin",
        "{type: none}",
        "[1, x]",
        "1h",
        "0s",
        "test_accuracy",
        "../..",
        "&a",
        "*a",
        "!!binary x",
        "!!int 3"
    };

    @TempDir
    Path tmp;

    @Test
    void mutatedShippedConfigsEndWithExitZeroOrTwoAndNeverAStackTrace() throws IOException {
        List<Path> shipped;
        try (Stream<Path> files = Files.list(CliHarness.EXPERIMENTS)) {
            shipped = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(shipped.size() >= 10, "shipped configs: " + shipped);
        // Relative dataset paths in the mutated files resolve as in experiments/.
        Files.createSymbolicLink(tmp.resolve("data"), CliHarness.EXPERIMENTS.resolve("data"));
        SplittableRandom random = new SplittableRandom(SEED);
        int refused = 0;
        int valid = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Path source = shipped.get(random.nextInt(shipped.size()));
            List<String> lines = new ArrayList<>(Files.readAllLines(source));
            int edits = 1 + random.nextInt(3);
            StringBuilder what = new StringBuilder(source.getFileName().toString());
            for (int e = 0; e < edits; e++) {
                what.append("; ").append(mutate(lines, random));
            }
            Path file = tmp.resolve("m" + i + ".yaml");
            Files.write(file, lines);
            String description = "mutation " + i + " (" + what + ")";
            CliHarness.Outcome o =
                    assertTimeoutPreemptively(PER_CASE, () -> CliHarness.run("validate", file.toString()), description);
            String err = o.err().strip();
            assertTrue(o.exitCode() == 0 || o.exitCode() == 2, description + ": exit " + o.exitCode() + ": " + err);
            assertFalse(err.contains("\tat ") || err.contains("internal error"), description + ": " + err);
            if (o.exitCode() == 2) {
                refused++;
                assertTrue(err.startsWith("learnbench: ") && !err.contains("\n"), description + ": " + err);
            } else {
                valid++;
            }
        }
        // The mutations must exercise both sides, or the test would prove little.
        assertTrue(refused > MUTATIONS / 4 && valid > MUTATIONS / 20, "refused " + refused + ", valid " + valid);
    }

    /** Applies one random edit to the lines and says what it was. */
    private static String mutate(List<String> lines, SplittableRandom r) {
        if (lines.isEmpty()) {
            lines.add(TOKENS[r.nextInt(TOKENS.length)]);
            return "added a line to an empty file";
        }
        int at = r.nextInt(lines.size());
        String line = lines.get(at);
        switch (r.nextInt(8)) {
            case 0 -> {
                lines.remove(at);
                return "deleted line " + (at + 1);
            }
            case 1 -> {
                lines.add(at, line);
                return "duplicated line " + (at + 1);
            }
            case 2 -> {
                int other = r.nextInt(lines.size());
                lines.set(at, lines.get(other));
                lines.set(other, line);
                return "swapped lines " + (at + 1) + " and " + (other + 1);
            }
            case 3 -> {
                lines.set(at, r.nextBoolean() ? "  " + line : line.replaceFirst("^  ", ""));
                return "re-indented line " + (at + 1);
            }
            case 4 -> {
                lines.subList(at, lines.size()).clear();
                return "cut after line " + at;
            }
            case 5 -> {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    return "left line " + (at + 1);
                }
                int p = r.nextInt(colon + 1);
                lines.set(
                        at,
                        line.substring(0, p)
                                + (char) ('a' + r.nextInt(26))
                                + line.substring(Math.min(p + 1, line.length())));
                return "misspelt the key on line " + (at + 1);
            }
            default -> {
                int colon = line.indexOf(": ");
                String token = TOKENS[r.nextInt(TOKENS.length)];
                if (colon >= 0) {
                    lines.set(at, line.substring(0, colon + 2) + token);
                    return "set line " + (at + 1) + " to '" + token + "'";
                }
                int item = line.indexOf('[');
                if (item >= 0) {
                    lines.set(at, line.substring(0, item) + token);
                    return "set line " + (at + 1) + " to '" + token + "'";
                }
                lines.add(at, line.replaceAll("\\S.*", "") + "extra_key: " + token);
                return "inserted a key before line " + (at + 1);
            }
        }
    }
}
