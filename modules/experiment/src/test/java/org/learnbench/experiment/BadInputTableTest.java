package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of bad inputs: configs, CSV files, studies, command lines and file-system situations. Each
 * must end with exit code 2 and one line, prefixed {@code learnbench: }, naming the file and the key or
 * line (the fragments of each case), with no stack trace, and must leave every file and folder as it was
 * (nothing written, nothing removed). Config and CSV cases go through both {@code run} and {@code
 * validate}: validate must catch everything run would refuse.
 */
class BadInputTableTest {
    @TempDir
    Path root;

    private static final String VALID =
            """
            name: tiny
            task:
              dataset: DIGITS
              target: target
              kind: classification
            network:
              hidden: [8]
              activation: relu
            optimizer:
              type: backprop
              rule: adam
              learning_rate: 0.01
            budget:
              epochs: 2
            seeds: [1]
            """;

    private static final String GA =
            """
            name: tiny-ga
            task:
              dataset: DIGITS
              target: target
              kind: classification
            network:
              hidden: [8]
            optimizer:
              type: genetic
              population: 10
              fitness_batch: 64
            budget:
              evaluations: 40
            seeds: [1]
            """;

    private static final String CSV_CONFIG =
            """
            name: tiny-csv
            task:
              dataset: data.csv
              target: y
              kind: KIND
            network:
              hidden: [4]
            optimizer:
              type: backprop
              rule: adam
            budget:
              epochs: 2
            seeds: [1]
            """;

    private static final String STUDY =
            """
            study: tiny-study
            tasks:
              digits:
                task:
                  dataset: DIGITS
                  target: target
                  kind: classification
                network: {hidden: [8]}
                budget: {epochs: 2}
            optimizers:
              backprop:
                optimizer: {type: backprop, rule: adam, learning_rate: 0.01}
            seeds: [1]
            """;

    /** Writes the inputs of a case into its folder and returns the command line. */
    interface Setup {
        String[] args(Path dir) throws IOException;
    }

    /** One bad input: how to set it up, and the fragments its message must contain. */
    record Case(String name, Setup setup, List<String> fragments) {}

    private static final List<Case> CASES = new ArrayList<>();

    private static void add(String name, Setup setup, String... fragments) {
        CASES.add(new Case(name, setup, List.of(fragments)));
    }

    /** An experiment config (both run and validate). */
    private static void config(String name, String yaml, String... fragments) {
        add("run: " + name, dir -> run(dir, yaml), fragments);
        add("validate: " + name, dir -> validate(dir, yaml), fragments);
    }

    /** The valid config with one text replaced. */
    private static void edit(String name, String from, String to, String... fragments) {
        if (!VALID.contains(from)) {
            throw new IllegalStateException(name + ": '" + from + "' not in the config");
        }
        config(name, VALID.replace(from, to), fragments);
    }

    private static void editGa(String name, String from, String to, String... fragments) {
        if (!GA.contains(from)) {
            throw new IllegalStateException(name + ": '" + from + "' not in the GA config");
        }
        config(name, GA.replace(from, to), fragments);
    }

    /** A CSV file data.csv with a config reading it as {@code kind}, with optional extra task lines. */
    private static void csv(String name, String kind, String csv, String taskExtra, String... fragments) {
        String yaml = CSV_CONFIG.replace("KIND", kind).replace("  kind: " + kind, "  kind: " + kind + taskExtra);
        add(
                "run: csv: " + name,
                dir -> {
                    Files.writeString(dir.resolve("data.csv"), csv);
                    return run(dir, yaml);
                },
                fragments);
        add(
                "validate: csv: " + name,
                dir -> {
                    Files.writeString(dir.resolve("data.csv"), csv);
                    return validate(dir, yaml);
                },
                fragments);
    }

    private static void study(String name, String yaml, String... fragments) {
        add(
                "study: " + name,
                dir -> new String[] {
                    "study",
                    write(dir, "study.yaml", yaml).toString(),
                    "--results",
                    dir.resolve("results").toString()
                },
                fragments);
    }

    private static Path write(Path dir, String name, String yaml) throws IOException {
        return CliHarness.config(dir, name, yaml);
    }

    private static String[] run(Path dir, String yaml) throws IOException {
        return new String[] {
            "run",
            write(dir, "bad.yaml", yaml).toString(),
            "--results",
            dir.resolve("results").toString(),
            "-q"
        };
    }

    private static String[] validate(Path dir, String yaml) throws IOException {
        return new String[] {"validate", write(dir, "bad.yaml", yaml).toString()};
    }

