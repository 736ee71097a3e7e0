package org.learnbench.optim.cmaes;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;
import org.learnbench.optim.BudgetExhaustedException;
import org.learnbench.optim.FitnessCase;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.Search;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.StepOutcome;

/**
 * CMA-ES, the covariance matrix adaptation evolution strategy, from Apache Commons Math 3.6.1 behind the common
 * optimizer interface: the second gradient-free baseline, next to the genetic algorithm.
 *
 * <p>Commons Math runs its whole generation loop inside one {@code optimize} call, while the run loop advances a
 * search one generation per {@link Search#step}. The search therefore runs {@code optimize} as a coroutine on one
 * dedicated daemon thread: the thread stops at every generation boundary, hands the generation's results to the
 * run loop's thread and waits to be released for the next generation. Only one of the two threads works at a
 * time, so the run is as sequential, and as deterministic, as a plain loop.
 *
 * <p>The generation boundary is found by counting objective calls: with no feasibility checks Commons Math
 * evaluates the initial point once and then exactly lambda candidates per generation. (Its convergence-checker
 * hook is not called once per generation: it is skipped in the first generation unless that improved on the
 * initial point, called twice in generations that improve, and skipped when a built-in criterion stops the run.)
 *
 * <p>Not on the FLOP clock: Commons Math's own linear algebra (sampling, covariance update, eigendecompositions);
 * only the problem's evaluations are counted.
 *
 * @param populationSize lambda, candidates per generation; 0 for the CMA-ES default 4 + floor(3 ln d)
 * @param initialSigma the initial step size, the same for every coordinate (> 0)
 * @param diagonal true to keep the covariance diagonal for the whole run (sep-CMA-ES: O(d) per sample instead of
 *     O(d^2), but blind to correlations between coordinates)
 * @param activeCma true for active CMA, which also shrinks the covariance along the worst candidates' directions
 * @param batchSize training samples per fitness evaluation for supervised problems; 0 for the whole training set
 */
