package org.learnbench.notebook;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a notebook's relative paths point: the learnbench project folder, so that a cell names
 * {@code experiments/quick-compare.yaml} or {@code results/quick-compare} the way the command line does,
 * whatever folder the notebook server started the kernel in.
 *
 * <p>The project folder is the {@code LEARNBENCH_HOME} environment variable or {@code learnbench.home} system
 * property when set, else the nearest folder at or above the working directory that holds both
 * {@code experiments/} and {@code pom.xml}, else the working directory itself.
 */
public final class Workspace {
    private Workspace() {}

    /** The project folder (see the class comment for how it is found). */
    public static Path root() {
        String set = System.getProperty("learnbench.home", System.getenv("LEARNBENCH_HOME"));
        if (set != null && !set.isBlank()) {
            return Path.of(set).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath().normalize();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("experiments")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return here;
    }

    /** The path as given when absolute, else resolved against {@link #root()}. */
    public static Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : root().resolve(p).normalize();
    }

    /**
     * Where runs and studies are written and looked up: the {@code LEARNBENCH_RESULTS} environment variable
     * or {@code learnbench.results} system property when set (the notebook tests point it into the build
     * folder), else {@code <root>/results}, as for the command line.
     */
    public static Path results() {
        String set = System.getProperty("learnbench.results", System.getenv("LEARNBENCH_RESULTS"));
        if (set != null && !set.isBlank()) {
            return Path.of(set).toAbsolutePath().normalize();
        }
        return root().resolve("results");
    }
}
