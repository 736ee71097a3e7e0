package org.learnbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;

/**
 * A run's dataset travels by content: a text task's run names its documents as a CSV task's names its table,
 * and a worker's copy of the config keeps every task setting.
 */
class DatasetShippingTest {
    @TempDir
    Path tmp;

    @Test
    void aTextRunCarriesItsDatasetByDigest() throws Exception {
        Path emails = Path.of("../../experiments/data/spamassassin.csv.gz")
                .toAbsolutePath()
                .normalize();
        Path experiment = Files.writeString(
                tmp.resolve("text.yaml"),
                "name: text\ntask: {type: text, dataset: " + emails + ", target: label}\nnetwork: {hidden: [4]}\n"
                        + "optimizer: {type: backprop}\nbudget: {epochs: 1}\nseeds: [1]\n");
        ExperimentConfig config = ConfigReader.read(experiment);
        RunTask task = RunTask.of(new Secret(Loopback.SECRET), BuildId.current(), "text seed 1", config, 1, 1, "c");
        assertNotNull(task.dataset);
        assertEquals("8d2feddc015483636f2b9f0172279e1903414930ebe1381f87087512b6921605", task.dataset.sha256());
        assertEquals("spamassassin.csv.gz", task.dataset.name());
    }

    @Test
    void aWorkersCopyOfAnImageCsvRunKeepsItsShapeAndScaling() throws Exception {
        Path digits =
                Path.of("../../experiments/data/digits.csv").toAbsolutePath().normalize();
        Path experiment = Files.writeString(
                tmp.resolve("images.yaml"),
                "name: images\ntask: {dataset: " + digits + ", target: target, kind: classification, image: [1, 8, 8],"
                        + " scaling: none}\nnetwork: {hidden: [4]}\noptimizer: {type: backprop}\nbudget: {epochs: 1}\n"
                        + "seeds: [1]\n");
        ExperimentConfig config = ConfigReader.read(experiment);
        Path copy = Files.copy(digits, tmp.resolve("worker-copy.csv"));
        ExperimentConfig onWorker = RunTask.relocated(config, copy, digits.toString());
        org.learnbench.experiment.config.TaskConfig.Csv task =
                (org.learnbench.experiment.config.TaskConfig.Csv) onWorker.task();
        assertEquals(copy, task.dataset());
        assertEquals(org.learnbench.nn.Shape.image(1, 8, 8), task.image());
        assertEquals(org.learnbench.tasks.data.Scaling.NONE, task.scaling());
        assertEquals(
                config.task(),
                new org.learnbench.experiment.config.TaskConfig.Csv(
                        ((org.learnbench.experiment.config.TaskConfig.Csv) config.task()).dataset(),
                        task.location(),
                        task.sha256(),
                        task.columns(),
                        task.split(),
                        task.banditWrongReward(),
                        task.banditSigma(),
                        task.image(),
                        task.scaling()),
                "only where the file is read from changed");
    }
}