public record CmaEs(int populationSize, double initialSigma, boolean diagonal, boolean activeCma, int batchSize)
        implements Optimizer<FitnessProblem> {

    /** The name of the thread each search runs Commons Math on (for tests that check no thread outlives a run). */
    static final String THREAD_NAME = "learnbench-cmaes";

    /** How long {@link Search#close} waits for the CMA-ES thread to unwind. */
    private static final long JOIN_TIMEOUT_SECONDS = 10;

    /**
     * Commons Math keeps the step size in a private field and offers it only through statistics lists that grow
     * by a matrix per generation; reading the field is cheap and exact. Null when the field is not there (another
     * Commons Math version): the "sigma" statistic is then left out altogether.
     */
    private static final Field SIGMA = sigmaField();

    public CmaEs {
        if (populationSize < 0 || populationSize == 1) {
            throw new IllegalArgumentException(
                    "population size must be >= 2 (or 0 for the CMA-ES default), got " + populationSize);
        }
        if (!(initialSigma > 0) || Double.isInfinite(initialSigma)) {
            throw new IllegalArgumentException("initial sigma must be a positive finite number, got " + initialSigma);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException(
                    "batch size must be >= 1 (or 0 for the whole training set), got " + batchSize);
        }
    }

    /** Full-covariance active CMA-ES with the default population size and full-batch fitness. */
    public static CmaEs of(double initialSigma) {
        return new CmaEs(0, initialSigma, false, true, 0);
    }

    /** The CMA-ES default population size 4 + floor(3 ln d) for {@code dimension} parameters. */
    public static int defaultPopulationSize(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        return 4 + (int) Math.floor(3 * Math.log(dimension));
    }

    /** The population size a run on {@code dimension} parameters uses. */
    public int lambda(int dimension) {
        return populationSize == 0 ? defaultPopulationSize(dimension) : populationSize;
    }

    @Override
    public String name() {
        return "cmaes";
    }

    @Override
    public String iterationName() {
        return "generation";
    }

    @Override
    public Class<FitnessProblem> problemType() {
        return FitnessProblem.class;
    }

    @Override
    public Search start(FitnessProblem problem, RunContext context) {
        double[] x0 = problem.initialParameters(context.seeds().stream(SeedStreams.INIT));
        if (x0.length != problem.dimension()) {
            throw new IllegalArgumentException("the problem's initial point has " + x0.length
                    + " coordinates but its dimension is " + problem.dimension());
        }
        Generations search = new Generations(problem, context, x0);
        search.thread.start();
        return search;
    }

    private static Field sigmaField() {
        try {
            Field f = CMAESOptimizer.class.getDeclaredField("sigma");
            f.setAccessible(true);
            return f.getType() == double.class ? f : null;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    /** What the main thread tells the CMA-ES thread at a generation boundary (closing is by interrupt). */
    private enum Command {
        NEXT_GENERATION
    }

    /**
     * What the CMA-ES thread reports after a generation (or when it ends): the generation's best candidate, the
     * best seen so far, the step size for the next generation, and whether Commons Math has finished or failed.
     */
    private record Report(
            double generationBest,
            double[] generationBestPoint,
            double bestSoFar,
            double[] bestSoFarPoint,
            double sigma,
            boolean finished,
            Throwable failure) {}

    /** Thrown on the CMA-ES thread to unwind Commons Math's loop when the search is closed. */
    private static final class Unwind extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unwind() {
            super("CMA-ES search closed", null, false, false);
        }
    }

    /** One CMA-ES run: the coroutine thread and the state the run loop sees. */
    private final class Generations implements Search {
        private final int lambda;
        private final Thread thread;
        private final SynchronousQueue<Command> commands = new SynchronousQueue<>();
        private final SynchronousQueue<Report> reports = new SynchronousQueue<>();
        private volatile boolean closing;

        // Main-thread state, updated only from reports.
        private double[] solution;
        private boolean ended;
        private final Map<String, Double> statistics = new LinkedHashMap<>();

        // CMA-thread state: read and written only by the coroutine (published through reports).
        private final FitnessProblem.FitnessEvaluator evaluator;
        private final RandomGenerator fitnessSeeds;
        private final boolean stochastic;
        private final CMAESOptimizer optimizer;
        private final double[] x0;
        private FitnessCase fitnessCase;
        private long calls;
        private double generationBest;
        private double[] generationBestPoint;
        private double bestSoFar = Double.POSITIVE_INFINITY;
        private double[] bestSoFarPoint;

        Generations(FitnessProblem problem, RunContext context, double[] x0) {
            this.lambda = lambda(x0.length);
            this.x0 = x0;
            this.solution = x0.clone();
            this.evaluator = problem.evaluator();
            // The coroutine is the only user of this generator, so the cases do not depend on thread timing.
            this.fitnessSeeds = context.seeds().stream(SeedStreams.FITNESS);
            this.fitnessCase = new FitnessCase(0, batchSize);
            this.stochastic = problem.stochastic(fitnessCase);
            this.optimizer = new CMAESOptimizer(
                    Integer.MAX_VALUE,
                    Double.NEGATIVE_INFINITY, // targets are the run loop's business
                    activeCma,
                    // Commons Math counts diagonal-only generations; past the count it switches to full.
                    diagonal ? Integer.MAX_VALUE : 0,
                    0,
                    new MersenneTwister(context.seeds().seed(SeedStreams.MUTATION)),
                    false,
                    null);
            statistics.put("best_fitness", Double.NaN);
            statistics.put("best_so_far", Double.NaN);
            if (SIGMA != null) {
                statistics.put("sigma", initialSigma);
            }
            this.thread = new Thread(this::runCoroutine, THREAD_NAME);
            thread.setDaemon(true);
        }

        // ---------------------------------------------------------------------------------------------
        // The run loop's side

        @Override
        public StepOutcome step() {
            if (ended) {
                throw new IllegalStateException("the CMA-ES search has already ended");
            }
            Report report;
            try {
                commands.put(Command.NEXT_GENERATION);
                report = reports.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = true;
                throw new IllegalStateException("interrupted while waiting for a CMA-ES generation", e);
            }
            if (report.failure() != null) {
                ended = true;
                absorbBestSoFar(report);
                if (report.failure() instanceof BudgetExhaustedException budget) {
                    throw budget;
                }
                throw new IllegalStateException(
                        "CMA-ES failed: " + report.failure().getMessage(), report.failure());
            }
            absorb(report);
            if (report.finished()) {
                ended = true;
                return StepOutcome.stop(report.generationBest(), "CMA-ES stopped: its own convergence criteria");
            }
            return StepOutcome.proceed(report.generationBest());
        }

        private void absorb(Report report) {
            statistics.put("best_fitness", report.generationBest());
            statistics.put("best_so_far", report.bestSoFar());
            if (SIGMA != null) {
                statistics.put("sigma", report.sigma());
            }
            // A noisy value is only comparable within its own case, so a stochastic search stands on its
            // latest generation rather than on a lucky draw from long ago.
            solution = stochastic ? report.generationBestPoint() : report.bestSoFarPoint();
        }

        private void absorbBestSoFar(Report report) {
            // The candidates evaluated before the budget ran out were paid for; a deterministic search keeps
            // the best of them.
            if (!stochastic && report.bestSoFarPoint() != null) {
                solution = report.bestSoFarPoint();
                statistics.put("best_so_far", report.bestSoFar());
            }
        }

        @Override
        public double[] solution() {
            return solution;
        }

        @Override
        public java.util.List<org.learnbench.optim.Metric> statisticMetrics() {
            return org.learnbench.optim.Metric.populationStatistics(statistics().keySet());
        }

        @Override
        public Map<String, Double> statistics() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
        }

        @Override
        public void close() {
            closing = true;
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(JOIN_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended = true;
            if (thread.isAlive()) {
                throw new IllegalStateException(
                        "the CMA-ES thread did not stop within " + JOIN_TIMEOUT_SECONDS + " s of closing");
            }
        }

        // ---------------------------------------------------------------------------------------------
        // The coroutine's side

        private void runCoroutine() {
            try {
                awaitRelease();
                optimizer.optimize(
                        new MaxEval(Integer.MAX_VALUE),
                        new MaxIter(Integer.MAX_VALUE),
                        new ObjectiveFunction(this::objective),
                        GoalType.MINIMIZE,
                        new InitialGuess(x0),
                        SimpleBounds.unbounded(x0.length),
                        new CMAESOptimizer.Sigma(filled(x0.length, initialSigma)),
                        new CMAESOptimizer.PopulationSize(lambda));
                reports.put(report(true, null));
            } catch (Unwind | InterruptedException closed) {
                // closed by the run loop: nobody waits for a report
            } catch (Throwable failure) {
                try {
                    reports.put(report(false, failure));
                } catch (InterruptedException closed) {
                    // closed meanwhile
                }
            }
        }

        /** The objective Commons Math calls: the problem's fitness, with a generation hand-off before each one. */
        private double objective(double[] x) {
            if (closing) {
                throw new Unwind();
            }
            long index = calls;
            // Call 0 is the initial point, then generation g (from 1) is calls (g-1) lambda + 1 .. g lambda.
            if (index == 0) {
                beginGeneration();
            } else if (index > 1 && (index - 1) % lambda == 0) {
                handOff(report(false, null));
                beginGeneration();
            }
            calls++;
            double f = evaluator.fitness(x, fitnessCase);
            if (index > 0 && (generationBestPoint == null || f < generationBest)) {
                generationBest = f;
                generationBestPoint = x.clone();
            }
            if (bestSoFarPoint == null || f < bestSoFar) {
                bestSoFar = f;
                bestSoFarPoint = x.clone();
            }
            return f;
        }

        private void beginGeneration() {
            if (stochastic) {
                fitnessCase = new FitnessCase(fitnessSeeds.nextLong(), batchSize);
            }
            generationBest = Double.NaN;
            generationBestPoint = null;
        }

        private Report report(boolean finished, Throwable failure) {
            return new Report(
                    generationBest,
                    generationBestPoint == null ? null : generationBestPoint.clone(),
                    bestSoFar,
                    bestSoFarPoint == null ? null : bestSoFarPoint.clone(),
                    currentSigma(),
                    finished,
                    failure);
        }

        private double currentSigma() {
            if (SIGMA == null) {
                return Double.NaN;
            }
            try {
                return SIGMA.getDouble(optimizer);
            } catch (IllegalAccessException e) {
                return Double.NaN;
            }
        }

        private void handOff(Report report) {
            try {
                reports.put(report);
            } catch (InterruptedException e) {
                throw new Unwind();
            }
            awaitRelease();
        }

        private void awaitRelease() {
            Command command;
            try {
                command = commands.take();
            } catch (InterruptedException e) {
                throw new Unwind();
            }
            if (command != Command.NEXT_GENERATION || closing) {
                throw new Unwind();
            }
        }
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }
}
