package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.RunRecord;

/** The series and trading tasks through the runner: files, verdicts, determinism, and no test-row reads. */
class MarketTaskRunTest {
    @TempDir
    Path tmp;

    private static final Path SP500 = CliHarness.EXPERIMENTS.resolve("data/sp500_returns_1990s.csv");

    private static final String SERIES =
            """
            name: NAME
            task:
              type: series
              dataset: DATA
              columns: [return_pct]
              window: 5
              folds: 4
              fold: 3
              validation: 0.2
            network:
              hidden: [4]
              activation: tanh
            optimizer:
              type: backprop
              rule: adam
              learning_rate: 0.01
              batch_size: 32
            budget:
              epochs: 3
            seeds: [1]
            """;

    private RunRecord run(String name, String yaml, Path data) throws IOException {
        return run(name, yaml, data, 1);
    }

    private RunRecord run(String name, String yaml, Path data, int threads) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, yaml.replace("NAME", name).replace("DATA", data.toString()));
        ExperimentConfig config = ConfigReader.read(file);
        return new ExperimentRunner(tmp.resolve("results")).run(config, 1, threads, List.of());
    }

    @Test
    void theThreadCountNeverChangesAMarketRun() throws IOException {
        List<String> configs = List.of(
                SERIES,
                SERIES.replace(
                        "type: backprop\n  rule: adam\n  learning_rate: 0.01\n  batch_size: 32",
                        "type: genetic\n  population: 8\n  fitness_batch: 64"),
                TRADING.replace("OPTIMIZER", "optimizer: {type: genetic, population: 8}"),
                TRADING.replace(
                        "OPTIMIZER",
                        "optimizer: {type: policy_gradient, rule: adam, episodes_per_update: 4, baseline: value}"));
        assertNotEquals(SERIES, configs.get(1), "the GA variant replaced the optimizer");
        for (String yaml : configs) {
            RunRecord one = run("t1", yaml, SP500, 1);
            RunRecord two = run("t2", yaml, SP500, 2);
            assertArrayEquals(one.result().solution(), two.result().solution(), yaml);
            assertEquals(one.result().last().metrics(), two.result().last().metrics(), yaml);
        }
    }

    @Test
    void aSeriesRunRecordsBaselinesAndSaysWhetherItBeatsNaive() throws IOException {
        RunRecord r = run("series", SERIES, SP500);
        Map<String, Double> last = r.result().last().metrics();
        for (String key : List.of(
                "test_rmse",
                "test_direction",
                "test_naive_rmse",
                "test_persistence_mae",
                "test_ar_direction",
                "validation_ar_rmse",
                "test_rmse_vs_naive")) {
            assertTrue(Double.isFinite(last.get(key)), key + " " + last);
        }
        assertEquals(last.get("test_rmse") / last.get("test_naive_rmse"), last.get("test_rmse_vs_naive"), 1e-12);
        String header = Files.readAllLines(r.directory().resolve("metrics.csv")).get(0);
        assertTrue(header.contains("test_naive_rmse") && header.contains("validation_direction"), header);
        Map<?, ?> forecast = (Map<?, ?>) r.manifest().get("forecast");
        assertTrue(forecast.get("verdict").toString().startsWith("test RMSE "), forecast.toString());
        assertTrue(forecast.get("verdict").toString().contains("naive"));
        CliHarness.Outcome o =
                CliHarness.run("report", tmp.resolve("results/series").toString());
        assertEquals(0, o.exitCode(), o.err());
        String report = Files.readString(tmp.resolve("results/series/report.md"));
        assertTrue(report.contains("Against the baseline: seed 1: " + forecast.get("verdict")), report);
        assertTrue(report.contains("test_naive_rmse"), report);
    }

    /**
     * The acceptance test through the whole run: the S&P file with every row after the validation block
     * replaced by huge returns trains bit for bit the same model as the clean file; only the test metrics move.
     */
    @Test
    void rowsAfterTheValidationBlockNeverChangeTheTrainedModel() throws IOException {
        RunRecord clean = run("clean", SERIES, SP500);
        Map<?, ?> data = (Map<?, ?>) clean.manifest().get("data");
        Map<?, ?> walk = (Map<?, ?>) data.get("walk_forward");
        List<?> validationLines = (List<?>) ((Map<?, ?>) walk.get("validation")).get("target_lines");
        int lastValidationLine = ((Number) validationLines.get(1)).intValue();
        List<String> lines = new ArrayList<>(Files.readAllLines(SP500));
        for (int line = lastValidationLine + 1; line <= lines.size(); line++) {
            lines.set(line - 1, line + ",1e6");
        }
        Path poisoned = tmp.resolve("poisoned.csv");
        Files.write(poisoned, lines);
        RunRecord p = run("poisoned", SERIES, poisoned);
        assertArrayEquals(clean.result().solution(), p.result().solution());
        Map<String, Double> a = clean.result().last().metrics();
        Map<String, Double> b = p.result().last().metrics();
        for (String key : List.of("train_loss", "validation_loss", "validation_rmse", "validation_ar_rmse")) {
            assertEquals(a.get(key), b.get(key), key);
        }
        assertNotEquals(a.get("test_rmse"), b.get("test_rmse"), "the poison reached the test block");
    }

    private static final String TRADING =
            """
            name: NAME
            task:
              type: trading
              dataset: DATA
              column: return_pct
              percent: true
              window: 5
              episode_length: 50
              evaluation_episodes: 2
            network:
              hidden: [4]
              activation: tanh
            OPTIMIZER
            budget:
              episodes: 40
            seeds: [1]
            """;

    /**
     * A study report stands each market task's optimizers beside its references: the zero forecast,
     * persistence and the autoregression for a forecast (judged on test RMSE), buy-and-hold for trading
     * (judged on the test Sharpe ratio), with the numbers the runs themselves recorded.
     */
    @Test
    void aMarketStudyReportsTheReferenceForecastsAndBuyAndHold() throws IOException {
        Path file = tmp.resolve("markets.yaml");
        Files.writeString(
                file,
                """
                study: markets
                tasks:
                  sp500:
                    task: {type: series, dataset: DATA, columns: [return_pct], window: 5, folds: 4, fold: 3,
                           validation: 0.2}
                    network: {hidden: [4], activation: tanh}
                    budget: {sample_forward_passes: 20000}
                  trading:
                    task: {type: trading, dataset: DATA, column: return_pct, percent: true, window: 5,
                           episode_length: 50, evaluation_episodes: 2}
                    network: {hidden: [4], activation: tanh}
                    budget: {episodes: 40}
                optimizers:
                  genetic:
                    optimizer: {type: genetic, population: 8}
                  random:
                    optimizer: {type: random_search, samples: 8}
                seeds: [1, 2]
                """
                        .replace("DATA", SP500.toString()));
        CliHarness.Outcome o = CliHarness.run(
                "study", file.toString(), "--results", tmp.resolve("r").toString());
        assertEquals(0, o.exitCode(), o.out() + o.err());
        List<String> references = Files.readAllLines(tmp.resolve("r/markets/sp500/baselines.csv"));
        assertEquals(1 + 3 * 2, references.size(), references.toString());
        List<String> header = List.of(references.get(0).split(","));
        assertTrue(header.contains("test_rmse") && header.contains("validation_direction"), header.toString());
        // The zero forecast's test RMSE is the one each run recorded as test_naive_rmse.
        String zero = references.stream()
                .filter(l -> l.startsWith("zero-forecast,1,"))
                .findFirst()
                .orElseThrow();
        double zeroRmse = Double.parseDouble(zero.split(",")[header.indexOf("test_rmse")]);
        List<String> metrics = Files.readAllLines(tmp.resolve("r/markets/sp500/genetic/seed-1/metrics.csv"));
        List<String> columns = List.of(metrics.get(0).split(","));
        String[] lastRow = metrics.get(metrics.size() - 1).split(",");
        assertEquals(Double.parseDouble(lastRow[columns.indexOf("test_naive_rmse")]), zeroRmse, 0.0);
        List<String> trading = Files.readAllLines(tmp.resolve("r/markets/trading/baselines.csv"));
        assertTrue(trading.get(1).startsWith("buy-and-hold,1,"), trading.toString());
        String report = Files.readString(tmp.resolve("r/markets/report.md"));
        for (String row : List.of(
                "(reference) zero-forecast | 2 |",
                "(reference) persistence | 2 |",
                "(reference) autoregression | 2 |",
                "(reference) buy-and-hold | 2 |",
                "**Reference:** zero-forecast reaches a median test_rmse of",
                "**Reference:** buy-and-hold reaches a median test_sharpe of",
                "Compared on test_rmse (lower is better)",
                "Compared on test_sharpe (higher is better)")) {
            assertTrue(report.contains(row), row + " in\n" + report);
        }
    }

    @Test
    void policyGradientGaAndCmaEsTrainTradingPoliciesReproducibly() throws IOException {
        for (String optimizer : List.of(
                "optimizer: {type: policy_gradient, rule: adam, learning_rate: 0.01, episodes_per_update: 4}",
                "optimizer: {type: genetic, population: 8}",
                "optimizer: {type: cmaes, population: 8, sigma: 0.5}")) {
            String yaml = TRADING.replace("OPTIMIZER", optimizer);
            RunRecord one = run("one", yaml, SP500);
            RunRecord two = run("two", yaml, SP500);
            assertArrayEquals(one.result().solution(), two.result().solution(), optimizer);
            assertTrue(Files.size(one.directory().resolve("equity.png")) > 5000, "the test period's equity picture");
            Map<String, Double> last = one.result().last().metrics();
            assertEquals(last, two.result().last().metrics());
            assertTrue(Double.isFinite(last.get("test_sharpe")), optimizer + " " + last);
            assertTrue(last.get("test_bh_cumulative_return") != 0);
            Map<?, ?> trading = (Map<?, ?>) one.manifest().get("trading");
            assertTrue(trading.get("verdict").toString().contains("buy-and-hold"), trading.toString());
        }
    }
}
