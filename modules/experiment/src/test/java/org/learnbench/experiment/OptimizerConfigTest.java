package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad genetic-algorithm, CMA-ES and black-box settings get the one-line error of any config mistake. */
class OptimizerConfigTest {
    @TempDir
    Path tmp;

    private static final String GENETIC =
            """
            name: ga
            task:
              type: rastrigin
              dimension: 5
            optimizer:
              type: genetic
              population: 10
              elites: 1
              selection: {type: tournament, size: 3}
              crossover: {type: uniform, probability: 0.5}
              mutation: {sigma: 0.3, probability: 1.0, schedule: decay, decay: 0.99}
            budget:
              evaluations: 500
            """;

    private CliHarness.Outcome validate(String yaml) throws IOException {
        return CliHarness.run("validate", CliHarness.config(tmp, "c.yaml", yaml).toString());
    }

    private void assertRejected(String yaml, String... fragments) throws IOException {
        CliHarness.Outcome o = validate(yaml);
        assertEquals(2, o.exitCode(), o.out() + o.err());
        String err = o.err().strip();
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' missing from: " + err);
        }
    }

    @Test
    void theValidGeneticConfigPassesAndRuns() throws IOException {
        assertEquals(0, validate(GENETIC).exitCode());
        Path config = CliHarness.config(tmp, "run.yaml", GENETIC);
        CliHarness.Outcome o = CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("BUDGET_EXHAUSTED") && o.out().contains("generations"), o.out());
    }

    @Test
    void rejectsAPopulationBelowTwo() throws IOException {
        assertRejected(
                GENETIC.replace("population: 10", "population: 1"),
                "c.yaml",
                "line 7",
                "optimizer.population",
                ">= 2",
                "'1'");
    }

    @Test
    void rejectsAsManyElitesAsThePopulation() throws IOException {
        assertRejected(GENETIC.replace("elites: 1", "elites: 10"), "line 8", "optimizer.elites", "fewer elites");
    }

    @Test
    void rejectsATournamentLargerThanThePopulation() throws IOException {
        assertRejected(
                GENETIC.replace("size: 3", "size: 11"),
                "line 9",
                "optimizer.selection.size",
                "no larger than the population (10)");
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() throws IOException {
        assertRejected(
                GENETIC.replace("probability: 1.0", "probability: 1.5"),
                "line 11",
                "optimizer.mutation.probability",
                "[0, 1]",
                "'1.5'");
        assertRejected(
                GENETIC.replace("probability: 0.5", "probability: -0.1"), "optimizer.crossover.probability", "[0, 1]");
    }

    @Test
    void rejectsANonPositiveSigma() throws IOException {
        assertRejected(GENETIC.replace("sigma: 0.3", "sigma: 0"), "optimizer.mutation.sigma", "positive", "'0'");
    }

    @Test
    void rejectsUnknownOperatorsListingTheChoices() throws IOException {
        assertRejected(
                GENETIC.replace("type: tournament", "type: rank"),
                "optimizer.selection.type",
                "tournament, truncation, roulette, sus, linear_rank");
        assertRejected(GENETIC.replace("mutation:", "mutaton:"), "optimizer.mutaton", "unknown key", "mutation");
    }

    @Test
    void refusesBackpropOnABlackBoxFunction() throws IOException {
        assertRejected(
                """
                task: {type: sphere, dimension: 3}
                optimizer: {type: backprop}
                budget: {epochs: 3}
                """,
                "optimizer.type",
                "backprop needs labelled data",
                "use genetic or cmaes");
    }

    @Test
    void refusesBackpropWhenOnlyEvaluationsAreBudgeted() throws IOException {
        assertRejected(
                """
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [8]}
                optimizer: {type: backprop}
                budget: {evaluations: 1000}
                """,
                "optimizer.type",
                "never end");
    }

    @Test
    void refusesANetworkOrAFitnessBatchForABlackBoxFunction() throws IOException {
        assertRejected(
                GENETIC.replace("optimizer:", "network: {hidden: [4]}\noptimizer:"), "network", "has no network");
        assertRejected(
                GENETIC.replace("  elites: 1", "  elites: 1\n  fitness_batch: 32"),
                "optimizer.fitness_batch",
                "supervised");
    }

    @Test
    void rejectsBadCmaEsAndBlackBoxSettings() throws IOException {
        String cmaes =
                """
                task: {type: rosenbrock, dimension: 4}
                optimizer: {type: cmaes, population: 8, sigma: 0.5}
                budget: {evaluations: 2000}
                """;
        assertEquals(0, validate(cmaes).exitCode());
        assertRejected(cmaes.replace("population: 8", "population: 1"), "optimizer.population", "at least 2");
        assertRejected(cmaes.replace("sigma: 0.5", "sigma: -1"), "optimizer.sigma", "positive");
        assertRejected(cmaes.replace("dimension: 4", "dimension: 1"), "task.dimension", ">= 2");
        assertRejected(
                cmaes.replace("rosenbrock", "griewank"),
                "task.type",
                "csv, mnist, text, series, trading, cartpole, acrobot, mountaincar, sphere, rastrigin, rosenbrock, ackley");
    }

    @Test
    void refusesABlackBoxBudgetThatWouldNeverEnd() throws IOException {
        assertRejected(
                GENETIC.replace("evaluations: 500", "sample_forward_passes: 500"),
                "passes no samples forward",
                "never end");
    }

    @Test
    void refusesATargetOnTestData() throws IOException {
        assertRejected(
                """
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [8]}
                optimizer: {type: backprop}
                budget: {epochs: 3, target: {metric: test_accuracy, value: 0.9}}
                """,
                "budget.target.metric",
                "test split decide");
    }

    @Test
    void aTargetMetricTheRunDoesNotRecordIsAClearErrorAndLeavesNoResult() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "t.yaml",
                GENETIC.replace("evaluations: 500", "evaluations: 500\n  target: {metric: fitnes, value: 1}"));
        CliHarness.Outcome o = CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
        assertEquals(2, o.exitCode(), o.err());
        // Caught when the config is read, with the metrics the task records.
        assertTrue(
                o.err().contains("budget.target.metric")
                        && o.err().contains("'fitnes'")
                        && o.err().contains("fitness, distance_to_optimum"),
                o.err());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("r/ga/seed-1")));
    }

    @Test
    void aFitnessTargetIsReachedFromAbove() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "t.yaml",
                GENETIC.replace("evaluations: 500", "evaluations: 5000\n  target: {metric: fitness, value: 1.0e-9}"));
        CliHarness.Outcome o = CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(
                o.out().contains("BUDGET_EXHAUSTED"),
                "fitness is minimised, so 1e-9 is not reached at once: " + o.out());
    }

    @Test
    void refusesEarlyStoppingWithoutAValidationSplit() throws IOException {
        assertRejected(
                """
                task: {dataset: DIGITS, target: target, kind: classification,
                       split: {train: 0.8, validation: 0, test: 0.2}}
                network: {hidden: [8]}
                optimizer: {type: backprop, early_stopping: {patience: 3}}
                budget: {epochs: 3}
                """,
                "optimizer.early_stopping",
                "validation split");
    }

    @Test
    void aBudgetTooSmallToStartIsAClearError() throws IOException {
        Path config = CliHarness.config(tmp, "small.yaml", GENETIC.replace("evaluations: 500", "evaluations: 5"));
        CliHarness.Outcome o = CliHarness.run(
                "run", config.toString(), "--results", tmp.resolve("r").toString(), "-q");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("too small"), o.err());
    }

    @Test
    void rejectsSizesThatDoNotFitAnInt() throws IOException {
        assertRejected(
                GENETIC.replace("population: 10", "population: 3000000000"), "optimizer.population", "<= 2147483647");
    }

    private static final String CARTPOLE =
            """
            task: {type: cartpole, evaluation_episodes: 5}
            network: {hidden: [16], activation: tanh}
            optimizer: {type: policy_gradient, learning_rate: 0.01, gamma: 0.99, baseline: value}
            budget: {episodes: 20}
            """;

    @Test
    void refusesBackpropOnAControlTask() throws IOException {
        assertEquals(0, validate(CARTPOLE).exitCode());
        assertRejected(
                CARTPOLE.replace(
                        "type: policy_gradient, learning_rate: 0.01, gamma: 0.99, baseline: value", "type: backprop"),
                "optimizer.type",
                "has none (only rewards)",
                "policy_gradient");
    }

    @Test
    void rejectsBadPolicyGradientSettings() throws IOException {
        assertRejected(CARTPOLE.replace("gamma: 0.99", "gamma: 0"), "optimizer.gamma", "(0, 1]", "'0'");
        assertRejected(CARTPOLE.replace("gamma: 0.99", "gamma: 1.5"), "optimizer.gamma", "(0, 1]");
        assertRejected(
                CARTPOLE.replace("learning_rate: 0.01", "learning_rate: -1"), "optimizer.learning_rate", "positive");
        assertRejected(
                CARTPOLE.replace("baseline: value", "baseline: value, episodes_per_update: 0"),
                "optimizer.episodes_per_update",
                ">= 1");
        assertRejected(
                CARTPOLE.replace("baseline: value", "baseline: advantage"),
                "optimizer.baseline",
                "none, running_mean, normalize, value");
        assertRejected(CARTPOLE.replace("cartpole", "pendulum"), "task.type", "cartpole, acrobot, mountaincar");
    }

    @Test
    void refusesAValueBaselineForTheSupervisedBanditAndAZeroExplorationSd() throws IOException {
        assertRejected(
                """
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [8]}
                optimizer: {type: policy_gradient, baseline: value}
                budget: {episodes: 100}
                """,
                "optimizer.baseline",
                "needs a control task");
        assertRejected(
                """
                task: {dataset: DIGITS, target: target, kind: regression, bandit_sigma: 0}
                network: {hidden: [8]}
                optimizer: {type: policy_gradient}
                budget: {episodes: 100}
                """,
                "task.bandit_sigma",
                "positive");
        assertRejected(
                """
                task: {type: sphere, dimension: 3}
                optimizer: {type: policy_gradient}
                budget: {iterations: 10}
                """,
                "optimizer.type",
                "black-box");
    }
}
