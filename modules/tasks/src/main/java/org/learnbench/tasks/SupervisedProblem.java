package org.learnbench.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Buffers;
import org.learnbench.nn.Loss;
import org.learnbench.nn.Network;
import org.learnbench.nn.Pass;
import org.learnbench.nn.Precision;
import org.learnbench.optim.DifferentiableProblem;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Metric;
import org.learnbench.optim.PolicyProblem;
import org.learnbench.optim.Rollouts;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.SeedStreams;
import org.learnbench.tasks.data.Metrics;
import org.learnbench.tasks.data.Part;
import org.learnbench.tasks.data.PreparedData;
import org.learnbench.tasks.data.TaskKind;

/**
 * A network trained on a prepared supervised dataset: the problem backprop optimises by its gradient and
 * a genetic algorithm by its fitness (the training loss on the whole training set or on a minibatch
 * drawn from the fitness case's seed), and a policy-gradient learner as a contextual bandit (each
 * training example is a one-step episode; for classification the action is a class, the reward 1 for
 * the right label and {@code wrongReward} otherwise; for regression a Gaussian policy around the
 * network's output with a fixed sd, the reward minus the squared error on the standardised target). It charges every forward and backward pass it makes for the optimizer
 * to the run's meter and records monitoring passes apart.
 *
 * <p>A {@link Precision#FLOAT32} network trains and is evaluated in single precision end to end: the
 * problem gathers float batches (each value rounded from its double, or from its scaled byte pixel), and
 * runs the float forward, loss and backward passes; only the parameter vector it is handed and the gradient it hands
 * back are doubles (rounded on load, widened exactly on return). The monitoring metrics come from the
 * float outputs too.
 *
 * <p>Metrics per split (train, validation, test; an empty split is left out): the loss, then accuracy
 * for classification, or RMSE, MAE and R² in the target's original units for regression.
 */
public final class SupervisedProblem implements DifferentiableProblem, FitnessProblem, PolicyProblem {
    /** Rows per forward pass when evaluating a whole split, to bound memory. */
    private static final int EVALUATION_CHUNK = 1024;

    private final RunContext context;
    private final PreparedData data;
    private final Network network;
    private final Loss loss;
    private final RandomGenerator dropout;
    private final Pass trainingPass;
    private final List<Metric> metrics;
    private Matrix batchX;
    private Matrix batchY;
    private Matrix gradOutput;
    /** The splits' targets rounded to floats, for a float32 network; null for float64. */
    private final Map<String, FloatMatrix> single;

    /** Rows of a split copied for evaluation when its features are not held as doubles. */
    private Matrix chunk;

    private FloatMatrix chunkF;
    private FloatMatrix batchXF;
    private FloatMatrix batchYF;
    private FloatMatrix gradOutputF;
    private final double wrongReward;
    private final double banditSigma;
    private final RandomGenerator examples;

    public SupervisedProblem(RunContext context, PreparedData data, Network network, Loss loss) {
        this(context, data, network, loss, 0.0, 0.5);
    }

    /**
     * As above, for playing the task as a contextual bandit: {@code wrongReward} is the reward of a wrong
     * class (classification), {@code banditSigma} the Gaussian policy's exploration sd on the standardised
     * target (regression).
     */
    public SupervisedProblem(
            RunContext context, PreparedData data, Network network, Loss loss, double wrongReward, double banditSigma) {
        if (network.inputSize() != data.featureNames().size()) {
            throw new IllegalArgumentException("the network takes " + network.inputSize() + " inputs but the task has "
                    + data.featureNames().size() + " features");
        }
        this.context = context;
        this.data = data;
        this.network = network;
        this.loss = loss;
        this.dropout = context.seeds().stream(SeedStreams.DROPOUT);
        this.trainingPass = Pass.training(context.ops(), dropout);
        List<Metric> described = new ArrayList<>();
        for (Metric m : metricsFor(data.kind(), data.target().logTarget())) {
            if (part(m.split().name().toLowerCase(java.util.Locale.ROOT)).size() > 0) {
                described.add(m);
            }
        }
        this.metrics = List.copyOf(described);
        if (!(banditSigma > 0)) {
            throw new IllegalArgumentException("the bandit's exploration sd must be > 0, got " + banditSigma);
        }
        this.wrongReward = wrongReward;
        this.banditSigma = banditSigma;
        this.examples = context.seeds().stream(SeedStreams.ENVIRONMENT);
        if (network.precision() == Precision.FLOAT32) {
            Map<String, FloatMatrix> rounded = new LinkedHashMap<>();
            for (String split : List.of("train", "validation", "test")) {
                rounded.put(split, FloatMatrix.roundedFrom(part(split).y()));
            }
            this.single = Map.copyOf(rounded);
        } else {
            this.single = null;
        }
    }

