package org.learnbench.bench;

import io.jenetics.DoubleGene;
import io.jenetics.GaussianMutator;
import io.jenetics.SinglePointCrossover;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Codecs;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.util.DoubleRange;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.learnbench.optim.ga.Crossover;
import org.learnbench.optim.ga.GeneticAlgorithm;
import org.learnbench.optim.ga.Mutation;
import org.learnbench.optim.ga.Selection;

/**
 * The operators both GA benchmarks give both engines: Jenetics 7.2.0's defaults (tournament of 3,
 * single-point crossover 0.2, Gaussian mutation of each gene with probability 0.15, one elite), as a
 * learnbench {@link GeneticAlgorithm} and as a Jenetics engine, so the comparison differs only in the
 * engine.
 */
final class JeneticsDefaults {
    private JeneticsDefaults() {}

    /** learnbench's GA with Jenetics' operators; {@code sigma} is the mutation's standard deviation. */
    static GeneticAlgorithm learnbench(int population, double sigma) {
        return new GeneticAlgorithm(
                population,
                1,
                new Selection.Tournament(3),
                new Crossover.MultiPoint(1),
                0.2,
                new Mutation(sigma, 0.15, Mutation.Schedule.CONSTANT, 1, 0, 0),
                Optional.empty(),
                0,
                0,
                1,
                1,
                0,
                0,
                0);
    }

    /**
     * Runs Jenetics with its defaults for the given generations, minimising the fitness over vectors in
     * {@code range}; adds every fitness call to {@code calls} and returns the best fitness.
     */
    static double runJenetics(
            ToDoubleFunction<double[]> fitness,
            DoubleRange range,
            int dimension,
            int population,
            int generations,
            Executor executor,
            LongAdder calls) {
        Engine<DoubleGene, Double> engine = Engine.builder(
                        (double[] x) -> {
                            calls.increment();
                            return fitness.applyAsDouble(x);
                        },
                        Codecs.ofVector(range, dimension))
                .populationSize(population)
                .minimizing()
                .selector(new TournamentSelector<>(3))
                .alterers(new SinglePointCrossover<>(0.2), new GaussianMutator<>(0.15))
                .executor(executor)
                .build();
        return engine.stream()
                .limit(generations)
                .collect(EvolutionResult.toBestEvolutionResult())
                .bestFitness();
    }
}
