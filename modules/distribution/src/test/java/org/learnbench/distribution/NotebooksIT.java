package org.learnbench.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Executes every notebook in notebooks/ headless on the Java kernel the build packages, through the same
 * runner a user calls (notebooks/tools/learnbench_jupyter.py): a failing cell fails the build, the
 * executed notebooks stay in target/notebooks as artefacts, charts must come out as image/png, and no
 * kernel process may outlive its notebook. A deliberately broken notebook proves the failure path.
 */
class NotebooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SUITE_MINUTES = 15;
    private static Path root;
    private static Path out;

    @BeforeAll
    static void locate() {
        root = Path.of(System.getProperty("learnbench.root", "../.."))
                .toAbsolutePath()
                .normalize();
        out = Path.of(System.getProperty("learnbench.notebooks.out", "target/notebooks"));
    }

    /** Debian's python3 has the Jupyter packages; a pyenv python3 first on PATH usually does not. */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private record Run(int exit, String output) {}

    private static Run runner(Path outFolder, List<Path> notebooks) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                python(),
                root.resolve("notebooks/tools/learnbench_jupyter.py").toString(),
                "execute",
                "--jar",
                System.getProperty("learnbench.jar"),
                "--kernel-jar",
                System.getProperty("learnbench.kernel.jar"),
                "--root",
                root.toString(),
                "--results",
                outFolder.resolve("results").toString(),
                "--out",
                outFolder.toString()));
        notebooks.forEach(n -> command.add(n.toString()));
        // Every build trains afresh: a study left by an earlier build would be resumed, not re-run.
        org.learnbench.experiment.run.RunDirectory.deleteRecursively(outFolder);
        Files.createDirectories(outFolder);
        Path log = outFolder.resolve("runner.log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(SUITE_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("the notebooks did not finish within " + SUITE_MINUTES + " minutes; log: " + log);
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void requireJupyter() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python(), "-c", "import nbclient, nbformat, jupyter_client")
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("executing the notebooks needs Jupyter from Debian's packages (.ci/run installs them): apt-get "
                    + "install jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core "
                    + "python3-nbformat\n" + said);
        }
    }

    private static List<Path> shippedNotebooks() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("notebooks"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ipynb"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyShippedNotebookExecutesWithItsChartsInline() throws Exception {
        requireJupyter();
        List<Path> notebooks = shippedNotebooks();
        assertTrue(notebooks.size() >= 4, "expected the four shipped notebooks, found " + notebooks);
        Run run = runner(out, notebooks);
        assertEquals(0, run.exit(), "a notebook failed:\n" + tail(run.output()));
        JsonNode execution = JSON.readTree(out.resolve("execution.json").toFile());
        assertEquals(0, execution.get("leftover_kernels").size(), "kernels outlived the run: " + execution);
        for (Path source : notebooks) {
            Path executed = out.resolve(source.getFileName());
            JsonNode nb = JSON.readTree(executed.toFile());
            int images = 0;
            for (JsonNode cell : nb.get("cells")) {
                if (!cell.get("cell_type").asText().equals("code")) {
                    continue;
                }
                assertFalse(cell.get("execution_count").isNull(), executed + ": a code cell was not executed");
                for (JsonNode output : cell.get("outputs")) {
                    assertNotEquals("error", output.path("output_type").asText(), executed + ": " + output);
                    if (output.path("data").has("image/png")) {
                        images++;
                        assertTrue(
                                output.path("data").get("image/png").asText().startsWith("iVBORw0KGgo"),
                                executed + ": image/png output is not a PNG");
                    }
                }
            }
            assertTrue(images >= 2, executed + ": expected charts inline as image/png, found " + images);
        }
    }

    @Test
    void aFailingCellFailsTheRunAndStopsTheNotebookThere() throws Exception {
        requireJupyter();
        Path broken = Path.of("src/test/resources/broken-cell.ipynb").toAbsolutePath();
        Path folder = out.resolveSibling("notebooks-broken");
        Run run = runner(folder, List.of(broken));
        assertEquals(1, run.exit(), "a failing cell must fail the run:\n" + tail(run.output()));
        assertTrue(run.output().contains("FAILED broken-cell.ipynb: cell 3 failed"), tail(run.output()));
        assertTrue(run.output().contains("thisMethodDoesNotExist"), tail(run.output()));
        JsonNode cells =
                JSON.readTree(folder.resolve("broken-cell.ipynb").toFile()).get("cells");
        assertTrue(cells.get(1).get("outputs").toString().contains("first cell ran"));
        assertEquals(0, cells.get(3).get("outputs").size(), "the cell after the failure must not run");
        JsonNode execution = JSON.readTree(folder.resolve("execution.json").toFile());
        assertEquals(0, execution.get("leftover_kernels").size(), "kernels outlived the run: " + execution);
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }
}
