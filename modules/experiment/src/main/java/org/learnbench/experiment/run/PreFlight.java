package org.learnbench.experiment.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.learnbench.experiment.config.ConfigException;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.NetworkConfig;
import org.learnbench.experiment.config.TaskConfig;
import org.learnbench.nn.LayerSpec;
import org.learnbench.nn.Precision;
import org.learnbench.nn.Shape;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.cmaes.CmaEs;
import org.learnbench.optim.ga.GeneticAlgorithm;
import org.learnbench.optim.ga.RandomSearch;
import org.learnbench.optim.gd.GradientDescent;
import org.learnbench.optim.pg.PolicyGradient;
import org.learnbench.tasks.control.Environment;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.TaskKind;

/**
 * Everything a run checks before it costs anything, short of training: the dataset is read and prepared
 * as the run would prepare it (columns, classes, split sizes: the data module's own checks), the
 * network's parameter count must fit in an array, a memory estimate must fit in the heap, and a fitness
 * batch must fit in the training split. {@code validate} and {@code run} (and a study, per setting) call
 * the same {@link #check}; a failure is a {@link ConfigException} or a data exception, before any folder is
 * created. What is odd but still meaningful comes back as warnings, which the run records in its manifest.
 */
public final class PreFlight {
    private PreFlight() {}

    /** The largest array Java allocates reliably (a few header words below Integer.MAX_VALUE). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

    /** Share of the heap a run may be estimated to need before it is refused. */
    static final double HEAP_SHARE = 0.8;

    /**
     * What the checks found: the network's parameter count (0 for a black-box task, which has none), the
     * estimated bytes the run needs, the training rows (-1 without data), and warnings.
     */
    public record Report(long parameters, long estimatedBytes, int trainRows, List<String> warnings) {
        public Report {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Checks a run of {@code config} with {@code seed}; {@code data} prepares a supervised task's data as the run
     * with that seed would (reading and caching its dataset).
     */
    public static Report check(ExperimentConfig config, long seed, Supplier<PreparedData> data) {
        return check(config, seed, data, Runtime.getRuntime().maxMemory());
    }

    static Report check(ExperimentConfig config, long seed, Supplier<PreparedData> prepared, long heapBytes) {
        List<String> warnings = new ArrayList<>();
        Optimizer<?> optimizer = config.optimizer();
        Shape inputs;
        int outputs;
        int trainRows = -1;
        int vocabulary = 0;
        if (config.task() instanceof TaskConfig.Csv
                || config.task() instanceof TaskConfig.Mnist
                || config.task() instanceof TaskConfig.Text) {
            PreparedData data = prepared.get();
            vocabulary = data.vocabulary();
            inputs = data.inputShape();
            outputs = data.kind() == TaskKind.CLASSIFICATION ? data.classCount() : 1;
            trainRows = data.train().size();
            checkBatches(config, optimizer, trainRows, warnings);
        } else if (config.task() instanceof TaskConfig.Series series) {
            PreparedData data = org.learnbench.tasks.series.SeriesPreparer.prepare(
                            org.learnbench.experiment.config.SeriesTaskSettings.series(series), series.spec())
                    .data();
            inputs = data.inputShape();
            outputs = 1;
            trainRows = data.train().size();
            checkBatches(config, optimizer, trainRows, warnings);
        } else if (config.task() instanceof TaskConfig.Trading trading) {
            inputs = Shape.vector(trading.window() + 1);
            outputs = 3;
        } else if (config.task() instanceof TaskConfig.Control control) {
            Environment env = control.task().create();
            inputs = Shape.vector(env.observationSize());
            outputs = env.actionCount();
        } else {
            TaskConfig.BlackBox box = (TaskConfig.BlackBox) config.task();
            long bytes = optimizerBytes(optimizer, box.dimension(), 1);
            requireHeap(config, "task.dimension", box.dimension() + " variables", bytes, heapBytes);
            return new Report(0, bytes, -1, warnings);
        }
        NetworkConfig network = config.network().withVocabulary(vocabulary);
        String key = network.isMlp() ? "network.hidden" : "network.layers";
        Shape input = network.isMlp() ? inputs.flattened() : inputs;
        List<Shape> shapes;
        try {
            shapes = network.stack().shapes(input);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    config.source(), 0, key, e.getMessage() + " (the task's samples are " + input + ")");
        }
        if (!shapes.get(shapes.size() - 1).flat()) {
            throw new ConfigException(
                    config.source(),
                    0,
                    key,
                    "the output layer needs a flat input, but the last layer gives the image "
                            + shapes.get(shapes.size() - 1) + "; end the stack with a flatten or a global_avg_pool");
        }
        long parameters = 0;
        long widths = 0;
        for (int i = 0; i < network.stack().layers().size(); i++) {
            // Each term is below 2^62 (sizes are ints), and the sum is checked as it grows.
            parameters = saturatingAdd(
                    parameters, parametersOf(network.stack().layers().get(i), shapes.get(i)));
            widths += shapes.get(i + 1).size();
        }
        long last = shapes.get(shapes.size() - 1).size();
        parameters = saturatingAdd(parameters, saturatingAdd(last * outputs, outputs));
        widths += outputs;
        String architecture = network.describe(input, outputs);
        if (parameters > MAX_ARRAY) {
            throw new ConfigException(
                    config.source(),
                    0,
                    key,
                    "the network " + architecture + " would have " + parameters + " parameters; at most " + MAX_ARRAY
                            + " fit in one array (use smaller hidden layers)");
        }
        int copies = optimizer instanceof PolicyGradient ? 2 : 1; // a policy network and a value network
        long bytes = saturatingAdd(
                optimizerBytes(optimizer, parameters, copies),
                saturatingAdd(
                        networkBytes(parameters, network.precision(), copies),
                        activationBytes(optimizer, widths, trainRows)));
        requireHeap(config, key, "the network " + architecture, bytes, heapBytes);
        return new Report(parameters, bytes, trainRows, warnings);
    }

