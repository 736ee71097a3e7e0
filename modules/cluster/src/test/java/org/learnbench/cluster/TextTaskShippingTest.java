package org.learnbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;

/** A text task's run names its documents by content, so a worker fetches them as it fetches a CSV task's. */
class TextTaskShippingTest {
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
}
