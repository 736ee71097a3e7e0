package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** learnbench report on an experiment's folder summarises its seeds. */
class ExperimentReportTest {
    @TempDir
    Path tmp;

    @Test
    void reportOnAMultiSeedExperimentFolderSummarisesTheSeeds() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "sphere.yaml",
                """
                name: sphere-seeds
                task: {type: sphere, dimension: 3}
                optimizer: {type: random_search, samples: 10}
                budget: {iterations: 5}
                seeds: [1, 2, 3]
                """);
        CliHarness.Outcome run = CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        CliHarness.Outcome report =
                CliHarness.run("report", tmp.resolve("r/sphere-seeds").toString());
        assertEquals(0, report.exitCode(), report.out() + report.err());
        String md = Files.readString(tmp.resolve("r/sphere-seeds/report.md"));
        assertTrue(md.contains("3 seeds of random_search"), md);
        assertTrue(md.contains("| fitness | lower |"), md);
    }
}
