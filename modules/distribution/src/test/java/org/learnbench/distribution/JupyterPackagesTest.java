package org.learnbench.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * notebooks/jupyter-packages.txt is the one list of Jupyter's Debian packages: the places that install or name
 * them (.ci/run, notebooks/setup, README.md's Notebooks section) read the file and spell out none of them.
 */
class JupyterPackagesTest {
    private static final Path ROOT = Path.of(System.getProperty("learnbench.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final String LIST = "notebooks/jupyter-packages.txt";
    private static final Pattern DEBIAN_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private static List<String> packages() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve(LIST))) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void theListHoldsDistinctDebianPackageNamesIncludingTheNotebookRunnersOwn() throws IOException {
        List<String> names = packages();
        for (String name : names) {
            assertTrue(DEBIAN_NAME.matcher(name).matches(), LIST + ": not a package name: '" + name + "'");
        }
        assertEquals(names.size(), new HashSet<>(names).size(), LIST + " repeats a package: " + names);
        assertTrue(
                names.containsAll(List.of("python3-nbclient", "python3-nbformat", "jupyter-client")), names.toString());
    }

    @Test
    void ciRunSetupAndTheReadmeReadTheListAndSpellOutNoneOfIt() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Notebooks\n");
        assertTrue(start >= 0, "README.md has no Notebooks section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> names = packages();
        for (var place : List.of(
                new String[] {".ci/run", Files.readString(ROOT.resolve(".ci/run"))},
                new String[] {"notebooks/setup", Files.readString(ROOT.resolve("notebooks/setup"))},
                new String[] {"README.md's Notebooks section", section})) {
            assertTrue(place[1].contains(LIST), place[0] + " does not use " + LIST);
            for (String name : names) {
                assertFalse(
                        Pattern.compile("(?<![\\w./-])" + Pattern.quote(name) + "(?![\\w-])")
                                .matcher(place[1])
                                .find(),
                        place[0] + " names the package " + name + " itself instead of reading " + LIST);
            }
        }
    }
}
