package org.learnbench.experiment.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Metric;
import org.learnbench.optim.PopulationScorer;

/** A fitness problem whose populations are scored elsewhere; everything else is the problem's own. */
final class ScoredProblem implements FitnessProblem {
    private final FitnessProblem problem;
    private final PopulationScorer scorer;

    ScoredProblem(FitnessProblem problem, PopulationScorer scorer) {
        this.problem = problem;
        this.scorer = scorer;
    }

    @Override
    public Optional<PopulationScorer> scorer() {
        return Optional.of(scorer);
    }

    @Override
    public FitnessEvaluator evaluator() {
        return problem.evaluator();
    }

    @Override
    public long forwardSamplesPerEvaluation(FitnessCase fitnessCase) {
        return problem.forwardSamplesPerEvaluation(fitnessCase);
    }

    @Override
    public long envStepsPerEvaluation(FitnessCase fitnessCase) {
        return problem.envStepsPerEvaluation(fitnessCase);
    }

    @Override
    public long episodesPerEvaluation(FitnessCase fitnessCase) {
        return problem.episodesPerEvaluation(fitnessCase);
    }

    @Override
    public boolean stochastic(FitnessCase fitnessCase) {
        return problem.stochastic(fitnessCase);
    }

    @Override
    public int dimension() {
        return problem.dimension();
    }

    @Override
    public double[] initialParameters(RandomGenerator random) {
        return problem.initialParameters(random);
    }

    @Override
    public Map<String, Double> evaluate(double[] parameters) {
        return problem.evaluate(parameters);
    }

    @Override
    public List<Metric> metrics() {
        return problem.metrics();
    }

    @Override
    public List<String> metricNames() {
        return problem.metricNames();
    }
}
