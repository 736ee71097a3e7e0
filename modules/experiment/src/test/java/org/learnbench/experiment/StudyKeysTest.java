package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study keys added with the report's protocol refuse bad values with one clear message. */
class StudyKeysTest {
    @TempDir
    Path tmp;

    private static final String STUDY =
            """
            study: keys
            seed: SEED
            tasks:
              sphere:
                task: {type: sphere, dimension: 2}
                report: REPORT
            optimizers:
              random:
                optimizer: {type: random_search, samples: 4}
            budget: {iterations: 2}
            seeds: [1, 2]
            """;

    private CliHarness.Outcome validate(String seed, String report) throws IOException {
        Path file = CliHarness.config(tmp, "s.yaml", STUDY.replace("SEED", seed).replace("REPORT", report));
        return CliHarness.run("validate", file.toString());
    }

    @Test
    void validValuesPass() throws IOException {
        CliHarness.Outcome o = validate("7", "best_validation");
        assertEquals(0, o.exitCode(), o.out() + o.err());
    }

    @Test
    void anUnknownReportChoiceIsRefusedAtItsLine() throws IOException {
        CliHarness.Outcome o = validate("7", "best");
        assertEquals(2, o.exitCode(), o.out() + o.err());
        assertTrue(
                o.err().contains("line 6")
                        && o.err().contains("report")
                        && o.err().contains("best_validation"),
                o.err());
    }

    @Test
    void aNegativeStudySeedIsRefused() throws IOException {
        CliHarness.Outcome o = validate("-1", "final");
        assertEquals(2, o.exitCode(), o.out() + o.err());
        assertTrue(
                o.err().contains("line 2")
                        && o.err().contains("seed")
                        && o.err().contains(">= 0"),
                o.err());
    }
}
