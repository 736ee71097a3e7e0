package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.run.Replay;

/** verify compares metrics.csv files by column: added metrics are not differences, lost or changed ones are. */
class ReplayDifferencesTest {
    @TempDir
    Path tmp;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void aColumnOnlyTheReRunRecordsIsNotADifference() throws IOException {
        Path old = csv("a.csv", "iteration,wall_ms,test_r2\n0,5,0.1\n1,9,0.5\n");
        Path now = csv("b.csv", "iteration,wall_ms,test_r2,test_r2_log\n0,7,0.1,0.2\n1,8,0.5,0.6\n");
        assertEquals(List.of(), Replay.differences(old, now));
    }

    @Test
    void aChangedOrLostColumnIs() throws IOException {
        Path old = csv("a.csv", "iteration,wall_ms,test_r2,test_loss\n0,5,0.1,3\n1,9,0.5,2\n");
        Path now = csv("b.csv", "iteration,wall_ms,test_r2\n0,7,0.1\n1,8,0.6\n");
        List<String> d = Replay.differences(old, now);
        assertTrue(d.contains("the re-run does not record column test_loss"), d.toString());
        assertTrue(d.contains("row 2: test_r2: 0.5 vs 0.6"), d.toString());
    }
}