    private static String rows(int n, java.util.function.IntFunction<String> row) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(row.apply(i)).append('\n');
        }
        return s.toString();
    }

    static {
        // ---- experiment configs: keys, values, types ----
        edit(
                "an unknown key",
                "  learning_rate: 0.01",
                "  lerning_rate: 0.01",
                "bad.yaml",
                "line 12",
                "optimizer.lerning_rate");
        edit("a word for a number", "epochs: 2", "epochs: many", "bad.yaml", "line 14", "budget.epochs");
        edit("a mapping for a list", "hidden: [8]", "hidden: {size: 8}", "bad.yaml", "line 7", "network.hidden");
        edit(
                "a negative learning rate",
                "learning_rate: 0.01",
                "learning_rate: -0.01",
                "bad.yaml",
                "line 12",
                "optimizer.learning_rate");
        edit("a zero layer", "hidden: [8]", "hidden: [8, 0]", "bad.yaml", "line 7", "network.hidden");
        edit("a missing dataset", "dataset: DIGITS", "dataset: missing.csv", "bad.yaml", "line 3", "task.dataset");
        edit("no budget", "budget:\n  epochs: 2\n", "", "bad.yaml", "budget", "missing");
        edit("an unknown rule", "rule: adam", "rule: adamax", "bad.yaml", "optimizer.rule");
        edit(
                "an unknown precision",
                "  hidden: [8]",
                "  hidden: [8]\n  precision: float16",
                "bad.yaml",
                "network.precision");
        edit("broken YAML", "  hidden: [8]", "  hidden: [8", "bad.yaml", "not valid YAML");
        edit(
                "a wrong sha256",
                "  kind: classification",
                "  kind: classification\n  sha256: " + "0".repeat(64),
                "bad.yaml",
                "task.sha256");
        edit(
                "a malformed sha256",
                "  kind: classification",
                "  kind: classification\n  sha256: xyz",
                "bad.yaml",
                "task.sha256",
                "64 hexadecimal");
        edit("a missing target column", "target: target", "target: label", "digits.csv", "'label'", "pixel_7_7");
        edit("a target in the wrong case", "target: target", "target: Target", "digits.csv", "did you mean 'target'");
        edit(
                "100000000 hidden units",
                "hidden: [8]",
                "hidden: [100000000]",
                "bad.yaml",
                "network.hidden",
                "parameters");
        edit(
                "60000 x 60000 hidden units",
                "hidden: [8]",
                "hidden: [60000, 60000]",
                "bad.yaml",
                "network.hidden",
                "parameters");
        edit("20000000 hidden units", "hidden: [8]", "hidden: [20000000]", "bad.yaml", "network.hidden", "memory");
        edit("a layer wider than an int", "hidden: [8]", "hidden: [3000000000]", "bad.yaml", "network.hidden");
        edit("a word among layer sizes", "hidden: [8]", "hidden: [8, x]", "bad.yaml", "network.hidden");
        edit("no seeds", "seeds: [1]", "seeds: []", "bad.yaml", "seeds");
        edit("an empty seeds value", "seeds: [1]", "seeds:", "bad.yaml", "seeds", "no value");
        edit(
                "an empty learning rate",
                "learning_rate: 0.01",
                "learning_rate:",
                "bad.yaml",
                "optimizer.learning_rate",
                "no value");
        edit("an empty epochs", "epochs: 2", "epochs:", "bad.yaml", "budget.epochs", "no value");
        edit("an empty network", "network:\n  hidden: [8]\n  activation: relu\n", "network:\n", "bad.yaml", "network");
        edit(
                "an empty task",
                "task:\n  dataset: DIGITS\n  target: target\n  kind: classification\n",
                "task:\n",
                "bad.yaml",
                "task");
        edit("an empty name", "name: tiny", "name:", "bad.yaml", "name", "no value");
        edit(
                "excluding the target",
                "  kind: classification",
                "  kind: classification\n  exclude: [target]",
                "bad.yaml",
                "task.exclude",
                "target");
        edit("a misspelt kind", "kind: classification", "kind: classfication", "bad.yaml", "task.kind");
        edit("no kind", "  kind: classification\n", "", "bad.yaml", "task.kind", "missing");
        edit("no target", "  target: target\n", "", "bad.yaml", "task.target", "missing");
        edit("a folder as dataset", "dataset: DIGITS", "dataset: .", "bad.yaml", "task.dataset", "folder");
        edit(
                "/dev/null as dataset",
                "dataset: DIGITS",
                "dataset: /dev/null",
                "bad.yaml",
                "task.dataset",
                "not a regular file");
        edit("name ..", "name: tiny", "name: ..", "bad.yaml", "name");
        edit("name .", "name: tiny", "name: .", "bad.yaml", "name");
        edit("a name with a slash", "name: tiny", "name: a/b", "bad.yaml", "name");
        edit("a name leading up", "name: tiny", "name: ../../escape", "bad.yaml", "name");
        edit("an empty quoted name", "name: tiny", "name: ''", "bad.yaml", "name");
        edit("a bare number of seeds", "seeds: [1]", "seeds: 5", "bad.yaml", "seeds", "ambiguous");
        edit("a negative seed", "seeds: [1]", "seeds: [-5]", "bad.yaml", "seeds");
        edit("a repeated seed", "seeds: [1]", "seeds: [1, 1]", "bad.yaml", "seeds", "distinct");
        edit("a word as seed", "seeds: [1]", "seeds: [x]", "bad.yaml", "seeds");
        edit("a backwards seed range", "seeds: [1]", "seeds: 5..1", "bad.yaml", "seeds");
        edit("ten million seeds", "seeds: [1]", "seeds: 1..10000000", "bad.yaml", "seeds", "at most");
        edit("a seed past 2^63", "seeds: [1]", "seeds: [9223372036854775808]", "bad.yaml", "seeds");
        edit("zero threads", "seeds: [1]", "seeds: [1]\nthreads: 0", "bad.yaml", "threads");
        edit("a word as threads", "seeds: [1]", "seeds: [1]\nthreads: many", "bad.yaml", "threads");
        edit(
                "batch size 0",
                "  learning_rate: 0.01",
                "  learning_rate: 0.01\n  batch_size: 0",
                "bad.yaml",
                "optimizer.batch_size");
        edit(
                "a negative batch size",
                "  learning_rate: 0.01",
                "  learning_rate: 0.01\n  batch_size: -1",
                "bad.yaml",
                "optimizer.batch_size");
        edit(
                "a word as learning rate",
                "learning_rate: 0.01",
                "learning_rate: abc",
                "bad.yaml",
                "optimizer.learning_rate");
        edit(
                "an infinite learning rate",
                "learning_rate: 0.01",
                "learning_rate: .inf",
                "bad.yaml",
                "optimizer.learning_rate");
        edit("NaN learning rate", "learning_rate: 0.01", "learning_rate: NaN", "bad.yaml", "optimizer.learning_rate");
        edit("zero epochs", "epochs: 2", "epochs: 0", "bad.yaml", "budget.epochs");
        edit("negative epochs", "epochs: 2", "epochs: -3", "bad.yaml", "budget.epochs");
        edit("fractional epochs", "epochs: 2", "epochs: 1.5", "bad.yaml", "budget.epochs");
        edit("epochs and iterations", "epochs: 2", "epochs: 2\n  iterations: 3", "bad.yaml", "budget");
        edit("a zero wall time", "epochs: 2", "epochs: 2\n  wall_time: 0s", "bad.yaml", "budget.wall_time");
        edit("a wall time in words", "epochs: 2", "epochs: 2\n  wall_time: forever", "bad.yaml", "budget.wall_time");
        edit("dropout 1", "  activation: relu", "  activation: relu\n  dropout: 1.0", "bad.yaml", "network.dropout");
        edit(
                "negative dropout",
                "  activation: relu",
                "  activation: relu\n  dropout: -0.1",
                "bad.yaml",
                "network.dropout");
        edit("softmax hidden activation", "activation: relu", "activation: softmax", "bad.yaml", "network.activation");
        edit(
                "an unknown initialiser",
                "  activation: relu",
                "  activation: relu\n  init: zeros",
                "bad.yaml",
                "network.init");
        edit("an unknown optimizer type", "type: backprop", "type: backpropagation", "bad.yaml", "optimizer.type");
        edit(
                "an optimizer list",
                "optimizer:\n  type: backprop\n  rule: adam\n  learning_rate: 0.01\n",
                "optimizer: [backprop]\n",
                "bad.yaml",
                "optimizer");
        edit(
                "a task name for a task",
                "task:\n  dataset: DIGITS\n  target: target\n  kind: classification\n",
                "task: digits\n",
                "bad.yaml",
                "task");
        edit(
                "splits adding to 1.5",
                "  kind: classification",
                "  kind: classification\n  split: {train: 0.5, validation: 0.5, test: 0.5}",
                "bad.yaml",
                "task.split");
        edit(
                "a zero train split",
                "  kind: classification",
                "  kind: classification\n  split: {train: 0, validation: 0.5, test: 0.5}",
                "bad.yaml",
                "task.split.train");
        edit(
                "a train split over 1",
                "  kind: classification",
                "  kind: classification\n  split: {train: 1.5}",
                "bad.yaml",
                "task.split.train");
        edit(
                "log target on classes",
                "  kind: classification",
                "  kind: classification\n  log_target: true",
                "bad.yaml",
                "task.log_target");
        edit(
                "features and exclude",
                "  kind: classification",
                "  kind: classification\n  features: [pixel_0_1]\n  exclude: [pixel_0_2]",
                "bad.yaml",
                "task.exclude");
        edit(
                "an unknown feature",
                "  kind: classification",
                "  kind: classification\n  features: [nope]",
                "digits.csv",
                "'nope'");
        edit(
                "an unknown categorical column",
                "  kind: classification",
                "  kind: classification\n  categorical: [nope]",
                "digits.csv",
                "'nope'");
        edit(
                "an unknown excluded column",
                "  kind: classification",
                "  kind: classification\n  exclude: [nope]",
                "digits.csv",
                "'nope'");
        edit(
                "the target as a feature",
                "  kind: classification",
                "  kind: classification\n  features: [target]",
                "bad.yaml",
                "task");
        edit("an unknown top-level key", "seeds: [1]", "seeds: [1]\nepochs: 5", "bad.yaml", "epochs", "unknown key");
        edit("a key given twice", "seeds: [1]", "seeds: [1]\nseeds: [2]", "bad.yaml", "seeds", "twice");
        edit(
                "checkpoints every 0",
                "seeds: [1]",
                "seeds: [1]\ncheckpoints: {every: 0}",
                "bad.yaml",
                "checkpoints.every");
        edit(
                "log-spaced on an unlimited clock",
                "seeds: [1]",
                "seeds: [1]\ncheckpoints: {log_spaced: 10, clock: episodes}",
                "bad.yaml",
                "checkpoints");
        edit(
                "every and log_spaced",
                "seeds: [1]",
                "seeds: [1]\ncheckpoints: {every: 2, log_spaced: 10}",
                "bad.yaml",
                "checkpoints.log_spaced");
        edit(
                "a target on test data",
                "epochs: 2",
                "epochs: 2\n  target: {metric: test_accuracy, value: 0.9}",
                "bad.yaml",
                "budget.target.metric");
        edit(
                "a target metric not recorded",
                "epochs: 2",
                "epochs: 2\n  target: {metric: nonsense, value: 0.9}",
                "bad.yaml",
                "budget.target.metric");
        edit("momentum for adam", "rule: adam", "rule: adam\n  momentum: 0.9", "bad.yaml", "optimizer.momentum");
        edit(
                "a negative weight decay",
                "rule: adam",
                "rule: adam\n  weight_decay: -1",
                "bad.yaml",
                "optimizer.weight_decay");
        edit("a description list", "name: tiny", "name: tiny\ndescription: [a, b]", "bad.yaml", "description");
        edit("an unknown task type", "  dataset: DIGITS", "  type: chess\n  dataset: DIGITS", "bad.yaml", "task.type");
        edit(
                "an unknown missing policy",
                "  kind: classification",
                "  kind: classification\n  missing: maybe",
                "bad.yaml",
                "task.missing");
        edit(
                "yes for stratify",
                "  kind: classification",
                "  kind: classification\n  split: {stratify: yes}",
                "bad.yaml",
                "task.split.stratify");
        edit(
                "a positive bandit wrong reward",
                "  kind: classification",
                "  kind: classification\n  bandit_wrong_reward: 1",
                "bad.yaml",
                "task.bandit_wrong_reward");
        edit(
                "a zero bandit sigma",
                "  kind: classification",
                "  kind: classification\n  bandit_sigma: 0",
                "bad.yaml",
                "task.bandit_sigma");
        editGa(
                "a fitness batch larger than the training split",
                "fitness_batch: 64",
                "fitness_batch: 5000",
                "bad.yaml",
                "optimizer.fitness_batch",
                "1258");
        editGa(
                "a random-search batch larger than the split",
                "  type: genetic\n  population: 10\n  fitness_batch: 64",
                "  type: random_search\n  samples: 10\n  fitness_batch: 5000",
                "bad.yaml",
                "optimizer.fitness_batch",
                "1258");
        editGa("a zero population", "population: 10", "population: 0", "bad.yaml", "optimizer.population");
        editGa(
                "elites as many as the population",
                "population: 10",
                "population: 10\n  elites: 10",
                "bad.yaml",
                "optimizer.elites");
        editGa("a zero fitness batch", "fitness_batch: 64", "fitness_batch: 0", "bad.yaml", "optimizer.fitness_batch");
        editGa("zero evaluations", "evaluations: 40", "evaluations: 0", "bad.yaml", "budget.evaluations");
        config(
                "a network for a black-box function",
                "name: box\ntask: {type: rastrigin, dimension: 10}\nnetwork: {hidden: [8]}\noptimizer: {type: genetic}\n"
                        + "budget: {evaluations: 100}\n",
                "bad.yaml",
                "network");
        config(
                "a zero-dimensional function",
                "name: box\ntask: {type: rastrigin, dimension: 0}\noptimizer: {type: genetic}\nbudget: {evaluations: 100}\n",
                "bad.yaml",
                "task.dimension");
        config(
                "CMA-ES on a function too big to fit",
                "name: box\ntask: {type: sphere, dimension: 200000}\noptimizer: {type: cmaes}\nbudget: {evaluations: 100}\n",
                "bad.yaml",
                "task.dimension",
                "memory");
        config(
                "zero evaluation episodes",
                "name: cp\ntask: {type: cartpole, evaluation_episodes: 0}\nnetwork: {hidden: [8]}\n"
                        + "optimizer: {type: policy_gradient}\nbudget: {episodes: 10}\n",
                "bad.yaml",
                "task.evaluation_episodes");
        config(
                "backprop on a control task",
                "name: cp\ntask: {type: cartpole}\nnetwork: {hidden: [8]}\noptimizer: {type: backprop}\n"
                        + "budget: {episodes: 10}\n",
                "bad.yaml",
                "optimizer");
        config("a list at the top", "- name: tiny\n", "bad.yaml", "mapping");
        config("an empty file", "", "bad.yaml", "empty");
        config("a comment only", "# nothing here\n", "bad.yaml", "empty");
        add("run: a study file", dir -> run(dir, STUDY), "bad.yaml", "learnbench study");

        // ---- CSV files ----
        String ok = "a,b,y\n" + rows(40, i -> i + "," + (2 * i) + "," + (i % 2));
        csv("a ragged row", "classification", "a,b,y\n1,2,0\n3,4,1\n5,6\n7,8,1\n", "", "data.csv", "line 4");
        csv(
                "a word in a numeric column",
                "classification",
                "a,b,y\n" + rows(40, i -> i + "," + (i == 17 ? "x1.5" : "" + i) + "," + i % 2),
                "",
                "data.csv",
                "line 19",
                "'b'");
        csv("an empty file", "classification", "", "", "data.csv", "empty");
        csv("a header only", "classification", "a,b,y\n", "", "data.csv", "no data rows");
        csv("a column named twice", "classification", "a,a,y\n1,2,0\n", "", "data.csv", "line 1", "'a'");
        csv("a header without a name", "classification", "a,,y\n1,2,0\n", "", "data.csv", "line 1", "column 2");
        csv("one class", "classification", "a,y\n" + rows(30, i -> i + ",same"), "", "data.csv", "one class");
        csv("one row", "regression", "a,y\n1,2\n", "", "data.csv", "empty", "1 rows");
        csv("four rows", "regression", "a,y\n1,2\n2,3\n3,4\n4,5\n", "", "data.csv", "empty", "4 rows");
        csv(
                "a continuous target as classes",
                "classification",
                "a,y\n" + rows(300, i -> i + "," + (1000 + 13 * i)),
                "",
                "data.csv",
                "kind: regression");
        csv(
                "a class too rare to stratify",
                "classification",
                "a,y\n" + rows(40, i -> i + "," + (i == 0 ? "rare" : i % 2 == 0 ? "p" : "q")),
                "",
                "data.csv",
                "'rare'");
        csv("every target missing", "regression", "a,y\n" + rows(10, i -> i + ",NA"), "", "data.csv", "missing");
        csv("an empty feature column", "regression", "a,b,y\n" + rows(30, i -> i + ",," + i), "", "data.csv", "'b'");
        csv(
                "a word as regression target",
                "regression",
                "a,y\n" + rows(30, i -> i + "," + (i == 5 ? "lots" : "" + i)),
                "",
                "data.csv",
                "line 7",
                "'lots'");
        csv(
                "a zero under log target",
                "regression",
                "a,y\n" + rows(30, i -> i + "," + i),
                "\n  log_target: true",
                "data.csv",
                "line 2",
                "log");
        csv("an unterminated quote", "regression", "a,y\n1,\"2\n3,4\n", "", "data.csv");
        csv(
                "only the target column",
                "regression",
                "y\n" + rows(30, i -> "" + i),
                "",
                "data.csv",
                "no feature columns");
        csv(
                "every feature excluded",
                "regression",
                "a,y\n" + rows(30, i -> i + "," + i),
                "\n  exclude: [a]",
                "data.csv",
                "no feature columns");
        csv(
                "every row dropped",
                "regression",
                "a,b,y\n" + rows(30, i -> i + ",," + i) + "1,2,3\n",
                "\n  missing: drop\n  features: [b]",
                "data.csv");
        csv(
                "the target's case differs",
                "classification",
                "a,Y\n" + rows(30, i -> i + "," + i % 2),
                "",
                "data.csv",
                "did you mean 'Y'");
        StringBuilder wide = new StringBuilder();
        for (int c = 0; c < 61; c++) {
            wide.append(c == 0 ? "" : ",").append("col").append(c);
        }
        csv(
                "61 columns and no target",
                "regression",
                wide + "\n" + wide.toString().replace("col", "") + "\n",
                "",
                "data.csv",
                "col60");
        csv("the target listed categorical", "classification", ok, "\n  categorical: [y]", "bad.yaml", "task");
        String smallGa = CSV_CONFIG
                .replace("KIND", "classification")
                .replace(
                        "  type: backprop\n  rule: adam\n", "  type: genetic\n  population: 10\n  fitness_batch: 100\n")
                .replace("epochs: 2", "evaluations: 40");
        add(
                "run: csv: a fitness batch over a small split",
                dir -> {
                    Files.writeString(dir.resolve("data.csv"), ok);
                    return run(dir, smallGa);
                },
                "bad.yaml",
                "optimizer.fitness_batch",
                "28 rows");
        add(
                "validate: csv: a fitness batch over a small split",
                dir -> {
                    Files.writeString(dir.resolve("data.csv"), ok);
                    return validate(dir, smallGa);
                },
                "bad.yaml",
                "optimizer.fitness_batch",
                "28 rows");
        csv("blank lines only", "regression", "a,y\n\n\n", "", "data.csv", "no data rows");
        csv(
                "a class of one row per value in Boston style",
                "classification",
                "a,y\n" + rows(506, i -> i + "," + (5 + (i % 229) * 0.1)),
                "",
                "data.csv",
                "distinct values");
        add(
                "run: csv: invalid UTF-8",
                dir -> {
                    Files.write(
                            dir.resolve("data.csv"),
                            new byte[] {'a', ',', 'y', '\n', (byte) 0xff, (byte) 0xfe, ',', '1', '\n'});
                    return run(dir, CSV_CONFIG.replace("KIND", "regression"));
                },
                "data.csv",
                "UTF-8");
        add(
                "validate: csv: corrupt gzip",
                dir -> {
                    byte[] gz = gzip("a,y\n" + rows(50, i -> i + "," + i));
                    Files.write(dir.resolve("data.csv"), java.util.Arrays.copyOf(gz, gz.length / 2));
                    return validate(dir, CSV_CONFIG.replace("KIND", "regression"));
                },
                "data.csv",
                "gzip");

        // ---- studies ----
        study("a study named ..", STUDY.replace("study: tiny-study", "study: .."), "study.yaml", "study");
        study("a task labelled ..", STUDY.replace("  digits:", "  ..:"), "study.yaml", "tasks");
        study(
                "an optimizer label with a slash",
                STUDY.replace("  backprop:\n", "  a/b:\n"),
                "study.yaml",
                "optimizers");
        study(
                "no tasks",
                STUDY.substring(0, STUDY.indexOf("tasks:")) + "tasks: {}\n"
                        + STUDY.substring(STUDY.indexOf("optimizers:")),
                "study.yaml",
                "tasks");
        study(
                "no optimizers",
                STUDY.substring(0, STUDY.indexOf("optimizers:")) + "seeds: [1]\n",
                "study.yaml",
                "optimizers");
        // Tuned studies: bad search spaces and protocols.
        String tuned = STUDY.replace("seeds: [1]", "seeds: [1]\ntuning: {trials: 2}");
        String searched = "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}\n    search:\n      ";
        study(
                "a search range with low above high",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "learning_rate: {log_uniform: [0.1, 0.001]}"),
                "study.yaml",
                "line 14",
                "learning_rate.log_uniform",
                "low <= high");
        study(
                "an empty search range",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "learning_rate: {uniform: [0.01, 0.01]}"),
                "study.yaml",
                "learning_rate.uniform",
                "empty range");
        study(
                "an empty choice",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "batch_size: {choice: []}"),
                "study.yaml",
                "batch_size.choice",
                "two or more");
        study(
                "a log range through zero",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "weight_decay: {log_uniform: [0, 0.01]}"),
                "study.yaml",
                "weight_decay.log_uniform",
                "above 0");
        study(
                "an unknown hyperparameter",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "learnig_rate: {log_uniform: [0.001, 0.1]}"),
                "study.yaml",
                "line 14",
                "search.learnig_rate",
                "did you mean 'learning_rate'");
        study(
                "a range the optimizer refuses at one end",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "weight_decay: {uniform: [-0.1, 0.1]}"),
                "study.yaml",
                "line 14",
                "search.weight_decay",
                "-0.1");
        study(
                "a range that is no range",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "learning_rate: 0.01"),
                "study.yaml",
                "search.learning_rate",
                "log_uniform");
        study(
                "two kinds in one range",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "learning_rate: {log_uniform: [0.001, 0.1], uniform: [0.001, 0.1]}"),
                "study.yaml",
                "exactly one");
        study(
                "a searched section",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        searched + "schedule: {choice: [a, b]}"),
                "study.yaml",
                "search.schedule",
                "a section");
        study(
                "a searched grid axis",
                tuned.replace(
                        "optimizer: {type: backprop, rule: adam, learning_rate: 0.01}",
                        "optimizer: {type: backprop, rule: adam, learning_rate: [0.01, 0.1]}\n    search:\n      "
                                + "learning_rate: {log_uniform: [0.001, 0.1]}"),
                "study.yaml",
                "search.learning_rate",
                "grid axis");
        study(
                "trial seeds that are evaluation seeds",
                STUDY.replace("seeds: [1]", "seeds: [1, 2]\ntuning: {trials: 2, seeds: [2, 3]}"),
                "study.yaml",
                "tuning.seeds",
                "disjoint",
                "[2]");
        study(
                "selection on a test metric",
                STUDY.replace("seeds: [1]", "seeds: [1]\ntuning: {trials: 2, metric: test_accuracy}"),
                "study.yaml",
                "tuning.metric",
                "test split");
        study(
                "selection on a metric the task does not record",
                STUDY.replace("seeds: [1]", "seeds: [1]\ntuning: {trials: 2, metric: validation_r2}"),
                "study.yaml",
                "tuning.metric",
                "validation_accuracy");
        study(
                "zero trials",
                STUDY.replace("seeds: [1]", "seeds: [1]\ntuning: {trials: 0}"),
                "study.yaml",
                "tuning.trials");
        study(
                "an unknown sampler",
                STUDY.replace("seeds: [1]", "seeds: [1]\ntuning: {trials: 2, sampler: sobel}"),
                "study.yaml",
                "tuning.sampler");
        study("an experiment file", VALID, "study.yaml", "experiment file");
        study(
                "an empty grid",
                STUDY.replace("learning_rate: 0.01", "learning_rate: []"),
                "study.yaml",
                "learning_rate");
        study("no seeds", STUDY.replace("seeds: [1]", "seeds: []"), "study.yaml", "seeds");
        study("a task without a budget", STUDY.replace("    budget: {epochs: 2}\n", ""), "study.yaml", "budget");
        study(
                "an unknown key in a task",
                STUDY.replace("    budget: {epochs: 2}", "    budget: {epochs: 2}\n    bugdet: 3"),
                "study.yaml",
                "bugdet");
        study("an unknown top-level key", STUDY + "paralel: 2\n", "study.yaml", "paralel");
        study(
                "a bad learning rate in a grid",
                STUDY.replace("learning_rate: 0.01", "learning_rate: [0.01, -1]"),
                "study.yaml",
                "learning_rate");
        study("a missing base study", "extends: nowhere.yaml\n" + STUDY, "nowhere.yaml", "file not found");
        study("parallel 0", STUDY + "parallel: 0\n", "study.yaml", "parallel");
        study("threads in words", STUDY + "threads: lots\n", "study.yaml", "threads");
        study("a missing dataset", STUDY.replace("dataset: DIGITS", "dataset: gone.csv"), "study.yaml", "dataset");
        study(
                "a fitness batch over the split",
                STUDY.replace(
                        "{type: backprop, rule: adam, learning_rate: 0.01}",
                        "{type: random_search, samples: 10, fitness_batch: 5000}"),
                "study.yaml",
                "fitness_batch",
                "1258");
        study("a missing target column", STUDY.replace("target: target", "target: digit"), "digits.csv", "'digit'");
        study(
                "a duplicated grid value",
                STUDY.replace("learning_rate: 0.01", "learning_rate: [0.01, 0.01]"),
                "study.yaml",
                "share the run folder");
        study("tasks as a list", STUDY.replace("tasks:\n  digits:", "tasks:\n- digits:"), "study.yaml", "tasks");
        study("a huge network", STUDY.replace("hidden: [8]", "hidden: [60000, 60000]"), "study.yaml", "network.hidden");
        study(
                "an empty optimizer",
                STUDY.replace("    optimizer: {type: backprop, rule: adam, learning_rate: 0.01}", "    optimizer:"),
                "study.yaml",
                "optimizer");
        study("broken YAML", STUDY.replace("seeds: [1]", "seeds: [1"), "study.yaml", "not valid YAML");
        study("an unknown optimizer type", STUDY.replace("type: backprop", "type: annealing"), "study.yaml", "type");
        study("a name leading up", STUDY.replace("study: tiny-study", "study: ../up"), "study.yaml", "study");
        add(
                "study: a file where the study's folder goes",
                dir -> {
                    Files.createDirectories(dir.resolve("results"));
                    Files.writeString(dir.resolve("results/tiny-study"), "mine");
                    return new String[] {
                        "study",
                        write(dir, "study.yaml", STUDY).toString(),
                        "--results",
                        dir.resolve("results").toString()
                    };
                },
                "tiny-study",
                "file");
        add(
                "study: a file where a run's folder goes",
                dir -> {
                    Files.createDirectories(dir.resolve("results/tiny-study/digits/backprop"));
                    Files.writeString(dir.resolve("results/tiny-study/digits/backprop/seed-1"), "mine");
                    return new String[] {
                        "study",
                        write(dir, "study.yaml", STUDY).toString(),
                        "--results",
                        dir.resolve("results").toString()
                    };
                },
                "seed-1",
                "file");

        // ---- command lines ----
        add("cli: a mistyped command", dir -> new String[] {"rn", "x.yaml"}, "'rn'", "did you mean run?");
        add("cli: a mistyped study command", dir -> new String[] {"stdy", "x.yaml"}, "'stdy'", "did you mean study?");
        add("cli: an unknown option", dir -> new String[] {"run", "--frobnicate", "x.yaml"}, "--frobnicate");
        add("cli: run without a config", dir -> new String[] {"run"}, "CONFIG");
        add("cli: validate without a config", dir -> new String[] {"validate"}, "CONFIG");
        add(
                "cli: two configs",
                dir -> new String[] {
                    "run",
                    write(dir, "a.yaml", VALID).toString(),
                    "b.yaml",
                    "--results",
                    dir.resolve("r").toString()
                },
                "b.yaml");
        for (String seed : List.of("-5", "1,1", "abc", "5..1", "", "1..10000000", "9223372036854775808", "2,x")) {
            add(
                    "cli: --seed " + seed,
                    dir -> new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--seed",
                        seed,
                        "--results",
                        dir.resolve("r").toString()
                    },
                    "--seed");
        }
        for (String threads : List.of("0", "-1", "many")) {
            add(
                    "cli: --threads " + threads,
                    dir -> new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--threads",
                        threads,
                        "--results",
                        dir.resolve("r").toString()
                    },
                    "--threads");
        }
        add(
                "cli: study --parallel 0",
                dir -> new String[] {
                    "study",
                    write(dir, "s.yaml", STUDY).toString(),
                    "--parallel",
                    "0",
                    "--results",
                    dir.resolve("r").toString()
                },
                "--parallel");
        add("cli: verify --sample 0", dir -> new String[] {"verify", dir.toString(), "--sample", "0"}, "--sample");
        add(
                "cli: verify a missing folder",
                dir -> new String[] {"verify", dir.resolve("nope").toString()},
                "nope",
                "no such folder");
        add("cli: verify a folder without runs", dir -> new String[] {"verify", dir.toString()}, "no finished runs");
        add("cli: verify --threads 0", dir -> new String[] {"verify", dir.toString(), "--threads", "0"}, "--threads");
        add(
                "cli: report a missing folder",
                dir -> new String[] {"report", dir.resolve("nope").toString()},
                "nope",
                "no such folder");
        add("cli: report a folder that is no study", dir -> new String[] {"report", dir.toString()}, "study.json");
        add(
                "cli: a missing config",
                dir -> new String[] {"run", dir.resolve("nope.yaml").toString()},
                "nope.yaml",
                "file not found");
        add("cli: a folder as config", dir -> new String[] {"validate", dir.toString()}, "cannot read");
        add("cli: an unknown study option", dir -> new String[] {"study", "s.yaml", "--fast"}, "--fast");
        add(
                "cli: a seed count for --parallel",
                dir -> new String[] {"study", "s.yaml", "--parallel", "two"},
                "--parallel");

        // ---- file-system situations ----
        add(
                "fs: --results is a file",
                dir -> {
                    Files.writeString(dir.resolve("results"), "mine");
                    return new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--results",
                        dir.resolve("results").toString(),
                        "-q"
                    };
                },
                "--results",
                "not a folder");
        add(
                "fs: --results below a file",
                dir -> {
                    Files.writeString(dir.resolve("plain"), "mine");
                    return new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--results",
                        dir.resolve("plain/results").toString(),
                        "-q"
                    };
                },
                "--results",
                "plain");
        add(
                "fs: a file where the run's folder goes",
                dir -> {
                    Files.createDirectories(dir.resolve("results/tiny"));
                    Files.writeString(dir.resolve("results/tiny/seed-1"), "mine");
                    return new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--results",
                        dir.resolve("results").toString(),
                        "-q"
                    };
                },
                "seed-1",
                "a file stands");
        add(
                "fs: a file where the experiment's folder goes",
                dir -> {
                    Files.createDirectories(dir.resolve("results"));
                    Files.writeString(dir.resolve("results/tiny"), "mine");
                    return new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--results",
                        dir.resolve("results").toString(),
                        "-q"
                    };
                },
                "tiny");
        add(
                "fs: a finished run is kept",
                dir -> {
                    Files.createDirectories(dir.resolve("results/tiny/seed-1"));
                    Files.writeString(dir.resolve("results/tiny/seed-1/manifest.json"), "{}");
                    return new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--results",
                        dir.resolve("results").toString(),
                        "-q"
                    };
                },
                "seed-1",
                "--overwrite");
        add(
                "fs: a folder of the user's is kept",
                dir -> {
                    Files.createDirectories(dir.resolve("results/tiny/seed-1/notes"));
                    return new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--results",
                        dir.resolve("results").toString(),
                        "-q"
                    };
                },
                "seed-1",
                "--overwrite");
        add(
                "fs: --overwrite never removes a file",
                dir -> {
                    Files.createDirectories(dir.resolve("results/tiny"));
                    Files.writeString(dir.resolve("results/tiny/seed-1"), "mine");
                    return new String[] {
                        "run",
                        write(dir, "a.yaml", VALID).toString(),
                        "--results",
                        dir.resolve("results").toString(),
                        "-q",
                        "--overwrite"
                    };
                },
                "seed-1",
                "a file stands");
        add(
                "fs: --results in /proc",
                dir -> new String[] {
                    "run", write(dir, "a.yaml", VALID).toString(), "--results", "/proc/learnbench-results", "-q"
                },
                "/proc");
    }

    private static byte[] gzip(String text) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every file and folder below {@code dir}, with each file's size and content hash. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        if (!Files.exists(dir)) {
            return tree;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String key = dir.relativize(p).toString();
                tree.put(
                        key,
                        Files.isDirectory(p)
                                ? "dir"
                                : Files.size(p) + ":" + java.util.Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return tree;
    }

    /** The valid config on 1x8x8 digit images with the network replaced by these layers. */
    private static void conv(String name, String layers, String... fragments) {
        String yaml = VALID.replace("  kind: classification", "  kind: classification\n  image: [1, 8, 8]")
                .replace("  hidden: [8]\n  activation: relu", "  layers:\n" + layers);
        config("conv: " + name, yaml, fragments);
    }

    private static final String MNIST =
            """
            name: tiny-mnist
            task:
              type: mnist
              dataset: FOLDER
              validation: 5000
            network:
              layers: [flatten, {type: dense, units: 8}, relu]
            optimizer:
              type: backprop
              rule: adam
            budget:
              epochs: 1
            seeds: [1]
            """;

    static {
        // ---- convolutional networks: impossible shapes and bad layer settings ----
        conv(
                "a kernel larger than its input",
                "    - {type: conv, filters: 4, kernel: 9}\n    - flatten\n",
                "bad.yaml",
                "network.layers",
                "layer 0 (conv 4@9x9)",
                "larger than its input 1x8x8");
        conv(
                "a pooling that does not tile its input",
                "    - {type: conv, filters: 4, kernel: 3}\n    - relu\n    - {type: max_pool, kernel: 4}\n"
                        + "    - flatten\n",
                "network.layers",
                "layer 2 (maxpool 4)",
                "do not tile its input 4x6x6");
        conv(
                "a pooling window larger than its input",
                "    - {type: avg_pool, kernel: 16}\n    - flatten\n",
                "network.layers",
                "layer 0 (avgpool 16)",
                "larger than its input 1x8x8");
        conv(
                "a channel mismatch",
                "    - {type: conv, filters: 4, kernel: 3, in_channels: 3}\n    - flatten\n",
                "network.layers",
                "layer 0 (conv 4@3x3)",
                "expects 3 input channels",
                "1x8x8 has 1");
        conv(
                "a second conv expecting the wrong channels",
                "    - {type: conv, filters: 4, kernel: 3}\n    - {type: conv, filters: 2, kernel: 3, in_channels: 6}\n"
                        + "    - flatten\n",
                "layer 1 (conv 2@3x3)",
                "expects 6 input channels",
                "4x6x6 has 4");
        conv(
                "a dense layer on an image without flatten",
                "    - {type: conv, filters: 4, kernel: 3}\n    - {type: dense, units: 10}\n",
                "network.layers",
                "layer 1 (dense 10)",
                "needs a flat input, got the image 4x6x6");
        conv(
                "a conv after flatten",
                "    - flatten\n    - {type: conv, filters: 4, kernel: 3}\n",
                "network.layers",
                "layer 1 (conv 4@3x3)",
                "needs an image input");
        conv(
                "a stack that ends in an image",
                "    - {type: conv, filters: 4, kernel: 3}\n    - relu\n",
                "network.layers",
                "the last layer gives the image 4x6x6",
                "flatten");
        conv(
                "zero filters",
                "    - {type: conv, filters: 0, kernel: 3}\n    - flatten\n",
                "network.layers[0].filters",
                "expected a whole number >= 1");
        conv(
                "an unknown layer type",
                "    - {type: convolution, filters: 4, kernel: 3}\n    - flatten\n",
                "network.layers[0].type",
                "conv, max_pool");
        conv(
                "an unknown key of a layer",
                "    - {type: conv, filters: 4, kernel: 3, padd: 1}\n    - flatten\n",
                "network.layers[0].padd",
                "did you mean 'padding'");
        conv(
                "a negative padding",
                "    - {type: conv, filters: 4, kernel: 3, padding: -1}\n    - flatten\n",
                "network.layers[0].padding",
                "expected a whole number >= 0");
        conv("a layer that is a list", "    - [conv, 4]\n", "network.layers[0]", "a mapping or a single name");
        config(
                "conv: layers and hidden together",
                VALID.replace("  activation: relu", "  layers: [flatten]"),
                "network.hidden",
                "either hidden or layers");
        edit(
                "conv: a conv layer on a tabular task",
                "  hidden: [8]\n  activation: relu",
                "  layers:\n    - {type: conv, filters: 4, kernel: 3}\n    - flatten",
                "network.layers",
                "layer 0 (conv 4@3x3) needs images",
                "task.image");
        edit(
                "conv: an image shape of three numbers only",
                "  kind: classification",
                "  kind: classification\n  image: [8, 8]",
                "task.image",
                "[channels, height, width]");
        edit(
                "conv: an image shape that does not match the columns",
                "  kind: classification",
                "  kind: classification\n  image: [1, 8, 9]",
                "bad.yaml",
                "task.image",
                "1x8x9 has 72 pixels",
                "64 feature columns");
        edit(
                "conv: an unknown scaling",
                "  kind: classification",
                "  kind: classification\n  scaling: unit",
                "task.scaling",
                "standard, min_max, none");
        config(
                "conv: layers for a control task",
                VALID.replace("  dataset: DIGITS\n  target: target\n  kind: classification", "  type: cartpole")
                        .replace("  hidden: [8]\n  activation: relu", "  layers: [{type: dense, units: 8}, relu]")
                        .replace("  type: backprop\n  rule: adam\n  learning_rate: 0.01", "  type: genetic"),
                "network.layers",
                "cartpole policy is a perceptron");
        String mnist = "../../experiments/data/mnist";
        config(
                "mnist: a validation split of all the training images",
                MNIST.replace(
                                "FOLDER",
                                Path.of(mnist).toAbsolutePath().normalize().toString())
                        .replace("validation: 5000", "validation: 60000"),
                "task.validation",
                "[1, 60000)");
        config(
                "mnist: a folder that does not exist",
                MNIST.replace("FOLDER", "no-such-folder"),
                "task.dataset",
                "folder not found");
        config(
                "mnist: a conv kernel larger than 28x28",
                MNIST.replace(
                                "FOLDER",
                                Path.of(mnist).toAbsolutePath().normalize().toString())
                        .replace(
                                "[flatten, {type: dense, units: 8}, relu]",
                                "[{type: conv, filters: 2, kernel: 29}, flatten]"),
                "network.layers",
                "layer 0 (conv 2@29x29)",
                "larger than its input 1x28x28");
    }

    /** 60 daily returns and 60 positive prices, for the market tasks' cases. */
    private static final String SERIES_CSV =
            rows(61, i -> i == 0 ? "t,r,p" : i + "," + (((i * 37) % 11) - 5) / 2.0 + "," + (100 + ((i * 13) % 7)));

    private static final String SERIES =
            """
            name: tiny-series
            task:
              type: series
              dataset: data.csv
              columns: [r]
              window: 3
              folds: 2
            network:
              hidden: [4]
            optimizer:
              type: backprop
              rule: adam
            budget:
              epochs: 2
            seeds: [1]
            """;

    private static final String TRADING =
            """
            name: tiny-trading
            task:
              type: trading
              dataset: data.csv
              column: r
              percent: true
              window: 3
              episode_length: 10
            network:
              hidden: [4]
            optimizer:
              type: genetic
              population: 4
            budget:
              evaluations: 8
            seeds: [1]
            """;

    /** A market task's config with one text replaced, on {@link #SERIES_CSV} (both run and validate). */
    private static void market(String name, String yaml, String from, String to, String... fragments) {
        if (!yaml.contains(from)) {
            throw new IllegalStateException(name + ": '" + from + "' not in the config");
        }
        String bad = yaml.replace(from, to);
        for (String command : List.of("run", "validate")) {
            add(
                    command + ": market: " + name,
                    dir -> {
                        Files.writeString(dir.resolve("data.csv"), SERIES_CSV);
                        return command.equals("run") ? run(dir, bad) : validate(dir, bad);
                    },
                    fragments);
        }
    }

    static {
        market(
                "series: a window longer than the series",
                SERIES,
                "window: 3",
                "window: 70",
                "bad.yaml",
                "task.window",
                "need at least 71 times, and the series has 60");
        market(
                "series: a window longer than the training block",
                SERIES,
                "window: 3",
                "window: 25",
                "bad.yaml",
                "task.window",
                "too few for a window of 25");
        market(
                "series: horizon 0",
                SERIES,
                "window: 3",
                "window: 3\n  horizon: 0",
                "bad.yaml",
                "task.horizon",
                "a whole number >= 1");
        market(
                "series: a fold beyond the folds",
                SERIES,
                "folds: 2",
                "folds: 2\n  fold: 3",
                "bad.yaml",
                "task.fold",
                "1 .. folds = 2, got 3");
        market(
                "series: an unknown transform",
                SERIES,
                "window: 3",
                "window: 3\n  transform: log_return",
                "bad.yaml",
                "task.transform",
                "log_returns");
        market(
                "series: an unknown column",
                SERIES,
                "columns: [r]",
                "columns: [r, q]",
                "bad.yaml",
                "task.columns",
                "no column 'q'",
                "t, r, p");
        market(
                "series: a target that is not an input column",
                SERIES,
                "columns: [r]",
                "columns: [r]\n  target: p",
                "bad.yaml",
                "task.target",
                "one of the columns [r]");
        market(
                "series: log returns of a column with a price <= 0",
                SERIES,
                "window: 3",
                "window: 3\n  transform: log_returns",
                "bad.yaml",
                "task.columns",
                "prices > 0");
        market(
                "series: early stopping without a validation block",
                SERIES.replace("folds: 2", "folds: 2\n  validation: 0"),
                "  rule: adam",
                "  rule: adam\n  early_stopping: {patience: 2}",
                "bad.yaml",
                "optimizer.early_stopping",
                "task.validation is 0");
        market(
                "trading: a negative cost",
                TRADING,
                "window: 3",
                "window: 3\n  cost: -0.0005",
                "bad.yaml",
                "task.cost",
                "a fraction in [0, 1)");
        market(
                "trading: an unknown column",
                TRADING,
                "column: r",
                "column: returns",
                "bad.yaml",
                "task.column",
                "no column 'returns'");
        market(
                "trading: episodes longer than the training days",
                TRADING,
                "episode_length: 10",
                "episode_length: 40",
                "bad.yaml",
                "task.episode_length",
                "does not fit");
        market(
                "trading: backprop has no labels",
                TRADING,
                "  type: genetic\n  population: 4",
                "  type: backprop\n  rule: adam",
                "bad.yaml",
                "optimizer.type",
                "backprop needs labels");
        market(
                "trading: percent returns of prices",
                TRADING,
                "column: r",
                "column: p\n  transform: log_returns",
                "bad.yaml",
                "task.percent",
                "transform none only");
    }

    private static final String TEXT =
            """
            name: tiny-text
            task:
              type: text
              dataset: docs.csv
              target: label
              representation: tfidf
            network:
              hidden: [4]
            optimizer:
              type: backprop
              rule: adam
            budget:
              epochs: 2
            seeds: [1]
            """;

    /** A small CSV of documents: label, subject, body. */
    private static final String DOCS = "label,subject,body\n"
            + rows(
                    40,
                    i -> (i % 2) + ",subject " + i + ",\"" + (i % 2 == 0 ? "meeting notes" : "free money, now")
                            + " and more\"");

    /** The text config with one text replaced, reading docs.csv. */
    private static void text(String name, String from, String to, String... fragments) {
        if (!TEXT.contains(from)) {
            throw new IllegalStateException(name + ": '" + from + "' not in the text config");
        }
        String yaml = TEXT.replace(from, to);
        add(
                "run: text: " + name,
                dir -> {
                    Files.writeString(dir.resolve("docs.csv"), DOCS);
                    return run(dir, yaml);
                },
                fragments);
        add(
                "validate: text: " + name,
                dir -> {
                    Files.writeString(dir.resolve("docs.csv"), DOCS);
                    return validate(dir, yaml);
                },
                fragments);
    }

    static {
        // ---- text tasks: tokenizer, vocabulary, representation, and layers the task cannot feed ----
        text(
                "an unknown tokenizer setting",
                "  representation: tfidf",
                "  representation: tfidf\n  tokenizer: {lowercase: true, stem: true}",
                "bad.yaml",
                "line 7",
                "task.tokenizer.stem");
        text(
                "an unknown representation",
                "representation: tfidf",
                "representation: word2vec",
                "bad.yaml",
                "line 6",
                "task.representation",
                "bag_of_words, tfidf, sequence");
        text(
                "a vocabulary of size 0",
                "  representation: tfidf",
                "  representation: tfidf\n  vocabulary: {max_size: 0}",
                "bad.yaml",
                "line 7",
                "task.vocabulary.max_size",
                ">= 2");
        text(
                "a max_length of 0",
                "  representation: tfidf",
                "  representation: sequence\n  max_length: 0",
                "bad.yaml",
                "line 7",
                "task.max_length",
                ">= 1");
        text(
                "negative character n-grams",
                "  representation: tfidf",
                "  representation: tfidf\n  tokenizer: {char_ngrams: -1}",
                "bad.yaml",
                "task.tokenizer.char_ngrams");
        text(
                "binary counts on tf-idf",
                "  representation: tfidf",
                "  representation: tfidf\n  binary: true",
                "bad.yaml",
                "task.binary",
                "bag_of_words only");
        text(
                "the label among the text columns",
                "  representation: tfidf",
                "  representation: tfidf\n  text: [subject, label]",
                "bad.yaml",
                "task.text",
                "target");
        text(
                "a text column the file lacks",
                "  representation: tfidf",
                "  representation: tfidf\n  text: [subject, content]",
                "docs.csv",
                "'content'",
                "label, subject, body");
        text(
                "an embedding on a tf-idf task",
                "  hidden: [4]",
                "  layers: [{type: embedding, dimension: 8}, {type: gru, hidden: 4}]",
                "bad.yaml",
                "network.layers",
                "layer 0 (embedding ?x8 masked) needs token ids",
                "representation: sequence");
        text(
                "dense layers on token ids",
                "  representation: tfidf\nnetwork:\n  hidden: [4]",
                "  representation: sequence\nnetwork:\n  layers: [{type: dense, units: 4}, relu]",
                "bad.yaml",
                "network.layers",
                "token ids",
                "start the layers with an embedding");
        text(
                "a perceptron on token ids",
                "representation: tfidf",
                "representation: sequence",
                "bad.yaml",
                "network.hidden",
                "start",
                "embedding");
        text(
                "an unknown recurrent output",
                "  hidden: [4]",
                "  layers: [{type: embedding, dimension: 8}, {type: lstm, hidden: 4, output: first}]",
                "network.layers[1].output",
                "last, mean, max, sequence");
        edit(
                "a recurrent layer on tabular rows",
                "  hidden: [8]\n  activation: relu",
                "  layers: [{type: gru, hidden: 8}]",
                "bad.yaml",
                "network.layers",
                "layer 0 (gru 8 last) needs a sequence input");
    }

    /** The number of cases (at least 150 distinct inputs; config and CSV ones are run twice). */
    static int caseCount() {
        return CASES.size();
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputEndsWithOneClearMessageAndWritesNothing() {
        assertTrue(CASES.size() >= 150, "only " + CASES.size() + " cases");
        return CASES.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Path dir = Files.createTempDirectory(root, "case-");
                    String[] args = c.setup().args(dir);
                    Map<String, String> before = snapshot(dir);
                    CliHarness.Outcome o = CliHarness.run(args);
                    String err = o.err().strip();
                    assertEquals(2, o.exitCode(), c.name() + ": exit code; stderr: " + err + "\nstdout: " + o.out());
                    assertFalse(err.contains("\n"), "one line expected, got:\n" + err);
                    assertTrue(err.startsWith("learnbench: "), "prefix: " + err);
                    assertFalse(
                            err.contains("Exception")
                                    || err.contains("\tat ")
                                    || o.out().contains("\tat "),
                            "no stack trace: " + err);
                    for (String f : c.fragments()) {
                        assertTrue(err.contains(f), "'" + f + "' missing from: " + err);
                    }
                    assertEquals(before, snapshot(dir), "nothing may be written or removed");
                }));
    }
}
