package org.learnbench.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.optim.Clocks;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;

/**
 * A share of one generation's candidates to score on a worker: the run they belong to (a signed run
 * task, which rebuilds its fitness problem exactly as the run did), the candidates and the cases, signed
 * together. The worker scores each candidate as a local evaluation does (the sum over the cases in order,
 * divided by their number) and sends back the values and the work they cost, signed.
 */
final class ScoreTask implements Callable<ScoreTask.Scores>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    final RunTask run;
    final double[][] genomes;
    final long[] caseSeeds;
    final int[] caseBatches;
    final byte[] signature;
    private transient HazelcastInstance instance;

    private ScoreTask(RunTask run, double[][] genomes, long[] caseSeeds, int[] caseBatches, byte[] signature) {
        this.run = run;
        this.genomes = genomes;
        this.caseSeeds = caseSeeds;
        this.caseBatches = caseBatches;
        this.signature = signature;
    }

    static ScoreTask of(Secret secret, RunTask run, double[][] genomes, FitnessCase[] cases) {
        long[] seeds = new long[cases.length];
        int[] batches = new int[cases.length];
        for (int i = 0; i < cases.length; i++) {
            seeds[i] = cases[i].seed();
            batches[i] = cases[i].batchSize();
        }
        return new ScoreTask(run, genomes, seeds, batches, secret.sign(parts(run, genomes, seeds, batches)));
    }

    private static byte[][] parts(RunTask run, double[][] genomes, long[] seeds, int[] batches) {
        int length = 0;
        for (double[] g : genomes) {
            length += 4 + 8 * g.length;
        }
        ByteBuffer candidates = ByteBuffer.allocate(length);
        for (double[] g : genomes) {
            candidates.putInt(g.length);
            for (double v : g) {
                candidates.putLong(Double.doubleToRawLongBits(v));
            }
        }
        ByteBuffer cases = ByteBuffer.allocate(12 * seeds.length);
        for (int i = 0; i < seeds.length; i++) {
            cases.putLong(seeds[i]).putInt(batches[i]);
        }
        return new byte[][] {Secret.bytes("score"), run.signature, candidates.array(), cases.array()};
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    /** A run's fitness problem on this worker and an evaluator of it: used by one task at a time. */
    record Scoring(ExperimentRunner.EvaluationProblem problem, FitnessProblem.FitnessEvaluator evaluator) {}

    @Override
    public Scores call() throws IOException, InterruptedException {
        MemberContext context = MemberContext.of(instance);
        if (!context.secret.verify(signature, parts(run, genomes, caseSeeds, caseBatches))) {
            throw new SecurityException(
                    "refused candidates of " + run.label + ": not signed with this cluster's secret");
        }
        run.check(context);
        String key = run.configHash + "/" + run.seed;
        ConcurrentLinkedQueue<Scoring> pool = context.problems.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
        Scoring scoring = pool.poll();
        if (scoring == null) {
            ExperimentConfig config = run.config(instance, context);
            if (!ConfigHash.of(config).equals(run.configHash)) {
                throw new IllegalStateException(run.label + ": the config rebuilt on " + context.address
                        + " hashes differently from the coordinator's");
            }
            ExperimentRunner.EvaluationProblem p = new ExperimentRunner(context.cache.resolve("scoring"))
                    .evaluationProblem(config, run.seed, run.threads);
            scoring = new Scoring(p, p.problem().evaluator());
        }
        try {
            FitnessCase[] cases = new FitnessCase[caseSeeds.length];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new FitnessCase(caseSeeds[i], caseBatches[i]);
            }
            Clocks before = scoring.problem().meter().clocks();
            double[] fitness = new double[genomes.length];
            for (int i = 0; i < genomes.length; i++) {
                double sum = 0;
                for (FitnessCase c : cases) {
                    sum += scoring.evaluator().fitness(genomes[i], c);
                }
                fitness[i] = sum / cases.length;
            }
            Clocks after = scoring.problem().meter().clocks();
            long[] work = {
                after.forwardSamples() - before.forwardSamples(),
                after.evaluations() - before.evaluations(),
                after.envSteps() - before.envSteps(),
                after.episodes() - before.episodes(),
                after.flops() - before.flops()
            };
            return new Scores(fitness, work, context.secret.sign(Scores.parts(signature, fitness, work)));
        } finally {
            if (context.problems.size() > 16) {
                context.problems.clear();
            }
            context.problems
                    .computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>())
                    .add(scoring);
        }
    }

    /** The candidates' fitness values and the work they cost (forward samples, evaluations, steps, episodes, FLOPs). */
    record Scores(double[] fitness, long[] work, byte[] signature) implements Serializable {
        private static final long serialVersionUID = 1L;

        static byte[][] parts(byte[] taskSignature, double[] fitness, long[] work) {
            ByteBuffer values = ByteBuffer.allocate(8 * fitness.length + 8 * work.length);
            for (double v : fitness) {
                values.putLong(Double.doubleToRawLongBits(v));
            }
            for (long w : work) {
                values.putLong(w);
            }
            return new byte[][] {Secret.bytes("scores"), taskSignature, values.array()};
        }
    }
}