    /**
     * The metrics a supervised task of this kind records, per split (splits that end up empty are left
     * out): the loss the network is trained on, and accuracy, or RMSE, MAE (in the target's units) and R²,
     * and for a logged target the same three on the log scale the model is fitted on.
     */
    public static List<Metric> metricsFor(TaskKind kind, boolean logTarget) {
        List<Metric> out = new ArrayList<>();
        for (Metric.Split split : List.of(Metric.Split.TRAIN, Metric.Split.VALIDATION, Metric.Split.TEST)) {
            out.add(Metric.of(split, "loss", Metric.Kind.LOSS, Metric.Direction.LOWER_IS_BETTER, ""));
            if (kind == TaskKind.CLASSIFICATION) {
                out.add(Metric.of(split, "accuracy", Metric.Kind.ACCURACY, Metric.Direction.HIGHER_IS_BETTER, ""));
            } else {
                out.add(Metric.of(split, "rmse", Metric.Kind.ERROR, Metric.Direction.LOWER_IS_BETTER, "target units"));
                out.add(Metric.of(split, "mae", Metric.Kind.ERROR, Metric.Direction.LOWER_IS_BETTER, "target units"));
                out.add(Metric.of(split, "r2", Metric.Kind.R2, Metric.Direction.HIGHER_IS_BETTER, ""));
                if (logTarget) {
                    out.add(Metric.of(
                            split,
                            "rmse_log",
                            Metric.Kind.ERROR,
                            Metric.Direction.LOWER_IS_BETTER,
                            "log target units"));
                    out.add(Metric.of(
                            split, "mae_log", Metric.Kind.ERROR, Metric.Direction.LOWER_IS_BETTER, "log target units"));
                    out.add(Metric.of(
                            split, "r2_log", Metric.Kind.R2, Metric.Direction.HIGHER_IS_BETTER, "on log(target)"));
                }
            }
        }
        return List.copyOf(out);
    }

    private Part part(String split) {
        return switch (split) {
            case "train" -> data.train();
            case "validation" -> data.validation();
            case "test" -> data.test();
            default -> throw new IllegalArgumentException("no split " + split);
        };
    }

    public Network network() {
        return network;
    }

    public PreparedData data() {
        return data;
    }

    @Override
    public int dimension() {
        return network.parameterCount();
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        network.initialize(random);
        return network.parameters().clone();
    }

    @Override
    public int trainingSize() {
        return data.train().size();
    }

    private void load(double[] parameters) {
        network.setParameters(parameters);
    }

    @Override
    public double lossAndGradient(double[] parameters, int[] indices, int from, int to, double[] gradient) {
        int n = to - from;
        context.meter().chargeForwardBackward(n);
        load(parameters);
        Part train = data.train();
        MatrixOps ops = context.ops();
        if (single != null) {
            FloatMatrix trainY = single.get("train");
            batchXF = train.features()
                    .gatherRows(
                            indices,
                            from,
                            to,
                            Buffers.reuse(batchXF, n, train.features().cols()));
            batchYF = trainY.gatherRows(indices, from, to, Buffers.reuse(batchYF, n, trainY.cols()));
            FloatMatrix output = network.forward(trainingPass, batchXF);
            gradOutputF = Buffers.reuse(gradOutputF, output.rows(), output.cols());
            double value = loss.valueAndGradient(ops, output, batchYF, gradOutputF);
            network.backward(ops, gradOutputF);
            network.copyGradients(gradient);
            return value;
        }
        // The backward pass writes into the caller's gradient vector itself (no copy per step). Every
        // path here that runs a backward pass binds its own caller's vector first, so no pass ever writes
        // into a vector an earlier caller was handed.
        network.writeGradientsInto(gradient);
        batchX = Buffers.reuse(batchX, n, train.features().cols());
        batchY = Buffers.reuse(batchY, n, train.y().cols());
        train.features().gatherRows(indices, from, to, batchX);
        train.y().gatherRows(indices, from, to, batchY);
        Matrix output = network.forward(trainingPass, batchX);
        gradOutput = Buffers.reuse(gradOutput, output.rows(), output.cols());
        double value = loss.valueAndGradient(ops, output, batchY, gradOutput);
        network.backward(ops, gradOutput);
        network.copyGradients(gradient);
        return value;
    }

