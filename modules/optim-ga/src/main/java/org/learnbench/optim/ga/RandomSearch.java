package org.learnbench.optim.ga;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.Search;
import org.learnbench.optim.StepOutcome;

/**
 * Random search, the baseline every comparison needs: each iteration draws {@code samples} fresh points
 * from the problem's own initial distribution (a network's initialiser, a function's domain), scores
 * them (in parallel, like the genetic algorithm) and keeps the best point seen. Anything that does not
 * beat it has learnt nothing from its fitness signal.
 *
 * @param samples points drawn and scored per iteration (>= 1)
 * @param fitnessBatch training samples per evaluation for supervised problems; 0 = all
 */
public record RandomSearch(int samples, int fitnessBatch) implements Optimizer<FitnessProblem> {
    public RandomSearch {
        if (samples < 1) {
            throw new IllegalArgumentException("random search needs samples >= 1 per iteration, got " + samples);
        }
        if (fitnessBatch < 0) {
            throw new IllegalArgumentException(
                    "fitness batch must be >= 1 (or 0 for all samples), got " + fitnessBatch);
        }
    }

    /** The stream the points are drawn from. */
    static final String POINTS = "random_search";

    @Override
    public String name() {
        return "random_search";
    }

    @Override
    public String iterationName() {
        return "iteration";
    }

    @Override
    public Class<FitnessProblem> problemType() {
        return FitnessProblem.class;
    }

    @Override
    public Search start(FitnessProblem problem, RunContext context) {
        return new Draws(problem, context);
    }

    /** The best point so far and the generators of points and cases. */
    private final class Draws implements Search {
        private final FitnessProblem problem;
        private final RunContext context;
        private final RandomGenerator points;
        private final RandomGenerator cases;
        private final ParallelEvaluator evaluator;
        private final boolean stochastic;
        private double[] best;
        private double bestFitness = Double.POSITIVE_INFINITY;
        private double lastBest = Double.NaN;

        Draws(FitnessProblem problem, RunContext context) {
            this.problem = problem;
            this.context = context;
            this.points = context.seeds().stream(POINTS);
            this.cases = context.seeds().stream(org.learnbench.optim.SeedStreams.FITNESS);
            this.stochastic = problem.stochastic(new FitnessCase(0, fitnessBatch));
            this.evaluator = new ParallelEvaluator(problem, context);
            this.best = problem.initialParameters(context.seeds().stream(org.learnbench.optim.SeedStreams.INIT));
        }

        @Override
        public StepOutcome step() {
            FitnessCase c = new FitnessCase(stochastic ? cases.nextLong() : 0, fitnessBatch);
            // With a stochastic fitness the incumbent is scored again on this iteration's case, so a point that
            // was lucky once cannot stay best forever; its re-evaluation is charged like any other.
            boolean rescore = stochastic && bestFitness != Double.POSITIVE_INFINITY;
            int n = samples + (rescore ? 1 : 0);
            context.meter()
                    .ensureAvailable(
                            n * problem.forwardSamplesPerEvaluation(c),
                            n,
                            n * problem.envStepsPerEvaluation(c),
                            n * problem.episodesPerEvaluation(c));
            double[][] drawn = new double[n][];
            for (int i = 0; i < samples; i++) {
                drawn[i] = problem.initialParameters(points);
            }
            if (rescore) {
                drawn[samples] = best;
            }
            double[] fitness = new double[n];
            evaluator.evaluate(drawn, IntStream.range(0, n).toArray(), null, new FitnessCase[] {c}, fitness);
            int winner = 0;
            for (int i = 1; i < samples; i++) {
                if (Ranking.better(fitness[i], fitness[winner])) {
                    winner = i;
                }
            }
            lastBest = fitness[winner];
            if (rescore) {
                bestFitness = fitness[samples];
            }
            if (Ranking.better(fitness[winner], bestFitness)) {
                bestFitness = fitness[winner];
                best = drawn[winner];
            }
            return StepOutcome.proceed(lastBest);
        }

        @Override
        public double[] solution() {
            return best;
        }

        @Override
        public java.util.List<org.learnbench.optim.Metric> statisticMetrics() {
            return org.learnbench.optim.Metric.populationStatistics(statistics().keySet());
        }

        @Override
        public Map<String, Double> statistics() {
            Map<String, Double> s = new LinkedHashMap<>();
            s.put("best_fitness", lastBest);
            s.put("best_so_far", bestFitness == Double.POSITIVE_INFINITY ? Double.NaN : bestFitness);
            return s;
        }

        @Override
        public void close() {
            evaluator.close();
        }
    }
}
