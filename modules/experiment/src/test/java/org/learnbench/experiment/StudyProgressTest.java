package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.run.RunRecord;
import org.learnbench.experiment.study.LocalExecutor;
import org.learnbench.experiment.study.StudyReader;
import org.learnbench.experiment.study.StudyRun;
import org.learnbench.experiment.study.StudyRunner;

/**
 * A study reports the share of its pending work done as each run finishes: finished runs count whole,
 * running ones by the share of their budget they have used, so the share never lags the finished count
 * and reaches 1 with the last run.
 */
class StudyProgressTest {
    @TempDir
    Path tmp;

    @Test
    void theShareDoneCountsRunningRunsByTheirBudget() throws Exception {
        Path file = CliHarness.config(
                tmp,
                "s.yaml",
                """
                study: progress
                tasks:
                  sphere:
                    task: {type: sphere, dimension: 3}
                    budget: {evaluations: 2000}
                optimizers:
                  rs:
                    optimizer: {type: random_search, samples: [10, 20]}
                seeds: 1..3
                parallel: 2
                """);
        List<double[]> seen = new ArrayList<>();
        StudyRunner runner = new StudyRunner(tmp.resolve("results"), new LocalExecutor(2));
        runner.run(StudyReader.read(file), new StudyRunner.Listener() {
            @Override
            public void onFinished(StudyRun run, RunRecord record, Exception failure, int done, int total, long e) {
                throw new AssertionError("the runner calls the form with the share done");
            }

            @Override
            public void onFinished(
                    StudyRun run, RunRecord record, Exception failure, int done, int total, long e, double share) {
                seen.add(new double[] {done, total, share});
            }
        });
        assertEquals(6, seen.size());
        for (double[] s : seen) {
            assertTrue(s[2] >= s[0] / s[1] - 1e-12 && s[2] <= 1, s[0] + "/" + s[1] + ": " + s[2]);
        }
        assertEquals(1.0, seen.get(seen.size() - 1)[2], 1e-12);
    }
}