    @Override
    public boolean hasValidation() {
        return data.validation().size() > 0;
    }

    @Override
    public double validationLoss(double[] parameters) {
        Part validation = data.validation();
        context.meter().chargeForward(validation.size());
        load(parameters);
        return predict(context.ops(), "validation", null);
    }

    /**
     * Mean loss over a split, evaluated in chunks in the network's precision; fills {@code outputs} (rows x
     * outputs) with the network's outputs when non-null.
     */
    private double predict(MatrixOps ops, String split, Matrix outputs) {
        org.learnbench.tasks.data.Features features = part(split).features();
        if (single != null) {
            FloatMatrix y = single.get(split);
            chunkF = Buffers.reuse(chunkF, Math.min(EVALUATION_CHUNK, features.rows()), features.cols());
            double total = 0;
            for (int from = 0; from < features.rows(); from += EVALUATION_CHUNK) {
                int to = Math.min(features.rows(), from + EVALUATION_CHUNK);
                FloatMatrix out = network.forward(Pass.inference(ops), features.rows(from, to, chunkF));
                total += loss.value(ops, out, y.rows(from, to)) * (to - from);
                if (outputs != null) {
                    out.widenInto(outputs.rows(from, to));
                }
            }
            return total / features.rows();
        }
        Matrix y = part(split).y();
        if (!features.dense()) {
            chunk = Buffers.reuse(chunk, Math.min(EVALUATION_CHUNK, features.rows()), features.cols());
        }
        double total = 0;
        for (int from = 0; from < features.rows(); from += EVALUATION_CHUNK) {
            int to = Math.min(features.rows(), from + EVALUATION_CHUNK);
            Matrix out = network.forward(Pass.inference(ops), features.rows(from, to, chunk));
            total += loss.value(ops, out, y.rows(from, to)) * (to - from);
            if (outputs != null) {
                outputs.rows(from, to).copyFrom(out);
            }
        }
        return total / features.rows();
    }

