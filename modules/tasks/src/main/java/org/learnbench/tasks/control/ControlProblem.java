package org.learnbench.tasks.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.learnbench.matrix.Matrix;
import org.learnbench.matrix.MatrixOps;
import org.learnbench.nn.Activation;
import org.learnbench.nn.MeanSquaredError;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Network;
import org.learnbench.nn.Pass;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Metric;
import org.learnbench.optim.PolicyProblem;
import org.learnbench.optim.Rollouts;
import org.learnbench.optim.RunContext;
import org.learnbench.tasks.SoftmaxPolicy;

/**
 * A control task posed to an optimizer: a policy network (observation in, action logits out) acting in a
 * classic-control environment. For a policy-gradient learner it plays batches of episodes with the
 * stochastic policy (all episodes of a batch step in lockstep, one forward pass for all of them) and
 * offers a value network of the same hidden layers; for a genetic algorithm, fitness is minus the return
 * of one episode with the greedy policy, the episode's start drawn from the fitness case. Backprop has
 * no labels to learn from here, so this problem is not differentiable.
 *
 * <p>Checkpoint metrics come from a fixed set of evaluation episodes (their own seeds, the same at every
 * checkpoint): the greedy policy's mean return and episode length, the stochastic policy's mean return,
 * and "solved" (1 when the greedy mean return over the evaluation episodes reaches the Gymnasium
 * threshold; the Gymnasium definition uses 100 consecutive episodes, the default count).
 */
public final class ControlProblem implements PolicyProblem, FitnessProblem {
    /** The stream evaluation episodes' seeds come from. */
    public static final String EVALUATION = org.learnbench.optim.SeedStreams.EVALUATION;
    /** The stream training episodes' starts come from. */
    public static final String ENVIRONMENT = org.learnbench.optim.SeedStreams.ENVIRONMENT;

    private final RunContext context;
    private final EnvironmentFactory task;
    private final Network policy;
    private final Network value;
    private final RandomGenerator starts;
    private final long[] evaluationSeeds;
    private final List<Environment> pool = new ArrayList<>();
    private final Environment prototype;

    public ControlProblem(RunContext context, ControlTask task, MlpSpec network, int evaluationEpisodes) {
        this(context, (EnvironmentFactory) task, network, evaluationEpisodes);
    }

    /**
     * A control problem on any environment the factory makes (a classic-control task, or one over data such
     * as the trading environment).
     */
    public ControlProblem(RunContext context, EnvironmentFactory task, MlpSpec network, int evaluationEpisodes) {
        if (evaluationEpisodes < 1) {
            throw new IllegalArgumentException("evaluation episodes must be >= 1, got " + evaluationEpisodes);
        }
        this.context = context;
        this.task = task;
        this.prototype = task.create();
        this.policy = network.build(prototype.observationSize(), prototype.actionCount(), Activation.IDENTITY);
        this.value = network.build(prototype.observationSize(), 1, Activation.IDENTITY);
        this.starts = context.seeds().stream(ENVIRONMENT);
        RandomGenerator seeds = context.seeds().stream(EVALUATION);
        this.evaluationSeeds = new long[evaluationEpisodes];
        for (int i = 0; i < evaluationEpisodes; i++) {
            evaluationSeeds[i] = seeds.nextLong();
        }
    }

    /** The classic-control task played, or null when the environment comes from another factory. */
    public ControlTask task() {
        return task instanceof ControlTask t ? t : null;
    }

    /** The environment this problem plays. */
    public EnvironmentFactory environments() {
        return task;
    }

    public Network policyNetwork() {
        return policy;
    }

    @Override
    public int dimension() {
        return policy.parameterCount();
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        policy.initialize(random);
        return policy.parameters().clone();
    }

    private Environment environment(int i) {
        while (pool.size() <= i) {
            pool.add(task.create());
        }
        return pool.get(i);
    }

    /** The outcome of a lockstep batch of episodes. */
    private record Played(Rollouts rollouts, double[] returns, long steps) {}

