package org.learnbench.optim.ga;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.Search;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.StepOutcome;

/**
 * The state of one genetic-algorithm run: the population (kept sorted best first), its fitness and step
 * sizes, and the best individual seen.
 */
final class Generations implements Search {
    private final GeneticAlgorithm ga;
    private final FitnessProblem problem;
    private final RunContext context;
    private final RandomGenerator selection;
    private final RandomGenerator variation;
    private final RandomGenerator cases;
    private final ParallelEvaluator evaluator;
    private final int dimension;
    private final boolean stochastic;
    private double[][] genomes;
    private double[] sigmas;
    private double[] fitness;
    private long generation;
    private double bestSoFar = Double.POSITIVE_INFINITY;
    private double[] bestSoFarGenome;
    private int generationsWithoutImprovement;

    Generations(GeneticAlgorithm ga, FitnessProblem problem, RunContext context) {
        this.ga = ga;
        this.problem = problem;
        this.context = context;
        this.selection = context.seeds().stream(SeedStreams.SELECTION);
        this.variation = context.seeds().stream(SeedStreams.MUTATION);
        this.cases = context.seeds().stream(SeedStreams.FITNESS);
        this.dimension = problem.dimension();
        this.stochastic = problem.stochastic(new FitnessCase(0, ga.fitnessBatch()));
        int n = ga.population();
        RandomGenerator init = context.seeds().stream(SeedStreams.INIT);
        genomes = new double[n][];
        for (int i = 0; i < n; i++) {
            genomes[i] = problem.initialParameters(init);
            if (ga.initNoise() > 0) {
                for (int j = 0; j < dimension; j++) {
                    genomes[i][j] += ga.initNoise() * variation.nextGaussian();
                }
            }
        }
        ga.bounds().ifPresent(b -> Arrays.stream(genomes).forEach(b::clip));
        sigmas = new double[n];
        Arrays.fill(sigmas, ga.mutation().sigma());
        fitness = new double[n];
        evaluator = new ParallelEvaluator(problem, context);
        try {
            evaluate(genomes, IntStream.range(0, n).toArray(), null, fitness);
            sortAndRefineElites();
            trackBest();
        } catch (RuntimeException e) {
            evaluator.close();
            throw e;
        }
    }

    private FitnessCase[] drawCases(int count) {
        FitnessCase[] drawn = new FitnessCase[count];
        for (int i = 0; i < count; i++) {
            drawn[i] = new FitnessCase(stochastic ? cases.nextLong() : 0, ga.fitnessBatch());
        }
        return drawn;
    }

    /**
     * Scores the given members of a population on fresh cases into {@code into}, after checking that the
     * whole batch fits the budget (so a generation runs whole or not at all).
     */
    private void evaluate(double[][] population, int[] members, IntConsumer breed, double[] into) {
        evaluate(population, members, breed, drawCases(stochastic ? ga.evaluationsPerCandidate() : 1), into);
    }

    private void evaluate(double[][] population, int[] members, IntConsumer breed, FitnessCase[] on, double[] into) {
        long evaluations = (long) members.length * on.length;
        context.meter()
                .ensureAvailable(
                        evaluations * problem.forwardSamplesPerEvaluation(on[0]),
                        evaluations,
                        evaluations * problem.envStepsPerEvaluation(on[0]),
                        evaluations * problem.episodesPerEvaluation(on[0]));
        evaluator.evaluate(population, members, breed, on, into);
    }

    private static long mix(long z) {
        return SeedStreams.mix(z);
    }

    @Override
    public StepOutcome step() {
        generation++;
        int n = ga.population();
        int elites = ga.elites();
        int children = n - elites;
        double[][] next = new double[n][];
        double[] nextSigmas = new double[n];
        for (int e = 0; e < elites; e++) {
            next[e] = genomes[e].clone();
            nextSigmas[e] = sigmas[e];
        }
        int[] parents = ga.selection().select(fitness, 2 * children, selection);
        boolean selfAdaptive = ga.mutation().schedule() == Mutation.Schedule.SELF_ADAPTIVE;
        double scheduled = ga.mutation().sigmaAt(generation);
        long generationSeed = variation.nextLong();
        long[] variationFlops = new long[n];
        // Each child draws from its own stream, derived from the generation's seed and its index, so the
        // workers can breed children in parallel and the result does not depend on who bred which.
        IntConsumer breed = member -> {
            if (member < elites) {
                return;
            }
            int c = member - elites;
            RandomGenerator random = new SplittableRandom(mix(generationSeed + mix(c + 1L)));
            int a = parents[2 * c];
            int b = parents[2 * c + 1];
            double[] child = new double[dimension];
            boolean crossed = ga.crossoverProbability() > 0 && random.nextDouble() < ga.crossoverProbability();
            long flops = 0;
            if (crossed) {
                ga.crossover().cross(genomes[a], genomes[b], child, random);
                flops += 3L * dimension;
            } else {
                System.arraycopy(genomes[a], 0, child, 0, dimension);
            }
            double sigma = scheduled;
            if (selfAdaptive) {
                double parentSigma = crossed ? Math.sqrt(sigmas[a] * sigmas[b]) : sigmas[a];
                sigma = ga.mutation().adapt(parentSigma, dimension, random);
            }
            ga.mutation().apply(child, sigma, random);
            flops += (long) Math.ceil(2 * dimension * ga.mutation().probability());
            ga.bounds().ifPresent(bounds -> bounds.clip(child));
            next[member] = child;
            nextSigmas[member] = sigma;
            variationFlops[member] = flops;
        };
        double[] nextFitness = new double[n];
        if (stochastic) {
            evaluate(next, IntStream.range(0, n).toArray(), breed, nextFitness);
        } else {
            System.arraycopy(fitness, 0, nextFitness, 0, elites);
            evaluate(next, IntStream.range(elites, n).toArray(), breed, nextFitness);
        }
        context.ops().addFlops(java.util.Arrays.stream(variationFlops).sum());
        // Only a fully evaluated generation replaces the current one: a budget stop leaves a consistent state.
        genomes = next;
        sigmas = nextSigmas;
        fitness = nextFitness;
        sortAndRefineElites();
        boolean improved = trackBest();
        generationsWithoutImprovement = improved ? 0 : generationsWithoutImprovement + 1;
        if (ga.steadyGenerations() > 0 && generationsWithoutImprovement >= ga.steadyGenerations()) {
            return StepOutcome.stop(
                    fitness[0],
                    "best fitness did not improve by more than " + ga.steadyTolerance() + " for "
                            + ga.steadyGenerations() + " generations");
        }
        return StepOutcome.proceed(fitness[0]);
    }

