package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tuned study end to end: trials, selection on validation, evaluation on disjoint seeds, resume. */
class TunedStudyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static final String STUDY =
            """
            study: tuned
            tasks:
              digits:
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [8], activation: relu}
                budget: {sample_forward_passes: 30000}
              digits2:
                task: {dataset: DIGITS, target: target, kind: classification, split: {train: 0.6, validation: 0.15, test: 0.25}}
                network: {hidden: [8], activation: relu}
                budget: {sample_forward_passes: 30000}
            optimizers:
              backprop:
                optimizer: {type: backprop, rule: adam, learning_rate: 0.003, batch_size: 32}
              random_search:
                optimizer: {type: random_search, samples: 10, fitness_batch: 64}
            checkpoints: {log_spaced: 5, clock: sample_forward_passes}
            seeds: 1..2
            tuning: {trials: 4, seeds: [101, 102]}
            parallel: 2
            threads: 1
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Map.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void trialsSelectOnValidationAndOnlyTheSelectedSettingIsEvaluatedOnDisjointSeeds() throws IOException {
        Path file = CliHarness.config(tmp, "study.yaml", STUDY);
        Path results = tmp.resolve("results");
        CliHarness.Outcome first = CliHarness.run("study", file.toString(), "--results", results.toString());
        assertEquals(0, first.exitCode(), first.err() + first.out());
        Path study = results.resolve("tuned");
        assertTrue(first.out().contains("selected digits / backprop: trial "), first.out());

        for (String task : List.of("digits", "digits2")) {
            Map<String, Object> tuning = json(study.resolve(task + "/backprop/tuning.json"));
            List<Map<String, Object>> trials = (List<Map<String, Object>>) tuning.get("trials");
            assertEquals(4, trials.size());
            assertEquals("validation_accuracy", tuning.get("metric"));
            // The selected trial has the best mean validation accuracy of the four.
            int selected = (Integer) tuning.get("selected_trial");
            double best = trials.stream()
                    .mapToDouble(t -> ((Number) t.get("score")).doubleValue())
                    .max()
                    .orElseThrow();
            assertEquals(best, ((Number) trials.get(selected - 1).get("score")).doubleValue());
            // Every trial ran on the trial seeds, none of which is an evaluation seed.
            for (int k = 1; k <= 4; k++) {
                for (long seed : List.of(101L, 102L)) {
                    Path run = study.resolve(task + "/backprop/trials/trial-0" + k + "/seed-" + seed);
                    assertTrue(Files.isRegularFile(run.resolve("manifest.json")), run.toString());
                }
            }
            // The evaluation runs use the selected learning rate, on the study's seeds.
            String lr = ((Map<String, String>) tuning.get("selected_values")).get("learning_rate");
            for (long seed : List.of(1L, 2L)) {
                Map<String, Object> manifest = json(study.resolve(task + "/backprop/seed-" + seed + "/manifest.json"));
                Map<String, Object> optimizer =
                        (Map<String, Object>) ((Map<String, Object>) manifest.get("config")).get("optimizer");
                assertEquals(Double.parseDouble(lr), ((Number) optimizer.get("learning_rate")).doubleValue());
            }
            // Nothing to tune for random search: it runs as written, with no trials.
            assertFalse(Files.exists(study.resolve(task + "/random_search/trials")));
        }
        // The same trial points for an entry on every task (they come from the study seed and the entry).
        List<Map<String, Object>> a = (List<Map<String, Object>>)
                json(study.resolve("digits/backprop/tuning.json")).get("trials");
        List<Map<String, Object>> b = (List<Map<String, Object>>)
                json(study.resolve("digits2/backprop/tuning.json")).get("trials");
        for (int k = 0; k < 4; k++) {
            assertEquals(a.get(k).get("values"), b.get(k).get("values"));
        }
        // The quasi-random learning rates span the standard space's four decades around 0.003.
        Set<Integer> decades = new HashSet<>();
        for (Map<String, Object> t : a) {
            double lr = Double.parseDouble(((Map<String, String>) t.get("values")).get("learning_rate"));
            assertTrue(lr >= 0.003 / 100 && lr <= 0.003 * 100, "lr " + lr);
            decades.add((int) Math.floor(Math.log10(lr / 3e-5)));
        }
        assertTrue(decades.size() >= 3, "decades " + decades);

        // runs.csv holds the compared runs only; tuning.csv every trial run with its validation and test values.
        List<String> runs = Files.readAllLines(study.resolve("runs.csv"));
        assertEquals(1 + 2 * 2 * 2, runs.size());
        assertTrue(runs.stream().noneMatch(l -> l.contains("/trials/")));
        List<String> tuningRows = Files.readAllLines(study.resolve("tuning.csv"));
        assertEquals(1 + 2 * 4 * 2, tuningRows.size());
        // Exactly the selected trial's rows are marked selected, on each task.
        for (String task : List.of("digits", "digits2")) {
            int selected = (Integer)
                    json(study.resolve(task + "/backprop/tuning.json")).get("selected_trial");
            List<String> marked = tuningRows.stream()
                    .filter(l -> l.startsWith(task + ",") && l.endsWith(",true"))
                    .toList();
            assertEquals(2, marked.size(), task);
            assertTrue(
                    marked.stream().allMatch(l -> l.startsWith(task + ",backprop," + selected + ",")),
                    marked.toString());
        }
        assertTrue(tuningRows.get(1).contains("validation_accuracy")
                && tuningRows.get(1).contains("test_accuracy"));

        // The study's description names each entry's protocol.
        Map<String, Object> description = json(study.resolve("study.json"));
        Map<String, String> protocols = (Map<String, String>) description.get("protocols");
        assertTrue(protocols.get("backprop").startsWith("tuned: 4 quasi-random trials of learning_rate"));
        assertTrue(protocols.get("random_search").contains("nothing to tune"));
        assertEquals(List.of(1, 2), description.get("seeds"));

        // The report names the protocols and shows the tuning and the profiles across the two tasks.
        String report = Files.readString(study.resolve("report.md"));
        assertTrue(report.contains("**Protocol:** tuned study"), report);
        assertTrue(report.contains("- random_search: hand-set (nothing to tune)"), report);
        assertTrue(report.contains("### Tuning") && report.contains("(not used to select)"), report);
        assertTrue(report.contains("### Performance profiles"), report);
        assertTrue(report.contains("| protocol: backprop | tuned: 4 quasi-random trials"), report);
        for (String chart :
                List.of("digits-tuning-budget", "digits2-tuning-budget", "profile-cost", "profile-quality")) {
            assertTrue(Files.size(study.resolve("charts/" + chart + ".png")) > 10_000, chart);
        }

        // A second run resumes: nothing is run again.
        CliHarness.Outcome again = CliHarness.run("study", file.toString(), "--results", results.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("0 run now"), again.out());
    }
}