    /**
     * Plays one episode per start generator in lockstep; actions are sampled from {@code actions}, or greedy
     * when it is null. Charges (training) or records (monitoring) every forward pass and step.
     */
    private Played play(double[] parameters, RandomGenerator[] startsOf, RandomGenerator actions, boolean training) {
        int episodes = startsOf.length;
        int obsSize = prototype.observationSize();
        MatrixOps ops = training ? context.ops() : context.monitorOps();
        policy.setParameters(parameters);
        List<List<double[]>> observations = new ArrayList<>();
        List<List<Integer>> chosen = new ArrayList<>();
        List<List<Double>> rewards = new ArrayList<>();
        double[][] current = new double[episodes][obsSize];
        double[][] last = new double[episodes][];
        boolean[] truncated = new boolean[episodes];
        int[] active = new int[episodes];
        for (int e = 0; e < episodes; e++) {
            environment(e).reset(startsOf[e], current[e]);
            observations.add(new ArrayList<>());
            chosen.add(new ArrayList<>());
            rewards.add(new ArrayList<>());
            active[e] = e;
        }
        int live = episodes;
        long steps = 0;
        double[] returns = new double[episodes];
        while (live > 0) {
            if (training) {
                context.meter().chargeForward(live);
                context.meter().chargeEnvSteps(live);
            } else {
                context.meter().recordMonitoring(live);
                context.meter().recordMonitoringEnvSteps(live);
            }
            Matrix batch = Matrix.zeros(live, obsSize);
            for (int i = 0; i < live; i++) {
                System.arraycopy(current[active[i]], 0, batch.data(), i * obsSize, obsSize);
            }
            Matrix logits = policy.forward(Pass.inference(ops), batch);
            Matrix pi = actions == null ? null : ops.softmaxRows(logits, null);
            int stillLive = 0;
            for (int i = 0; i < live; i++) {
                int e = active[i];
                int a = actions == null ? SoftmaxPolicy.greedy(logits, i) : SoftmaxPolicy.sample(pi, i, actions);
                observations.get(e).add(current[e].clone());
                chosen.get(e).add(a);
                Environment env = environment(e);
                double r = env.step(a, current[e]);
                rewards.get(e).add(r);
                returns[e] += r;
                steps++;
                if (env.done()) {
                    last[e] = current[e].clone();
                    truncated[e] = env.truncated();
                } else {
                    active[stillLive++] = e;
                }
            }
            live = stillLive;
        }
        int total = (int) steps;
        Matrix obs = Matrix.zeros(total, obsSize);
        int[] acts = new int[total];
        double[] rews = new double[total];
        int[] ends = new int[episodes];
        Matrix finals = Matrix.zeros(episodes, obsSize);
        int t = 0;
        for (int e = 0; e < episodes; e++) {
            for (int k = 0; k < rewards.get(e).size(); k++) {
                System.arraycopy(observations.get(e).get(k), 0, obs.data(), t * obsSize, obsSize);
                acts[t] = chosen.get(e).get(k);
                rews[t] = rewards.get(e).get(k);
                t++;
            }
            ends[e] = t;
            System.arraycopy(last[e], 0, finals.data(), e * obsSize, obsSize);
        }
        return new Played(new Rollouts(obs, acts, rews, ends, truncated, finals), returns, steps);
    }

    @Override
    public Rollouts rollouts(double[] parameters, int episodes, RandomGenerator random) {
        context.meter().chargeEpisodes(episodes);
        RandomGenerator[] startsOf = new RandomGenerator[episodes];
        for (int e = 0; e < episodes; e++) {
            startsOf[e] = new SplittableRandom(starts.nextLong());
        }
        return play(parameters, startsOf, random, true).rollouts();
    }

    @Override
    public double policyGradient(
            double[] parameters, Rollouts r, double[] weights, double entropyBonus, double[] gradient) {
        context.meter().chargeForwardBackward(r.steps());
        policy.setParameters(parameters);
        double entropy = SoftmaxPolicy.backpropagate(
                context.ops(), policy, r.observations(), r.actions(), weights, entropyBonus);
        policy.copyGradients(gradient);
        return entropy;
    }

    @Override
    public boolean hasValueFunction() {
        return true;
    }

    @Override
    public double[] initialValueParameters(RandomGenerator random) {
        value.initialize(random);
        return value.parameters().clone();
    }