    /** Sorts best first; with a stochastic fitness, re-scores the elite candidates on extra cases first. */
    private void sortAndRefineElites() {
        sortPopulation();
        if (!stochastic || ga.eliteReevaluations() == 0 || ga.eliteCandidates() == 0) {
            return;
        }
        int candidates = ga.eliteCandidates();
        int[] top = IntStream.range(0, candidates).toArray();
        double[] extraScores = new double[fitness.length];
        evaluate(genomes, top, null, drawCases(ga.eliteReevaluations()), extraScores);
        int k = ga.evaluationsPerCandidate();
        int r = ga.eliteReevaluations();
        for (int i = 0; i < candidates; i++) {
            fitness[i] = (k * fitness[i] + r * extraScores[i]) / (k + r);
        }
        sortPopulation();
    }

    private void sortPopulation() {
        int[] order = Ranking.bestFirst(fitness);
        double[][] g = new double[order.length][];
        double[] f = new double[order.length];
        double[] s = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            g[i] = genomes[order[i]];
            f[i] = fitness[order[i]];
            s[i] = sigmas[order[i]];
        }
        genomes = g;
        fitness = f;
        sigmas = s;
    }

    /** Updates the best so far; true when it improved by more than the steady tolerance. */
    private boolean trackBest() {
        boolean improved = fitness[0] < bestSoFar - ga.steadyTolerance();
        if (fitness[0] < bestSoFar) {
            bestSoFar = fitness[0];
            bestSoFarGenome = genomes[0].clone();
        }
        return improved;
    }

    @Override
    public double[] solution() {
        return genomes[0];
    }

    @Override
    public double[] finalSolution() {
        // A deterministic fitness makes the best so far a fact; a noisy one makes it a lucky draw, so the
        // current elite (re-scored every generation) is kept instead.
        return stochastic || bestSoFarGenome == null ? genomes[0] : bestSoFarGenome;
    }

    @Override
    public java.util.List<org.learnbench.optim.Metric> statisticMetrics() {
        return org.learnbench.optim.Metric.populationStatistics(statistics().keySet());
    }

    @Override
    public Map<String, Double> statistics() {
        int n = fitness.length;
        double mean = 0;
        for (double f : fitness) {
            mean += f;
        }
        mean /= n;
        double var = 0;
        for (double f : fitness) {
            var += (f - mean) * (f - mean);
        }
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("best_fitness", fitness[0]);
        stats.put("mean_fitness", mean);
        stats.put("fitness_sd", Math.sqrt(var / n));
        stats.put("best_so_far", bestSoFar);
        stats.put("diversity", diversity());
        stats.put("sigma", currentSigma());
        return stats;
    }

    private double currentSigma() {
        if (ga.mutation().schedule() != Mutation.Schedule.SELF_ADAPTIVE) {
            return ga.mutation().sigmaAt(generation);
        }
        double logSum = 0;
        for (double s : sigmas) {
            logSum += Math.log(s);
        }
        return Math.exp(logSum / sigmas.length);
    }

    /** Mean Euclidean distance of the members to their centroid. */
    private double diversity() {
        double[] centroid = new double[dimension];
        for (double[] g : genomes) {
            for (int j = 0; j < dimension; j++) {
                centroid[j] += g[j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            centroid[j] /= genomes.length;
        }
        double total = 0;
        for (double[] g : genomes) {
            double s = 0;
            for (int j = 0; j < dimension; j++) {
                double d = g[j] - centroid[j];
                s += d * d;
            }
            total += Math.sqrt(s);
        }
        return total / genomes.length;
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
