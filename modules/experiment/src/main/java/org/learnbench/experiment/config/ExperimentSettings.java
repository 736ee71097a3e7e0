package org.learnbench.experiment.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.learnbench.nn.Activation;
import org.learnbench.nn.Initializer;
import org.learnbench.nn.LayerSpec;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Precision;
import org.learnbench.nn.Shape;
import org.learnbench.nn.StackSpec;
import org.learnbench.optim.Budget;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.Target;
import org.learnbench.tasks.blackbox.BlackBoxFunction;
import org.learnbench.tasks.control.ControlTask;
import org.learnbench.tasks.data.CsvReader;
import org.learnbench.tasks.data.MissingPolicy;
import org.learnbench.tasks.data.Mnist;
import org.learnbench.tasks.data.Scaling;
import org.learnbench.tasks.data.SplitSpec;
import org.learnbench.tasks.data.TabularSpec;
import org.learnbench.tasks.data.TaskKind;

/**
 * The settings of an experiment apart from its optimizer, declared once each: the task (a CSV dataset, a
 * control environment or a black-box function), the network, the budget, the checkpoints, the seeds and
 * the threads. {@link #EXPERIMENT} is the whole experiment file.
 */
public final class ExperimentSettings {
    private ExperimentSettings() {}

    private static final String NAME_CHARS = "letters, digits, '.', '_' or '-' only (it names a folder)";

    /** True for a name that can be a folder of its own under the results root. */
    public static boolean folderName(String name) {
        return name.matches("[A-Za-z0-9._-]+") && !name.equals(".") && !name.equals("..");
    }

    // ---- tasks ----

    static final Section<SplitSpec> SPLIT = Section.of(
            "split",
            v -> {
                double tr = v.d("train");
                double va = v.d("validation");
                double te = v.d("test");
                if (Math.abs(tr + va + te - 1) > 1e-9) {
                    throw v.error("train", "train + validation + test must be 1, got " + tr + " + " + va + " + " + te);
                }
                return new SplitSpec(tr, va, te, v.b("stratify"));
            },
            Setting.of("train", Kind.NUMBER, "fraction of the rows for training", SplitSpec::train)
                    .standard(0.7)
                    .check((Double f) -> f > 0 && f <= 1, "a fraction in (0, 1]"),
            Setting.of(
                            "validation",
                            Kind.NUMBER,
                            "fraction for validation (selection, early stopping)",
                            SplitSpec::validation)
                    .standard(0.15)
                    .check((Double f) -> f >= 0 && f < 1, "a fraction in [0, 1)"),
            Setting.of("test", Kind.NUMBER, "fraction for test (only reported)", SplitSpec::test)
                    .standard(0.15)
                    .check((Double f) -> f >= 0 && f < 1, "a fraction in [0, 1)"),
            Setting.of("stratify", Kind.BOOL, "keep class proportions in every split", SplitSpec::stratify)
                    .standard(v -> v.get("kind") == TaskKind.CLASSIFICATION, "true for classification"));

    /** Digests of dataset files, by path, size and modification time: a study reads a file once. */
    private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