    /**
     * The network's outputs (rows x outputs) on a split, for pictures of a finished run: confusion matrices
     * and misclassified images. Not charged to any clock.
     */
    public Matrix outputs(double[] parameters, String split) {
        load(parameters);
        Matrix outputs = Matrix.zeros(part(split).size(), network.outputSize());
        if (outputs.rows() > 0) {
            predict(context.monitorOps(), split, outputs);
        }
        return outputs;
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        load(parameters);
        MatrixOps ops = context.monitorOps();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String split : List.of("train", "validation", "test")) {
            Part part = part(split);
            if (part.size() == 0) {
                continue;
            }
            context.meter().recordMonitoring(part.size());
            Matrix outputs = Matrix.zeros(part.size(), network.outputSize());
            metrics.put(split + "_loss", predict(ops, split, outputs));
            if (data.kind() == TaskKind.CLASSIFICATION) {
                metrics.put(split + "_accuracy", Metrics.accuracy(ops.rowArgmax(outputs), part.labels()));
            } else {
                double[] predicted = new double[part.size()];
                double[] actual = new double[part.size()];
                for (int i = 0; i < predicted.length; i++) {
                    predicted[i] = outputs.get(i, 0);
                    actual[i] = part.y().get(i, 0);
                }
                Metrics.regression(split, predicted, actual, data.target(), metrics);
            }
        }
        return metrics;
    }

    @Override
    public List<Metric> metrics() {
        return metrics;
    }

    @Override
    public FitnessEvaluator evaluator() {
        return new LossEvaluator(network.replicate());
    }

    @Override
    public long forwardSamplesPerEvaluation(FitnessCase fitnessCase) {
        return batchOf(fitnessCase);
    }

    @Override
    public boolean stochastic(FitnessCase fitnessCase) {
        return batchOf(fitnessCase) < trainingSize();
    }

    private int batchOf(FitnessCase fitnessCase) {
        int b = fitnessCase.batchSize();
        return b == 0 ? trainingSize() : Math.min(b, trainingSize());
    }

    @Override
    public Rollouts rollouts(double[] policy, int episodes, RandomGenerator random) {
        context.meter().chargeEpisodes(episodes);
        context.meter().chargeEnvSteps(episodes);
        context.meter().chargeForward(episodes);
        load(policy);
        Part train = data.train();
        int[] rows = new int[episodes];
        for (int e = 0; e < episodes; e++) {
            rows[e] = examples.nextInt(train.size());
        }
        Matrix x = train.features()
                .gatherRows(
                        rows,
                        0,
                        episodes,
                        Matrix.zeros(episodes, train.features().cols()));
        Matrix out = network.forward(Pass.inference(context.ops()), x);
        int[] actions = new int[episodes];
        double[] rewards = new double[episodes];
        int[] ends = new int[episodes];
        for (int e = 0; e < episodes; e++) {
            ends[e] = e + 1;
        }
        Matrix finals = Matrix.zeros(episodes, x.cols());
        if (data.kind() == TaskKind.REGRESSION) {
            // Gaussian policy: the network's output is the mean, the exploration sd is fixed; the reward is
            // minus the squared error of the sampled prediction, on the standardised target.
            double[] predictions = new double[episodes];
            for (int e = 0; e < episodes; e++) {
                predictions[e] = out.get(e, 0) + banditSigma * random.nextGaussian();
                double error = predictions[e] - train.y().get(rows[e], 0);
                rewards[e] = -error * error;
            }
            return new Rollouts(x, actions, predictions, rewards, ends, new boolean[episodes], finals);
        }
        Matrix pi = context.ops().softmaxRows(out, null);
        for (int e = 0; e < episodes; e++) {
            actions[e] = SoftmaxPolicy.sample(pi, e, random);
            rewards[e] = actions[e] == (int) train.y().get(rows[e], 0) ? 1.0 : wrongReward;
        }
        return new Rollouts(x, actions, rewards, ends, new boolean[episodes], finals);
    }

    @Override
    public double policyGradient(
            double[] policy, Rollouts r, double[] weights, double entropyBonus, double[] gradient) {
        context.meter().chargeForwardBackward(r.steps());
        load(policy);
        if (data.kind() == TaskKind.REGRESSION) {
            return gaussianGradient(r, weights, gradient);
        }
        // Every backward pass writes into its own caller's gradient vector (see lossAndGradient).
        network.writeGradientsInto(gradient);
        double entropy = SoftmaxPolicy.backpropagate(
                context.ops(), network, r.observations(), r.actions(), weights, entropyBonus);
        network.copyGradients(gradient);
        return entropy;
    }

    /**
     * The Gaussian policy's gradient: log pi(a|x) = -(a - mu)^2 / (2 sigma^2) + const, so the loss
     * -(1/T) sum w_t log pi(a_t|x_t) has d/d mu_t = -(w_t / T) (a_t - mu_t) / sigma^2. The entropy of a
     * fixed-sd Gaussian does not depend on the parameters, so the entropy bonus has no gradient here.
     */
    private double gaussianGradient(Rollouts r, double[] weights, double[] gradient) {
        int n = r.steps();
        Matrix mu = network.forward(Pass.inference(context.ops()), r.observations());
        Matrix dmu = Matrix.zeros(n, 1);
        double variance = banditSigma * banditSigma;
        for (int t = 0; t < n; t++) {
            dmu.set(t, 0, -weights[t] * (r.continuousActions()[t] - mu.get(t, 0)) / (variance * n));
        }
        context.ops().addFlops(4L * n);
        network.writeGradientsInto(gradient);
        network.backward(context.ops(), dmu);
        network.copyGradients(gradient);
        return 0.5 * Math.log(2 * Math.PI * Math.E * variance);
    }

    @Override
    public boolean hasValueFunction() {
        return false;
    }

    @Override
    public double[] initialValueParameters(RandomGenerator random) {
        throw new UnsupportedOperationException("a supervised task has no value network");
    }

    @Override
    public double[] values(double[] valueParameters, Rollouts rollouts) {
        throw new UnsupportedOperationException("a supervised task has no value network");
    }

    @Override
    public double valueGradient(double[] valueParameters, Rollouts rollouts, double[] targets, double[] gradient) {
        throw new UnsupportedOperationException("a supervised task has no value network");
    }

    /**
     * Training loss of a parameter vector, in inference mode (no dropout), on the whole training set or
     * on the minibatch the case's seed draws (without replacement). One per worker thread: it owns a
     * replica of the network and its batch buffers.
     *
     * <p>A population is scored one candidate at a time: each candidate's multiply already runs near the
     * core's peak, so sharing one wide multiply between candidates does not pay (modules/bench/README.md).
     */
    private final class LossEvaluator implements FitnessEvaluator {
        private final Network replica;
        private final MatrixOps ops = context.ops().sharingCounter(1);
        private FitnessCase cachedCase;
        /** The case's batch in double (float64 network) or single precision (float32); the other is null. */
        private Matrix x;

        private Matrix y;
        private FloatMatrix xF;
        private FloatMatrix yF;
        /** The whole training split's features, when they are evaluated chunk by chunk (not held as doubles). */
        private org.learnbench.tasks.data.Features rows;

        private Matrix chunkX;
        private FloatMatrix chunkXF;

        LossEvaluator(Network replica) {
            this.replica = replica;
        }

        @Override
        public double fitness(double[] parameters, FitnessCase fitnessCase) {
            int n = batchOf(fitnessCase);
            context.meter().chargeEvaluations(1);
            context.meter().chargeForward(n);
            if (!fitnessCase.equals(cachedCase)) {
                prepareBatch(fitnessCase, n);
            }
            replica.setParameters(parameters);
            double total = 0;
            for (int from = 0; from < n; from += EVALUATION_CHUNK) {
                int to = Math.min(n, from + EVALUATION_CHUNK);
                FloatMatrix inF =
                        single == null ? null : rows != null ? rows.rows(from, to, chunkXF) : xF.rows(from, to);
                Matrix in = single != null ? null : rows != null ? rows.rows(from, to, chunkX) : x.rows(from, to);
                total += (single != null
                                ? loss.value(ops, replica.forward(Pass.inference(ops), inF), yF.rows(from, to))
                                : loss.value(ops, replica.forward(Pass.inference(ops), in), y.rows(from, to)))
                        * (to - from);
            }
            return total / n;
        }

        private void prepareBatch(FitnessCase fitnessCase, int n) {
            Part train = data.train();
            int[] order = null;
            if (n < train.size()) {
                order = new int[train.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                RandomGenerator random = new java.util.SplittableRandom(fitnessCase.seed());
                for (int i = 0; i < n; i++) {
                    int j = i + random.nextInt(order.length - i);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            org.learnbench.tasks.data.Features features = train.features();
            // The whole split is read in chunks from where it is held (a view of dense doubles costs
            // nothing; anything else is copied chunk by chunk); a minibatch is gathered once per case.
            rows = order == null ? features : null;
            int chunkRows = Math.min(EVALUATION_CHUNK, Math.max(1, n));
            if (single != null) {
                FloatMatrix trainY = single.get("train");
                chunkXF = order == null ? FloatMatrix.zeros(chunkRows, features.cols()) : null;
                xF = order == null ? null : features.gatherRows(order, 0, n, FloatMatrix.zeros(n, features.cols()));
                yF = order == null ? trainY : trainY.gatherRows(order, 0, n, FloatMatrix.zeros(n, trainY.cols()));
            } else {
                chunkX = order == null && !features.dense() ? Matrix.zeros(chunkRows, features.cols()) : null;
                x = order == null ? null : features.gatherRows(order, 0, n, Matrix.zeros(n, features.cols()));
                y = order == null
                        ? train.y()
                        : train.y()
                                .gatherRows(
                                        order, 0, n, Matrix.zeros(n, train.y().cols()));
            }
            cachedCase = fitnessCase;
        }
    }
}