    @Override
    public double[] values(double[] valueParameters, Rollouts r) {
        context.meter().chargeForward(r.steps() + r.episodes());
        value.setParameters(valueParameters);
        double[] v = new double[r.steps() + r.episodes()];
        Matrix steps = value.forward(Pass.inference(context.ops()), r.observations());
        for (int t = 0; t < r.steps(); t++) {
            v[t] = steps.get(t, 0);
        }
        Matrix finals = value.forward(Pass.inference(context.ops()), r.finalObservations());
        for (int e = 0; e < r.episodes(); e++) {
            v[r.steps() + e] = finals.get(e, 0);
        }
        return v;
    }

    @Override
    public double valueGradient(double[] valueParameters, Rollouts r, double[] targets, double[] gradient) {
        context.meter().chargeForwardBackward(r.steps());
        value.setParameters(valueParameters);
        Matrix out = value.forward(Pass.inference(context.ops()), r.observations());
        Matrix target = Matrix.wrap(targets.clone(), 0, r.steps(), 1);
        Matrix grad = Matrix.zeros(r.steps(), 1);
        double loss = new MeanSquaredError().valueAndGradient(context.ops(), out, target, grad);
        value.backward(context.ops(), grad);
        value.copyGradients(gradient);
        return loss;
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        int n = evaluationSeeds.length;
        RandomGenerator[] greedyStarts = new RandomGenerator[n];
        RandomGenerator[] sampledStarts = new RandomGenerator[n];
        for (int i = 0; i < n; i++) {
            greedyStarts[i] = new SplittableRandom(evaluationSeeds[i]);
            sampledStarts[i] = new SplittableRandom(evaluationSeeds[i]);
        }
        Played greedy = play(parameters, greedyStarts, null, false);
        Played sampled = play(parameters, sampledStarts, new SplittableRandom(~evaluationSeeds[0]), false);
        double greedyMean = mean(greedy.returns());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("eval_return", greedyMean);
        m.put("eval_return_stochastic", mean(sampled.returns()));
        m.put("eval_episode_length", (double) greedy.steps() / n);
        m.put("solved", greedyMean >= prototype.solvedThreshold() ? 1.0 : 0.0);
        return m;
    }

    private static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    /** What a control task records at every checkpoint, from its evaluation episodes. */
    public static final List<Metric> METRICS = List.of(
            new Metric("eval_return", Metric.Split.NONE, Metric.Kind.RETURN, Metric.Direction.HIGHER_IS_BETTER, ""),
            new Metric(
                    "eval_return_stochastic",
                    Metric.Split.NONE,
                    Metric.Kind.RETURN,
                    Metric.Direction.HIGHER_IS_BETTER,
                    ""),
            new Metric("eval_episode_length", Metric.Split.NONE, Metric.Kind.LENGTH, Metric.Direction.NONE, "steps"),
            new Metric("solved", Metric.Split.NONE, Metric.Kind.FLAG, Metric.Direction.HIGHER_IS_BETTER, ""));

    @Override
    public FitnessEvaluator evaluator() {
        Network replica = policy.replicate();
        Environment env = task.create();
        MatrixOps ops = context.ops().sharingCounter(1);
        double[] observation = new double[prototype.observationSize()];
        return (parameters, fitnessCase) -> {
            context.meter().chargeEvaluations(1);
            context.meter().chargeEpisodes(1);
            replica.setParameters(parameters);
            env.reset(new SplittableRandom(fitnessCase.seed()), observation);
            double total = 0;
            Matrix input = Matrix.wrap(observation, 0, 1, observation.length);
            while (!env.done()) {
                context.meter().chargeForward(1);
                context.meter().chargeEnvSteps(1);
                Matrix logits = replica.forward(Pass.inference(ops), input);
                total += env.step(SoftmaxPolicy.greedy(logits, 0), observation);
            }
            return -total;
        };
    }

    @Override
    public long forwardSamplesPerEvaluation(FitnessCase fitnessCase) {
        return prototype.maxEpisodeSteps();
    }

    @Override
    public long envStepsPerEvaluation(FitnessCase fitnessCase) {
        return prototype.maxEpisodeSteps();
    }

    @Override
    public long episodesPerEvaluation(FitnessCase fitnessCase) {
        return 1;
    }

    @Override
    public boolean stochastic(FitnessCase fitnessCase) {
        return true;
    }
}
