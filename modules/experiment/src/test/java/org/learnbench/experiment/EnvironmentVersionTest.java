package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify names a change of the environments' arithmetic as the reason a control run replays differently. */
class EnvironmentVersionTest {
    @TempDir
    Path tmp;

    @Test
    void aControlRunRecordedWithOlderDynamicsIsExplainedNotJustDifferent() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "cp.yaml",
                """
                name: cp
                task: {type: cartpole, evaluation_episodes: 2}
                network: {hidden: [4]}
                optimizer: {type: policy_gradient}
                budget: {episodes: 6}
                seeds: [1]
                """);
        CliHarness.Outcome run = CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Path folder = tmp.resolve("r/cp/seed-1");
        assertTrue(Files.readString(folder.resolve("manifest.json")).contains("\"dynamics_version\" : 2"));
        // A run as recorded before the version existed, whose trajectories (here: one value) differ.
        Path manifest = folder.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"dynamics_version\" : 2,", ""));
        Path metrics = folder.resolve("metrics.csv");
        List<String> lines = Files.readAllLines(metrics);
        String[] cells = lines.get(1).split(",", -1);
        cells[cells.length - 1] = "12345";
        lines.set(1, String.join(",", cells));
        Files.write(metrics, lines);
        CliHarness.Outcome verify = CliHarness.run("verify", folder.toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("recorded with version 1 of the environments' arithmetic"), verify.out());
    }
}
