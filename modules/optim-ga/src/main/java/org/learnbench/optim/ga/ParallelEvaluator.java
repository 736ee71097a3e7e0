package org.learnbench.optim.ga;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;

/**
 * Scores candidates on worker threads, one problem evaluator per worker. Each candidate's fitness is a
 * pure function of its genes and the cases, and every result goes to its own slot, so the outcome is
 * the same for any number of workers.
 */
final class ParallelEvaluator implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final FitnessProblem.FitnessEvaluator[] evaluators;
    private final ExecutorService pool;
    private final java.util.Optional<org.learnbench.optim.PopulationScorer> scorer;
    private final org.learnbench.optim.RunContext context;

    ParallelEvaluator(FitnessProblem problem, org.learnbench.optim.RunContext context) {
        this(problem, context.threads(), context);
    }

    private ParallelEvaluator(FitnessProblem problem, int workers, org.learnbench.optim.RunContext context) {
        this.scorer = problem.scorer();
        this.context = context;
        evaluators = new FitnessProblem.FitnessEvaluator[workers];
        for (int w = 0; w < workers; w++) {
            evaluators[w] = problem.evaluator();
        }
        if (workers > 1) {
            int id = POOLS.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers - 1, r -> {
                Thread t = new Thread(r, "learnbench-ga-" + id + "-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            pool = null;
        }
    }

    /**
     * Sets {@code fitness[indices[i]]} to the mean fitness of {@code genomes[indices[i]]} over the cases,
     * first calling {@code breed} (when not null) on the index, on the same worker, to create the member.
     * Worker w takes candidates w, w + workers, ...; each candidate's fitness is the sum over the cases in
     * order, divided by their number, so the result never depends on the thread count. The caller has
     * checked that the budget has room for all of it.
     */
    void evaluate(double[][] genomes, int[] indices, IntConsumer breed, FitnessCase[] cases, double[] fitness) {
        if (scorer.isPresent()) {
            // Elsewhere: breed here (each child from its own stream, so the order does not matter), score there,
            // and charge what the evaluations cost, so results and clocks equal a local evaluation's.
            double[][] batch = new double[indices.length][];
            for (int i = 0; i < indices.length; i++) {
                if (breed != null) {
                    breed.accept(indices[i]);
                }
                batch[i] = genomes[indices[i]];
            }
            double[] scores = new double[indices.length];
            org.learnbench.optim.PopulationScorer.Work work = scorer.get().score(batch, cases, scores);
            for (int i = 0; i < indices.length; i++) {
                fitness[indices[i]] = scores[i];
            }
            work.chargeTo(context);
            return;
        }
        int workers = Math.min(evaluators.length, Math.max(1, indices.length));
        List<Future<?>> running = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            FitnessProblem.FitnessEvaluator evaluator = evaluators[w];
            int first = w;
            running.add(pool.submit(() -> score(evaluator, genomes, indices, first, workers, breed, cases, fitness)));
        }
        RuntimeException failure = null;
        try {
            score(evaluators[0], genomes, indices, 0, workers, breed, cases, fitness);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while evaluating a generation", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Scores candidates first, first + stride, first + 2 stride, ... */
    private static void score(
            FitnessProblem.FitnessEvaluator evaluator,
            double[][] genomes,
            int[] indices,
            int first,
            int stride,
            IntConsumer breed,
            FitnessCase[] cases,
            double[] fitness) {
        for (int i = first; i < indices.length; i += stride) {
            if (breed != null) {
                breed.accept(indices[i]);
            }
            double[] genome = genomes[indices[i]];
            double sum = 0;
            for (FitnessCase c : cases) {
                sum += evaluator.fitness(genome, c);
            }
            fitness[indices[i]] = sum / cases.length;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
