package org.learnbench.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 *
 * <p>Executing notebooks needs Jupyter's Python packages, which a machine with only Java and Maven lacks. There
 * the tests are skipped, and the build log says so in a banner naming the install command (from
 * notebooks/jupyter-packages.txt); with the environment variable {@code CI=true} (set by .ci/run) a missing
 * Jupyter fails the build with the same message instead. The Python used is {@code LEARNBENCH_PYTHON} if set,
 * else Debian's /usr/bin/python3, else python3 on the PATH.
 */
class NotebooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SUITE_MINUTES = 15;
    /** The Python modules the runner needs, as .ci/run checks them. */
    private static final String JUPYTER_MODULES = "nbclient, nbformat, jupyter_client, ipykernel";

    private static Path root;
    private static Path out;
    /** Null when Jupyter is usable, else why not and how to install it. */
    private static String jupyterMissing;

    @BeforeAll
    static void locate() throws IOException, InterruptedException {
        root = Path.of(System.getProperty("learnbench.root", "../.."))
                .toAbsolutePath()
                .normalize();
        out = Path.of(System.getProperty("learnbench.notebooks.out", "target/notebooks"));
        jupyterMissing = probeJupyter();
        if (jupyterMissing != null) {
            // Printed, not only put in the skip reason, because Maven's summary shows skipped tests as a count.
            System.err.println(banner(jupyterMissing));
        }
    }

    /** LEARNBENCH_PYTHON if set; Debian's python3 has the Jupyter packages, a pyenv python3 first on PATH usually not. */
    private static String python() {
        String chosen = System.getenv("LEARNBENCH_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
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

    /** Null when the Python imports every Jupyter module the runner needs, else the explanation for the user. */
    private static String probeJupyter() throws IOException, InterruptedException {
        String python = python();
        String said;
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + JUPYTER_MODULES)
                    .redirectErrorStream(true)
                    .start();
            said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0) {
                return null;
            }
        } catch (IOException e) {
            said = "cannot start it: " + e.getMessage();
        }
        String[] lines = said.split("\n");
        return "Jupyter is not installed for " + python + " (" + lines[lines.length - 1] + ").\n"
                + "To execute the notebooks, install Jupyter from Debian's or Ubuntu's packages:\n"
                + "    sudo apt-get install " + String.join(" ", jupyterPackages()) + "\n"
                + "(the list is notebooks/jupyter-packages.txt), or set LEARNBENCH_PYTHON to a Python that has "
                + JUPYTER_MODULES + ".";
    }

    /** The Debian packages listed in notebooks/jupyter-packages.txt, the one list of them. */
    private static List<String> jupyterPackages() throws IOException {
        List<String> packages = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("notebooks/jupyter-packages.txt"))) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                packages.add(name);
            }
        }
        return packages;
    }

    private static String banner(String why) {
        String rule = "=".repeat(100);
        String verdict = inCi()
                ? "NOTEBOOKS NOT EXECUTED, AND CI=true: the notebook tests FAIL."
                : "NOTEBOOKS NOT EXECUTED: the " + NotebooksIT.class.getSimpleName()
                        + " tests are SKIPPED (everything else is tested). In CI (CI=true) this is a failure.";
        return rule + "\n" + verdict + "\n" + why + "\n" + rule;
    }

    /** Skips the test when Jupyter is missing, or fails it under CI=true; the message says how to install it. */
    private static void requireJupyter() {
        if (jupyterMissing == null) {
            return;
        }
        if (inCi()) {
            fail("the notebooks were not executed: " + jupyterMissing);
        }
        assumeTrue(false, "the notebooks were NOT executed: " + jupyterMissing);
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