    static String digest(Path file) {
        try {
            String key = file + "|" + Files.size(file) + "|"
                    + Files.getLastModifiedTime(file).toMillis();
            return DIGESTS.computeIfAbsent(key, k -> CsvReader.sha256(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The default scaling of images (see experiments/README.md for the measurements behind it). */
    static final Scaling IMAGE_SCALING = Scaling.MIN_MAX;

    static final Section<TaskConfig.Csv> CSV = Section.of(
            "task: csv",
            ExperimentSettings::csv,
            Setting.of(
                    "dataset",
                    Kind.TEXT,
                    "the CSV file (or .csv.gz), relative to the config file",
                    TaskConfig.Csv::location),
            Setting.of(
                            "sha256",
                            Kind.TEXT,
                            "refuse the file unless its content has this digest (recorded: the content's digest)",
                            TaskConfig.Csv::sha256)
                    .optional("none")
                    .check((String s) -> s.matches("[0-9a-fA-F]{64}"), "64 hexadecimal digits"),
            Setting.of("target", Kind.TEXT, "the target column", (TaskConfig.Csv c) -> c.columns()
                    .target()),
            Setting.of("kind", Kind.of(TaskKind.class), "what is predicted", (TaskConfig.Csv c) -> c.columns()
                    .kind()),
            Setting.of(
                            "features",
                            Kind.TEXTS,
                            "feature columns, in CSV order (default: all but the target)",
                            (TaskConfig.Csv c) -> c.columns().features())
                    .standard(List.of()),
            Setting.of(
                            "exclude",
                            Kind.TEXTS,
                            "columns to leave out (instead of features)",
                            (TaskConfig.Csv c) -> c.columns().exclude())
                    .standard(List.of()),
            Setting.of(
                            "categorical",
                            Kind.TEXTS,
                            "force these columns categorical (else: at most half the values are numbers)",
                            (TaskConfig.Csv c) -> c.columns().categorical())
                    .standard(List.of()),
            Setting.of(
                            "missing",
                            Kind.of(MissingPolicy.class),
                            "numeric cells get the train median, categorical the most frequent train category; or drop the row",
                            (TaskConfig.Csv c) -> c.columns().missing())
                    .standard(MissingPolicy.IMPUTE),
            Setting.of(
                            "log_target",
                            Kind.BOOL,
                            "regression: model log(y); metrics stay in y's units",
                            (TaskConfig.Csv c) -> c.columns().logTarget())
                    .standard(false),
            Setting.of(
                            "bandit_wrong_reward",
                            Kind.NUMBER,
                            "policy_gradient on classification: reward of a wrong class (the right one pays 1)",
                            TaskConfig.Csv::banditWrongReward)
                    .standard(0.0)
                    .check((Double r) -> r <= 0, "a reward <= 0 (0 or -1, say)"),
            Setting.of(
                            "bandit_sigma",
                            Kind.NUMBER,
                            "policy_gradient on regression: sd of the Gaussian policy (standardised target units)",
                            TaskConfig.Csv::banditSigma)
                    .standard(0.5)
                    .check((Double s) -> s > 0, "a positive standard deviation"),
            Setting.of(
                            "image",
                            Kind.INTS,
                            "the features are the pixels of images of this shape, [channels, height, width] "
                                    + "(channel-major, row by row, in CSV order)",
                            (TaskConfig.Csv c) -> c.image() == null
                                    ? null
                                    : List.of(
                                            c.image().channels(),
                                            c.image().height(),
                                            c.image().width()))
                    .optional("none (tabular)")
                    .check(
                            (List<Integer> s) -> s.size() == 3 && s.stream().allMatch(n -> n >= 1),
                            "[channels, height, width], each >= 1"),
            Setting.of(
                            "scaling",
                            Kind.of(Scaling.class),
                            "how inputs are scaled with training statistics: per column (tabular) or per channel"
                                    + " (images); min_max maps to [0, 1]",
                            TaskConfig.Csv::scaling)
                    .standard(
                            v -> v.get("image") == null ? Scaling.STANDARD : IMAGE_SCALING,
                            "standard (tabular), " + IMAGE_SCALING.name().toLowerCase(Locale.ROOT) + " (images)"),
            Setting.of(
                            "split",
                            Kind.section(SPLIT),
                            "train/validation/test fractions, seeded by the run's seed",
                            TaskConfig.Csv::split)
                    .defaultSection());

    static final Section<TaskConfig.Mnist> MNIST = Section.of(
            "task: mnist",
            ExperimentSettings::mnist,
            Setting.of(
                            "dataset",
                            Kind.TEXT,
                            "the folder holding MNIST's four IDX files (.gz), relative to the config file",
                            TaskConfig.Mnist::location)
                    .standard("data/mnist"),
            Setting.of(
                            "validation",
                            Kind.INT,
                            "training images held out (seeded) for validation; the rest train, the official"
                                    + " 10,000 test images test",
                            TaskConfig.Mnist::validation)
                    .standard(5000)
                    .check((Integer n) -> n >= 1 && n < 60000, "a whole number in [1, 60000)"),
            Setting.of(
                            "scaling",
                            Kind.of(Scaling.class),
                            "pixel scaling with training statistics: min_max (to [0, 1]), standard (per channel)"
                                    + " or none (0..255)",
                            TaskConfig.Mnist::scaling)
                    .standard(IMAGE_SCALING),
            Setting.of(
                            "bandit_wrong_reward",
                            Kind.NUMBER,
                            "policy_gradient: reward of a wrong class (the right one pays 1)",
                            TaskConfig.Mnist::banditWrongReward)
                    .standard(0.0)
                    .check((Double r) -> r <= 0, "a reward <= 0 (0 or -1, say)"));

    private static TaskConfig.Mnist mnist(Values v) {
        String location = v.s("dataset");
        Path folder = v.base().resolve(location).normalize();
        if (!Files.isDirectory(folder)) {
            throw v.error("dataset", "folder not found: " + folder + " (it holds the four MNIST IDX .gz files)");
        }
        for (String name : Mnist.FILES) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw v.error(
                        "dataset", "the folder " + folder + " has no " + name + " (MNIST needs " + Mnist.FILES + ")");
            }
            String digest = digest(file);
            if (!digest.equals(Mnist.SHA256.get(name))) {
                throw v.error(
                        "dataset",
                        "the file " + file + " has sha256 " + digest + ", not MNIST's " + Mnist.SHA256.get(name)
                                + " (a different or changed file)");
            }
        }
        return new TaskConfig.Mnist(folder, location, v.i("validation"), v.as("scaling"), v.d("bandit_wrong_reward"));
    }

    private static TaskConfig.Csv csv(Values v) {
        String location = v.s("dataset");
        Path path = v.base().resolve(location).normalize();
        if (!Files.isRegularFile(path)) {
            throw v.error(
                    "dataset",
                    Files.isDirectory(path)
                            ? "is a folder, not a file: " + path
                            : Files.exists(path)
                                    ? "is not a regular file (a device or pipe): " + path
                                    : "file not found: " + path);
        }
        if (!Files.isReadable(path)) {
            throw v.error("dataset", "permission denied: " + path);
        }
        String digest = digest(path);
        String pinned = v.s("sha256");
        if (pinned != null && !pinned.equalsIgnoreCase(digest)) {
            throw v.error(
                    "sha256",
                    "the file " + path + " has sha256 " + digest + ", not " + pinned.toLowerCase(Locale.ROOT)
                            + " (a different or changed file)");
        }
        List<String> features = v.as("features");
        List<String> exclude = v.as("exclude");
        if (exclude.contains(v.s("target"))) {
            throw v.error("exclude", "lists the target '" + v.s("target") + "' (the target is never a feature)");
        }
        if (!features.isEmpty() && !exclude.isEmpty()) {
            throw v.error("exclude", "give either features or exclude, not both");
        }
        TaskKind kind = v.as("kind");
        if (v.b("log_target") && kind == TaskKind.CLASSIFICATION) {
            throw v.error("log_target", "applies to regression only");
        }
        TabularSpec spec = new TabularSpec(
                v.s("target"), features, v.as("categorical"), exclude, kind, v.as("missing"), v.b("log_target"));
        List<Integer> image = v.as("image");
        return new TaskConfig.Csv(
                path,
                location,
                digest,
                spec,
                v.as("split"),
                v.d("bandit_wrong_reward"),
                v.d("bandit_sigma"),
                image == null ? null : Shape.image(image.get(0), image.get(1), image.get(2)),
                v.as("scaling"));
    }

    private static Section<TaskConfig.Control> control(ControlTask task) {
        return Section.of(
                "task: " + task.name().toLowerCase(Locale.ROOT),
                v -> new TaskConfig.Control(task, v.i("evaluation_episodes")),
                Setting.of(
                                "evaluation_episodes",
                                Kind.INT,
                                "fixed-seed episodes played by the greedy and the stochastic policy at every checkpoint",
                                TaskConfig.Control::evaluationEpisodes)
                        .standard(100)
                        .check((Integer n) -> n >= 1, "a whole number >= 1"));
    }

    private static Section<TaskConfig.BlackBox> blackBox(BlackBoxFunction function) {
        return Section.of(
                "task: " + function.name().toLowerCase(Locale.ROOT),
                v -> new TaskConfig.BlackBox(function, v.i("dimension"), v.d("noise")),
                Setting.of("dimension", Kind.INT, "number of variables", TaskConfig.BlackBox::dimension)
                        .check(
                                (Integer d) -> d >= function.minimumDimension(),
                                "a whole number >= " + function.minimumDimension()),
                Setting.of("noise", Kind.NUMBER, "sd of Gaussian noise on every evaluation", TaskConfig.BlackBox::noise)
                        .standard(0.0)
                        .check((Double d) -> d >= 0, "a standard deviation >= 0"));
    }

    private static Map<String, Section<? extends TaskConfig>> taskSections() {
        Map<String, Section<? extends TaskConfig>> m = new LinkedHashMap<>();
        m.put("csv", CSV);
        m.put("mnist", MNIST);
        m.put("text", TextTaskSettings.TEXT);
        m.put("series", SeriesTaskSettings.SERIES);
        m.put("trading", SeriesTaskSettings.TRADING);
        for (ControlTask t : ControlTask.values()) {
            m.put(t.name().toLowerCase(Locale.ROOT), control(t));
        }
        for (BlackBoxFunction f : BlackBoxFunction.values()) {
            m.put(f.name().toLowerCase(Locale.ROOT), blackBox(f));
        }
        return m;
    }

    static final Variants<TaskConfig> TASKS = Variants.of("type", taskSections(), TaskConfig::type, v -> "csv", "csv");

    // ---- network ----

    private static final List<String> HIDDEN_ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "identity");

    static final Section<MlpSpec> MLP = Section.of(
            "network",
            v -> new MlpSpec(
                    v.as("hidden"),
                    Activation.valueOf(v.s("activation").toUpperCase(Locale.ROOT)),
                    v.s("init").equals("auto")
                            ? null
                            : Initializer.valueOf(v.s("init").toUpperCase(Locale.ROOT)),
                    v.d("dropout"),
                    v.as("precision")),
            Setting.of("hidden", Kind.INTS, "hidden layer sizes ([] for none)", MlpSpec::hidden)
                    .check((List<Integer> h) -> h.stream().allMatch(n -> n >= 1), "sizes >= 1"),
            Setting.of(
                            "activation",
                            Kind.choice(HIDDEN_ACTIVATIONS),
                            "activation after each hidden layer",
                            (MlpSpec m) -> m.activation().name().toLowerCase(Locale.ROOT))
                    .standard("relu"),
            Setting.of(
                            "init",
                            Kind.choice(List.of("auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal")),
                            "weight initialiser (auto: he_uniform for relu, xavier_uniform otherwise)",
                            (MlpSpec m) -> m.initializer().name().toLowerCase(Locale.ROOT))
                    .standard("auto"),
            Setting.of(
                            "dropout",
                            Kind.NUMBER,
                            "inverted dropout after each hidden layer, training only",
                            MlpSpec::dropout)
                    .standard(0.0)
                    .check((Double d) -> d >= 0 && d < 1, "a rate in [0, 1)"),
            Setting.of(
                            "precision",
                            Kind.of(Precision.class),
                            "the format the network stores and computes in (optimizers keep double master weights)",
                            MlpSpec::precision)
                    .standard(Precision.FLOAT64));

    // A layer stack: each entry a mapping with its type (a bare name such as relu or flatten for a layer
    // without settings).

    private static Section<LayerSpec.Act> activationLayer(Activation a) {
        return Section.of("layer: " + a.name().toLowerCase(Locale.ROOT), v -> new LayerSpec.Act(a));
    }

    private static Section<LayerSpec> pooling(String title, boolean max) {
        return Section.of(
                title,
                v -> {
                    int kernel = v.i("kernel");
                    Integer stride = v.as("stride");
                    int step = stride == null ? kernel : stride;
                    return max ? new LayerSpec.MaxPool(kernel, step) : new LayerSpec.AvgPool(kernel, step);
                },
                Setting.of(
                                "kernel",
                                Kind.INT,
                                "window height and width",
                                (LayerSpec p) -> p instanceof LayerSpec.MaxPool m
                                        ? m.kernel()
                                        : ((LayerSpec.AvgPool) p).kernel())
                        .check((Integer n) -> n >= 1, "a whole number >= 1"),
                Setting.of(
                                "stride",
                                Kind.INT,
                                "the window's step",
                                (LayerSpec p) -> p instanceof LayerSpec.MaxPool m
                                        ? m.stride()
                                        : ((LayerSpec.AvgPool) p).stride())
                        .standard(v -> v.get("kernel"), "kernel (windows side by side)")
                        .check((Integer n) -> n >= 1, "a whole number >= 1"));
    }

    private static Map<String, Section<? extends LayerSpec>> layerSections() {
        Map<String, Section<? extends LayerSpec>> m = new LinkedHashMap<>();
        m.put(
                "conv",
                Section.of(
                        "layer: conv",
                        v -> new LayerSpec.Conv(
                                v.as("in_channels") == null ? 0 : v.i("in_channels"),
                                v.i("filters"),
                                v.i("kernel"),
                                v.i("kernel"),
                                v.i("stride"),
                                v.i("padding")),
                        Setting.of("filters", Kind.INT, "output channels", LayerSpec.Conv::filters)
                                .check((Integer n) -> n >= 1, "a whole number >= 1"),
                        Setting.of("kernel", Kind.INT, "kernel height and width", LayerSpec.Conv::kernelHeight)
                                .check((Integer n) -> n >= 1, "a whole number >= 1"),
                        Setting.of("stride", Kind.INT, "the kernel's step on both axes", LayerSpec.Conv::stride)
                                .standard(1)
                                .check((Integer n) -> n >= 1, "a whole number >= 1"),
                        Setting.of("padding", Kind.INT, "zeros added on every side", LayerSpec.Conv::padding)
                                .standard(0)
                                .check((Integer n) -> n >= 0, "a whole number >= 0"),
                        Setting.of(
                                        "in_channels",
                                        Kind.INT,
                                        "input channels, checked against the incoming shape",
                                        (LayerSpec.Conv c) -> c.inChannels() == 0 ? null : c.inChannels())
                                .optional("from the input shape")
                                .check((Integer n) -> n >= 1, "a whole number >= 1")));
        m.put("max_pool", pooling("layer: max_pool", true));
        m.put("avg_pool", pooling("layer: avg_pool", false));
        m.put("global_avg_pool", Section.of("layer: global_avg_pool", v -> new LayerSpec.GlobalAvgPool()));
        m.put("flatten", Section.of("layer: flatten", v -> new LayerSpec.Flatten()));
        m.put(
                "dense",
                Section.of(
                        "layer: dense",
                        v -> new LayerSpec.Dense(v.i("units")),
                        Setting.of("units", Kind.INT, "width", LayerSpec.Dense::units)
                                .check((Integer n) -> n >= 1, "a whole number >= 1")));
        for (Activation a : List.of(Activation.RELU, Activation.TANH, Activation.SIGMOID)) {
            m.put(a.name().toLowerCase(Locale.ROOT), activationLayer(a));
        }
        m.put(
                "dropout",
                Section.of(
                        "layer: dropout",
                        v -> new LayerSpec.Dropout(v.d("rate")),
                        Setting.of("rate", Kind.NUMBER, "inverted dropout rate, training only", LayerSpec.Dropout::rate)
                                .check((Double d) -> d >= 0 && d < 1, "a rate in [0, 1)")));
        SequenceLayerSettings.addTo(m);
        return m;
    }

    private static String layerName(LayerSpec layer) {
        if (layer instanceof LayerSpec.Conv) {
            return "conv";
        }
        if (layer instanceof LayerSpec.MaxPool) {
            return "max_pool";
        }
        if (layer instanceof LayerSpec.AvgPool) {
            return "avg_pool";
        }
        if (layer instanceof LayerSpec.GlobalAvgPool) {
            return "global_avg_pool";
        }
        if (layer instanceof LayerSpec.Flatten) {
            return "flatten";
        }
        if (layer instanceof LayerSpec.Dense) {
            return "dense";
        }
        if (layer instanceof LayerSpec.Act a) {
            return a.activation().name().toLowerCase(Locale.ROOT);
        }
        if (layer instanceof LayerSpec.Embedding || layer instanceof LayerSpec.Recurrent) {
            return SequenceLayerSettings.name(layer);
        }
        return "dropout";
    }

    static final Variants<LayerSpec> LAYER =
            Variants.of("type", layerSections(), ExperimentSettings::layerName, null, "required");

    /** A list of layers, each a mapping read by its type's section. */
    static final Kind<List<LayerSpec>> LAYERS = new LayerList();

    /** The kind of {@code layers}: a list of layer mappings. */
    private static final class LayerList implements Kind<List<LayerSpec>>, Setting.Nested {
        @Override
        public List<LayerSpec> read(ConfigNode node, String key, Values values) {
            List<LayerSpec> out = new java.util.ArrayList<>();
            for (ConfigNode item : node.items(key, LAYER.discriminator())) {
                out.add(LAYER.nestedKind().readMapping(item, values));
            }
            return List.copyOf(out);
        }

        @Override
        public Object plain(List<LayerSpec> value, Scope scope) {
            List<Object> out = new java.util.ArrayList<>();
            for (LayerSpec layer : value) {
                out.add(LAYER.nestedKind().plain(layer, scope));
            }
            return out;
        }

        @Override
        public String describe() {
            return "list of layers: mappings with type: " + String.join(" | ", LAYER.names());
        }

        @Override
        public List<Section<?>> sections() {
            return List.copyOf(LAYER.sections().values());
        }
    }

    static final Section<NetworkConfig> STACK = Section.of(
            "network: layers",
            ExperimentSettings::stack,
            Setting.of(
                    "layers",
                    LAYERS,
                    "the hidden layers in order (the task gives the input shape; a dense output layer is added)",
                    (NetworkConfig n) -> n.stack().layers()),
            Setting.of(
                            "init",
                            Kind.choice(List.of("auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal")),
                            "weight initialiser of every dense and conv layer (auto: he_uniform before relu,"
                                    + " xavier_uniform otherwise, per layer)",
                            (NetworkConfig n) -> n.stack().initializer() == null
                                    ? "auto"
                                    : n.stack().initializer().name().toLowerCase(Locale.ROOT))
                    .standard("auto"),
            Setting.of(
                            "precision",
                            Kind.of(Precision.class),
                            "the format the network stores and computes in (optimizers keep double master weights)",
                            (NetworkConfig n) -> n.stack().precision())
                    .standard(Precision.FLOAT64));

    /** The shape of one sample of a task, when it is known before its data are read; null otherwise. */
    public static Shape inputShape(TaskConfig task) {
        if (task instanceof TaskConfig.Mnist) {
            return Mnist.SHAPE;
        }
        if (task instanceof TaskConfig.Csv csv) {
            return csv.image();
        }
        if (task instanceof TaskConfig.Text text) {
            return text.inputShape();
        }
        if (task instanceof TaskConfig.Series series && series.spec().sequence()) {
            return SeriesTaskSettings.inputShape(series);
        }
        return null;
    }

    private static NetworkConfig stack(Values v) {
        StackSpec stack = new StackSpec(
                v.as("layers"),
                v.s("init").equals("auto")
                        ? null
                        : Initializer.valueOf(v.s("init").toUpperCase(Locale.ROOT)),
                v.as("precision"));
        TaskConfig task = v.scope().task();
        if (task instanceof TaskConfig.Control || task instanceof TaskConfig.Trading) {
            throw v.error(
                    "layers",
                    "a " + task.type() + " policy is a perceptron on the observation vector; describe it with hidden:"
                            + " [...] (and activation) instead of layers");
        }
        SequenceLayerSettings.checkInput(v, stack, task);
        Shape input = inputShape(task);
        if (input == null) {
            for (int i = 0; i < stack.layers().size(); i++) {
                LayerSpec layer = stack.layers().get(i);
                if (layer instanceof LayerSpec.Conv
                        || layer instanceof LayerSpec.MaxPool
                        || layer instanceof LayerSpec.AvgPool
                        || layer instanceof LayerSpec.GlobalAvgPool) {
                    throw v.error(
                            "layers",
                            "layer " + i + " (" + layer.describe() + ") needs images, but this task's rows are flat"
                                    + " features; give the image shape as task.image: [channels, height, width]");
                }
            }
            return NetworkConfig.of(stack);
        }
        try {
            List<Shape> shapes = stack.shapes(input);
            Shape last = shapes.get(shapes.size() - 1);
            if (!last.flat()) {
                throw new IllegalArgumentException("the output layer (dense) needs a flat input, but the last layer"
                        + " gives the " + last.described() + "; end the stack with a flatten or a"
                        + (last.isSequence() ? " many-to-one recurrent layer" : " global_avg_pool"));
            }
        } catch (IllegalArgumentException e) {
            throw v.error("layers", e.getMessage() + " (the task gives the " + input.described() + ")");
        }
        return NetworkConfig.of(stack);
    }

    /** The kind of the network section: a perceptron (hidden: [...]) or a layer stack (layers: [...]). */
    static final Kind<NetworkConfig> NETWORK = new NetworkKind();

    private static final class NetworkKind implements Kind<NetworkConfig>, Setting.Nested {
        @Override
        public NetworkConfig read(ConfigNode node, String key, Values values) {
            return readMapping(node.map(key), values);
        }

        @Override
        public NetworkConfig readMapping(ConfigNode mapping, Values values) {
            if (mapping.has("layers")) {
                for (String other : List.of("hidden", "activation", "dropout")) {
                    if (mapping.has(other)) {
                        throw mapping.error(
                                other,
                                "belongs to a perceptron (hidden: [...]); a layer stack lists its activations and"
                                        + " dropout as layers. Give either hidden or layers, not both");
                    }
                }
                return STACK.read(mapping, values);
            }
            SequenceLayerSettings.checkPerceptron(mapping, values.scope().task());
            return NetworkConfig.of(MLP.read(mapping, values));
        }

        @Override
        public Object plain(NetworkConfig value, Scope scope) {
            return value.isMlp() ? MLP.resolve(value.mlp(), scope) : STACK.resolve(value, scope);
        }

        @Override
        public String describe() {
            return "mapping";
        }

        @Override
        public List<Section<?>> sections() {
            return List.of(MLP, STACK);
        }
    }

    // ---- budget ----

    /** The metrics a task records at every checkpoint, as its problem describes them. */
    public static List<org.learnbench.optim.Metric> metricsOf(TaskConfig task) {
        if (task instanceof TaskConfig.Csv csv) {
            return org.learnbench.tasks.SupervisedProblem.metricsFor(
                    csv.columns().kind(), csv.columns().logTarget());
        }
        if (task instanceof TaskConfig.Mnist || task instanceof TaskConfig.Text) {
            return org.learnbench.tasks.SupervisedProblem.metricsFor(TaskKind.CLASSIFICATION, false);
        }
        if (task instanceof TaskConfig.Control) {
            return org.learnbench.tasks.control.ControlProblem.METRICS;
        }
        if (task instanceof TaskConfig.Series) {
            return org.learnbench.tasks.series.SeriesProblem.allMetrics();
        }
        if (task instanceof TaskConfig.Trading) {
            return org.learnbench.tasks.trading.TradingProblem.allMetrics();
        }
        return org.learnbench.tasks.blackbox.BlackBoxProblem.METRICS;
    }

    /** The task's description of a target metric; a metric the task does not record is refused. */
    private static org.learnbench.optim.Metric targetMetric(Values v) {
        String name = v.s("metric");
        List<org.learnbench.optim.Metric> recorded = metricsOf(v.scope().task());
        for (org.learnbench.optim.Metric m : recorded) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw v.error(
                "metric",
                "expected a metric this " + v.scope().task().type() + " task records ("
                        + String.join(
                                ", ",
                                recorded.stream()
                                        .filter(m -> m.split() != org.learnbench.optim.Metric.Split.TEST)
                                        .map(org.learnbench.optim.Metric::name)
                                        .toList())
                        + "), got '" + name + "'");
    }

    static final Section<Target> TARGET = Section.of(
            "target",
            v -> {
                if (v.s("metric").startsWith("test_")) {
                    throw v.error(
                            "metric",
                            "a target on test data would let the test split decide when training stops; "
                                    + "use a train_ or validation_ metric (test metrics are only reported)");
                }
                targetMetric(v);
                return new Target(v.s("metric"), v.d("value"), v.b("higher_is_better"));
            },
            Setting.of("metric", Kind.TEXT, "a train_ or validation_ metric the task records", Target::metric),
            Setting.of("value", Kind.NUMBER, "the value to reach", Target::value),
            Setting.of("higher_is_better", Kind.BOOL, "the metric's direction", Target::higherIsBetter)
                    .standard(
                            v -> v.s("metric").startsWith("test_")
                                    || targetMetric(v).higherIsBetter(),
                            "as the task describes the metric"));

    private static Long limit(long value) {
        return value == 0 ? null : value;
    }

    private static long orZero(Values v, String key) {
        Long n = v.as(key);
        return n == null ? 0 : n;
    }

    private static Setting<Budget> clock(
            String key, String description, java.util.function.ToLongFunction<Budget> getter) {
        return Setting.of(key, Kind.LONG, description, (Budget b) -> limit(getter.applyAsLong(b)))
                .optional("none")
                .check((Long n) -> n >= 1, "a whole number >= 1");
    }

    static final Section<Budget> BUDGET = Section.of(
            "budget",
            v -> {
                Duration wall = v.as("wall_time");
                Target target = v.as("target");
                if (orZero(v, "iterations") == 0
                        && orZero(v, "sample_forward_passes") == 0
                        && orZero(v, "evaluations") == 0
                        && orZero(v, "env_steps") == 0
                        && orZero(v, "episodes") == 0
                        && wall == null) {
                    throw v.error(
                            "epochs",
                            "the budget needs at least one limit: epochs (or iterations), "
                                    + "sample_forward_passes, evaluations, env_steps, episodes or wall_time");
                }
                return new Budget(
                        orZero(v, "iterations"),
                        orZero(v, "sample_forward_passes"),
                        orZero(v, "evaluations"),
                        orZero(v, "env_steps"),
                        orZero(v, "episodes"),
                        wall,
                        Optional.ofNullable(target));
            },
            clock("iterations", "the optimizer's iterations (epochs, generations, updates)", Budget::maxIterations)
                    .alias("epochs"),
            clock(
                    "sample_forward_passes",
                    "samples passed forward, a backward pass counting two",
                    Budget::maxSampleForwardPasses),
            clock("evaluations", "fitness evaluations (population methods)", Budget::maxEvaluations),
            clock("env_steps", "environment steps for the optimizer (control tasks)", Budget::maxEnvSteps),
            clock("episodes", "training episodes (control tasks and bandits)", Budget::maxEpisodes),
            Setting.of(
                            "wall_time",
                            Kind.DURATION,
                            "for safety only: it makes runs machine-dependent",
                            Budget::maxWallTime)
                    .optional("none"),
            Setting.of("target", Kind.section(TARGET), "stop at the first checkpoint that reaches it", Budget::target)
                    .optional("none"));

    // ---- checkpoints ----

    static final Section<Checkpoints> CHECKPOINTS = Section.of(
            "checkpoints",
            ExperimentSettings::checkpoints,
            Setting.of(
                            "every",
                            Kind.LONG,
                            "a checkpoint every this many iterations",
                            (Checkpoints c) -> c.logSpaced() > 0 ? null : c.every())
                    .optional("1 (unless log_spaced)")
                    .check((Long n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "log_spaced",
                            Kind.INT,
                            "about this many checkpoints spaced evenly in log scale on the clock",
                            (Checkpoints c) -> c.logSpaced() > 0 ? c.logSpaced() : null)
                    .optional("off")
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "clock",
                            Kind.choice(Checkpoints.CLOCKS),
                            "the clock log-spaced checkpoints follow (needs a budget on it)",
                            (Checkpoints c) -> c.logSpaced() > 0 ? c.clock() : null)
                    .optional("iterations"));

    private static Checkpoints checkpoints(Values v) {
        Long every = v.as("every");
        Integer logSpaced = v.as("log_spaced");
        String clock = v.as("clock");
        if (every != null && logSpaced != null) {
            throw v.error("log_spaced", "give either every or log_spaced, not both");
        }
        if (logSpaced == null) {
            if (clock != null) {
                throw v.error("clock", "applies to log_spaced checkpoints only");
            }
            return Checkpoints.every(every == null ? 1 : every);
        }
        Checkpoints c = Checkpoints.logSpaced(logSpaced, clock == null ? "iterations" : clock);
        Budget budget = v.scope().budget();
        if (budget != null && c.horizon(budget) == 0) {
            throw v.error(
                    "log_spaced",
                    "log-spaced checkpoints on " + c.clock() + " need a budget on that clock (budget."
                            + (c.clock().equals("iterations") ? "epochs or iterations" : c.clock()) + ")");
        }
        return c;
    }

    // ---- the experiment file ----

    /** The top-level keys of an experiment; the sections above are read in this order. */
    public static final Section<ExperimentConfig> EXPERIMENT = Section.of(
            "experiment",
            ExperimentSettings::experiment,
            Setting.of("name", Kind.TEXT, "the folder under results/ (" + NAME_CHARS + ")", ExperimentConfig::name)
                    .standard(Values::sourceName, "the file's name")
                    .check((String n) -> folderName(n), NAME_CHARS),
            Setting.of("description", Kind.TEXT, "free text", ExperimentConfig::description)
                    .standard(""),
            Setting.of("task", Kind.variants(TASKS), "the task", ExperimentConfig::task),
            Setting.of(
                            "network",
                            NETWORK,
                            "the network (supervised and control tasks): hidden: [...] for a perceptron, or"
                                    + " layers: [...]",
                            ExperimentConfig::network)
                    .onlyWhen(
                            s -> !(s.task() instanceof TaskConfig.BlackBox),
                            "a black-box task has no network (it optimises a point of the function directly); remove this section"),
            Setting.of(
                    "budget",
                    Kind.section(BUDGET),
                    "the work a run may do; at least one limit",
                    ExperimentConfig::budget),
            Setting.of(
                    "optimizer",
                    Kind.variants(OptimizerSettings.OPTIMIZERS),
                    "the optimizer",
                    ExperimentConfig::optimizer),
            Setting.of(
                            "checkpoints",
                            Kind.section(CHECKPOINTS),
                            "when metrics are recorded (iteration 0 and the last always)",
                            ExperimentConfig::checkpoints)
                    .defaultSection(),
            Setting.of("seeds", Kind.SEEDS, "one run each, results/<name>/seed-<n>", ExperimentConfig::seeds)
                    .standard(List.of(1L))
                    .alias("seed"),
            Setting.of(
                            "threads",
                            Kind.THREADS,
                            "threads for one run's arithmetic (never changes results)",
                            ExperimentConfig::threads)
                    .standard(0)
                    .unrecorded());

    /**
     * An experiment assembled from sections that stand in different places (a study's task entry, its
     * optimizer entry at one grid point, its budget): each is read by its declaration from its own node, so
     * errors point at the study file's lines. Without checkpoints, {@link Checkpoints#onBudgetClock}.
     */
    public static ExperimentConfig assemble(
            Path file,
            String name,
            String description,
            ConfigNode task,
            ConfigNode network,
            ConfigNode budget,
            ConfigNode optimizer,
            ConfigNode checkpoints,
            List<Long> seeds,
            int threads) {
        Values root = new Values(task, null, new Scope(null, null), file);
        TaskConfig t = Kind.variants(TASKS).readMapping(task, root);
        root.put("task", t);
        NetworkConfig n = null;
        if (t instanceof TaskConfig.BlackBox) {
            if (network != null) {
                throw network.error(
                        "",
                        "a black-box task has no network (it optimises a point of the function directly); remove this section");
            }
        } else if (network == null) {
            throw task.error("network", "missing: give the task's network section beside its task section");
        } else {
            n = NETWORK.readMapping(network, root);
        }
        Budget b = Kind.section(BUDGET).readMapping(budget, root);
        root.put("budget", b);
        Optimizer<?> o = Kind.variants(OptimizerSettings.OPTIMIZERS).readMapping(optimizer, root);
        Compatibility.check(message -> optimizer.error("type", message), t, b, o);
        Checkpoints c = checkpoints == null
                ? Checkpoints.onBudgetClock(b)
                : Kind.section(CHECKPOINTS).readMapping(checkpoints, root);
        return new ExperimentConfig(file, name, description, t, n, o, b, c, seeds, threads);
    }

    private static ExperimentConfig experiment(Values v) {
        TaskConfig task = v.as("task");
        NetworkConfig network = v.as("network");
        if (!(task instanceof TaskConfig.BlackBox) && network == null) {
            throw v.error("network", "missing (expected a mapping with hidden: [...] or layers: [...])");
        }
        Budget budget = v.as("budget");
        Optimizer<?> optimizer = v.as("optimizer");
        Compatibility.check(v, task, budget, optimizer);
        return new ExperimentConfig(
                v.sourceFile(),
                v.s("name"),
                v.s("description"),
                task,
                network,
                optimizer,
                budget,
                v.as("checkpoints"),
                v.as("seeds"),
                v.i("threads"));
    }
}