    /** Weights and biases of a dense or conv layer for its input shape; 0 for the other layers. */
    private static long parametersOf(LayerSpec layer, Shape in) {
        if (layer instanceof LayerSpec.Dense d) {
            return (long) in.size() * d.units() + d.units();
        }
        if (layer instanceof LayerSpec.Conv c) {
            return (long) c.filters() * in.channels() * c.kernelHeight() * c.kernelWidth() + c.filters();
        }
        if (layer instanceof LayerSpec.Embedding e) {
            return (long) e.vocabulary() * e.dimension();
        }
        if (layer instanceof LayerSpec.Recurrent r) {
            long gates = (long) r.cell().gates() * r.hidden();
            return gates * (in.sequence().features() + r.hidden() + 2);
        }
        return 0;
    }

    /** A fitness batch larger than the training split is refused; a larger minibatch is only odd. */
    private static void checkBatches(ExperimentConfig config, Optimizer<?> optimizer, int trainRows, List<String> w) {
        int fitnessBatch = fitnessBatch(optimizer);
        if (fitnessBatch > trainRows) {
            throw new ConfigException(
                    config.source(),
                    0,
                    "optimizer.fitness_batch",
                    "a fitness batch of " + fitnessBatch + " samples is larger than the training split (" + trainRows
                            + " rows); use at most " + trainRows + ", or full for the whole split");
        }
        if (optimizer instanceof GradientDescent gd && gd.batchSize() > trainRows) {
            w.add("optimizer.batch_size " + gd.batchSize() + " is larger than the training split (" + trainRows
                    + " rows): every minibatch is the whole split");
        }
    }

    private static int fitnessBatch(Optimizer<?> optimizer) {
        if (optimizer instanceof GeneticAlgorithm ga) {
            return ga.fitnessBatch();
        }
        if (optimizer instanceof RandomSearch rs) {
            return rs.fitnessBatch();
        }
        if (optimizer instanceof CmaEs cma) {
            return cma.batchSize();
        }
        return 0;
    }

    /** Parameters and gradients, in doubles, plus the float copies of a float32 network. */
    private static long networkBytes(long parameters, Precision precision, int copies) {
        long perValue = precision == Precision.FLOAT32 ? 8 + 4 : 8;
        return saturatingMultiply(saturatingMultiply(parameters, 2 * perValue), copies);
    }

    /** What the optimizer keeps per parameter: moments, a population, a covariance matrix. */
    private static long optimizerBytes(Optimizer<?> optimizer, long dimension, int copies) {
        long vectors;
        if (optimizer instanceof GeneticAlgorithm ga) {
            vectors = 2L * ga.population(); // this generation and the next
        } else if (optimizer instanceof CmaEs cma) {
            long lambda = cma.populationSize() == 0
                    ? 4 + (long) Math.floor(3 * Math.log(Math.max(1, dimension)))
                    : cma.populationSize();
            long matrices = cma.diagonal() ? 0 : saturatingMultiply(saturatingMultiply(dimension, dimension), 4 * 8);
            return saturatingAdd(matrices, saturatingMultiply(saturatingMultiply(dimension, lambda + 4), 8));
        } else if (optimizer instanceof RandomSearch) {
            vectors = 2;
        } else {
            vectors = 3; // Adam's two moments and a master copy, the most any update rule keeps
        }
        return saturatingMultiply(saturatingMultiply(saturatingMultiply(dimension, vectors), 8), copies);
    }

    /** Activations and their gradients for one batch (evaluation goes in chunks of about a thousand rows). */
    private static long activationBytes(Optimizer<?> optimizer, long widths, int trainRows) {
        long batch;
        if (optimizer instanceof GradientDescent gd) {
            batch = gd.batchSize() == 0 ? trainRows : gd.batchSize();
        } else if (optimizer instanceof PolicyGradient pg) {
            batch = pg.episodesPerUpdate();
        } else {
            int f = fitnessBatch(optimizer);
            batch = f == 0 ? trainRows : f;
        }
        batch = Math.max(1, Math.min(Math.max(batch, 1), 1024));
        return saturatingMultiply(saturatingMultiply(batch, widths), 3 * 8);
    }

    private static void requireHeap(ExperimentConfig config, String key, String what, long bytes, long heapBytes) {
        if (bytes > HEAP_SHARE * heapBytes) {
            throw new ConfigException(
                    config.source(),
                    0,
                    key,
                    what + " needs about " + bytes(bytes) + " of memory, more than this Java heap allows ("
                            + bytes(heapBytes)
                            + "; give Java more with LEARNBENCH_JAVA_OPTS=-Xmx8g, or use a smaller setting)");
        }
    }

    /** "1.5 GB"-style size. */
    public static String bytes(long n) {
        if (n < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1024.0);
        }
        if (n < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MB", n / (double) (1L << 20));
        }
        if (n == Long.MAX_VALUE) {
            return "more than 8 EB";
        }
        return String.format(Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
