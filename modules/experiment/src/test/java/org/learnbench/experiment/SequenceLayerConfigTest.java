package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurrent layer entries take any sequence the task gives: a text task's embedded ids (TextExperimentTest) and
 * a series task's windows laid out as steps, which need no embedding; on flat windows they are refused.
 */
class SequenceLayerConfigTest {
    @TempDir
    Path tmp;

    private static final String SERIES =
            """
            name: series-gru
            task:
              type: series
              dataset: SP500
              columns: [return_pct]
              window: 5
              folds: 5
              layout: sequence
            network:
              layers: [{type: gru, hidden: 4, output: last}]
            optimizer:
              type: backprop
              rule: adam
            budget:
              epochs: 1
            seeds: [1]
            """;

    private CliHarness.Outcome run(String yaml) throws IOException {
        Path config = CliHarness.config(
                tmp,
                "s.yaml",
                yaml.replace(
                        "SP500",
                        CliHarness.EXPERIMENTS
                                .resolve("data/sp500_returns_1990s.csv")
                                .toString()));
        return CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
    }

    @Test
    void aGruReadsASeriesTasksWindowsAsSteps() throws IOException {
        CliHarness.Outcome o = run(SERIES);
        assertEquals(0, o.exitCode(), o.out() + o.err());
        String manifest = Files.readString(tmp.resolve("r/series-gru/seed-1/manifest.json"));
        assertTrue(manifest.contains("gru 4 last"), manifest);
    }

    @Test
    void aGruOnFlatWindowsIsRefused() throws IOException {
        CliHarness.Outcome o = run(SERIES.replace("layout: sequence", "layout: flat"));
        assertEquals(2, o.exitCode(), o.out() + o.err());
        assertTrue(o.err().contains("network.layers") && o.err().contains("needs a sequence input"), o.err());
    }
}
