package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.TaskConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.Replay;
import org.learnbench.nn.Activation;
import org.learnbench.tasks.data.Mnist;
import org.learnbench.tasks.data.Scaling;

/** Layer stacks and image tasks in configs: resolved forms, old records, pictures, all three families. */
class ConvNetworkConfigTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPerceptronsNetworkSectionResolvesAsItAlwaysHas() {
        ExperimentConfig c = ConfigReader.read(CliHarness.EXPERIMENTS.resolve("digits-quickstart.yaml"));
        Map<String, Object> network = (Map<String, Object>) c.resolved().get("network");
        assertEquals(List.of("hidden", "activation", "init", "dropout", "precision"), List.copyOf(network.keySet()));
        assertEquals(List.of(32), network.get("hidden"));
        assertEquals("he_uniform", network.get("init"));
        // A tabular CSV task records that it is not an image task and that it is standardised per column.
        Map<String, Object> task = (Map<String, Object>) c.resolved().get("task");
        assertTrue(task.containsKey("image") && task.get("image") == null, task.toString());
        assertEquals("standard", task.get("scaling"));
    }

    @Test
    void theLenetConfigRoundTripsAndHasLenetsShapesAndParameters() {
        ExperimentConfig c = ConfigReader.read(CliHarness.EXPERIMENTS.resolve("mnist-lenet.yaml"));
        assertFalse(c.network().isMlp());
        assertEquals(
                "1x28x28: conv 6@5x5 pad 2 -> 6x28x28, relu, maxpool 2 -> 6x14x14, conv 16@5x5 -> 16x10x10, relu,"
                        + " maxpool 2 -> 16x5x5, flatten -> 400, dense 120, relu, dense 84, relu, dense 10 float32",
                c.network().describe(Mnist.SHAPE, 10));
        // torch.nn.Sequential(Conv2d(1, 6, 5, padding=2), ReLU(), MaxPool2d(2), Conv2d(6, 16, 5), ReLU(),
        // MaxPool2d(2), Flatten(), Linear(400, 120), ReLU(), Linear(120, 84), ReLU(), Linear(84, 10)) has
        // 156 + 2416 + 48120 + 10164 + 850 = 61706 parameters (sum(p.numel() for p in net.parameters())).
        assertEquals(
                61706, c.network().build(Mnist.SHAPE, 10, Activation.IDENTITY).parameterCount());
        assertEquals(61706, new ExperimentRunner(tmp).check(c, 1).parameters());
        Map<String, Object> resolved = c.resolved();
        ExperimentConfig again = ConfigReader.fromResolved(resolved, c.source(), tmp.resolve("manifest.json"));
        assertEquals(c, again);
        assertEquals(ConfigHash.of(c), ConfigHash.of(again));
        Map<String, Object> network = (Map<String, Object>) resolved.get("network");
        List<Map<String, Object>> layers = (List<Map<String, Object>>) network.get("layers");
        assertEquals(11, layers.size());
        Map<String, Object> conv = new LinkedHashMap<>();
        conv.put("type", "conv");
        conv.put("filters", 6);
        conv.put("kernel", 5);
        conv.put("stride", 1);
        conv.put("padding", 2);
        conv.put("in_channels", null);
        assertEquals(conv, layers.get(0));
        assertEquals(Map.of("type", "relu"), layers.get(1));
        assertEquals(Map.of("type", "max_pool", "kernel", 2, "stride", 2), layers.get(2));
        TaskConfig.Mnist task = (TaskConfig.Mnist) c.task();
        assertEquals(5000, task.validation());
        assertEquals(Scaling.MIN_MAX, task.scaling());
    }

    /** A run folder whose manifest records {@code config} in hash format 2 (before image and scaling). */
    private Path formatTwoRun(Map<String, Object> config) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("old/seed-1"));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put(
                "config_file",
                CliHarness.EXPERIMENTS.resolve("digits-quickstart.yaml").toString());
        manifest.put("config", config);
        manifest.put("config_hash", ConfigHash.ofResolved(config));
        manifest.put("config_hash_format", 2);
        manifest.put("seed", 1);
        Files.writeString(folder.resolve("manifest.json"), JSON.writeValueAsString(manifest));
        return folder;
    }

    @Test
    void aFormatTwoRecordOfACsvTaskReadsAsPerColumnStandardisation() throws IOException {
        ExperimentConfig now = ConfigReader.read(CliHarness.EXPERIMENTS.resolve("digits-quickstart.yaml"));
        Map<String, Object> old = JSON.readValue(JSON.writeValueAsString(now.resolved()), Map.class);
        Map<String, Object> task = (Map<String, Object>) old.get("task");
        task.remove("image");
        task.remove("scaling");
        ExperimentConfig read = Replay.config(formatTwoRun(old));
        TaskConfig.Csv csv = (TaskConfig.Csv) read.task();
        assertEquals(Scaling.STANDARD, csv.scaling());
        assertNull(csv.image());
        assertEquals(now, read);
        // Its recorded hash (format 2) is not today's hash of the same settings (format 3 records scaling).
        assertNotEquals(ConfigHash.ofResolved(old), ConfigHash.of(read));
    }

    private static final String DIGITS_CONV =
            """
            name: NAME
            task: {dataset: DIGITS, target: target, kind: classification, image: [1, 8, 8]}
            network:
              layers:
                - {type: conv, filters: 3, kernel: 3, padding: 1}
                - relu
                - {type: max_pool, kernel: 2}
                - flatten
            OPTIMIZER
            seeds: [1]
            """;

    private Path run(String name, String optimizer, String... extra) throws IOException {
        Path config = CliHarness.config(
                tmp, name + ".yaml", DIGITS_CONV.replace("NAME", name).replace("OPTIMIZER", optimizer));
        Path results = tmp.resolve("results-" + name + "-" + extra.length);
        List<String> args =
                new java.util.ArrayList<>(List.of("run", config.toString(), "--results", results.toString(), "-q"));
        args.addAll(List.of(extra));
        CliHarness.Outcome o = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.err());
        return results.resolve(name).resolve("seed-1");
    }

    @Test
    void aClassificationRunOnImagesDrawsItsConfusionMatrixMistakesAndFilters() throws IOException {
        Path seed = run(
                "pictures",
                "optimizer: {type: backprop, rule: adam, learning_rate: 0.01, batch_size: 32}\nbudget: {epochs: 3}");
        for (String png : List.of("confusion.png", "misclassified.png", "filters.png")) {
            BufferedImage image = ImageIO.read(seed.resolve(png).toFile());
            assertNotNull(image, png);
            assertTrue(image.getWidth() > 300 && image.getHeight() > 100, png);
        }
    }

    @Test
    void everyBackpropRuleLowersAConvNetsTrainingLoss() throws IOException {
        for (String rule : List.of(
                "sgd, learning_rate: 0.1",
                "sgd, learning_rate: 0.05, momentum: 0.9, nesterov: true",
                "adam, learning_rate: 0.01",
                "adamw, learning_rate: 0.01",
                "rmsprop, learning_rate: 0.003",
                "adagrad, learning_rate: 0.05")) {
            String name =
                    "rule-" + rule.substring(0, rule.indexOf(',')) + (rule.contains("nesterov") ? "-nesterov" : "");
            Path seed =
                    run(name, "optimizer: {type: backprop, rule: " + rule + ", batch_size: 32}\nbudget: {epochs: 3}");
            List<String> rows = Files.readAllLines(seed.resolve("metrics.csv"));
            List<String> header = List.of(rows.get(0).split(","));
            int loss = header.indexOf("train_loss");
            double first = Double.parseDouble(rows.get(1).split(",")[loss]);
            double last = Double.parseDouble(rows.get(rows.size() - 1).split(",")[loss]);
            assertTrue(last < 0.5 * first, rule + ": train loss " + first + " -> " + last);
        }
    }

    @Test
    void theGeneticAlgorithmAndThePolicyGradientBanditTrainAConvNetTheSameOnAnyThreadCount() throws IOException {
        String ga = "optimizer: {type: genetic, preset: deep_ga, population: 12, fitness_batch: 64}\n"
                + "budget: {iterations: 4}";
        String pg = "optimizer: {type: policy_gradient, rule: adam, learning_rate: 0.01, episodes_per_update: 32}\n"
                + "budget: {iterations: 6}";
        for (String optimizer : List.of(ga, pg)) {
            String name = optimizer == ga ? "genetic" : "bandit";
            Path one = run(name, optimizer, "--threads", "1");
            Path two = run(name, optimizer, "--threads", "2", "--overwrite");
            assertEquals(List.of(), Replay.differences(one.resolve("metrics.csv"), two.resolve("metrics.csv")));
            String metrics = Files.readString(one.resolve("metrics.csv"));
            assertTrue(metrics.lines().count() >= 3, metrics);
            assertTrue(Files.exists(one.resolve("filters.png")));
        }
    }
}
