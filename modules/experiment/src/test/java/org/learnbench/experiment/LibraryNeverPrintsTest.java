package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Library code never prints: only the command line (package ...experiment.cli) and the benchmarks may
 * write to standard output or error. Metrics flow through listeners, errors through exceptions.
 */
class LibraryNeverPrintsTest {
    private static final Path MODULES = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noMainSourceOutsideTheCommandLineWritesToTheConsole() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(MODULES)) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/experiment/cli/"))
                    .filter(p -> !p.toString().contains("/modules/bench/"))
                    .collect(Collectors.toList());
        }
        assertTrue(sources.size() > 50, "found only " + sources.size() + " sources under " + MODULES);
        List<String> offenders = sources.stream()
                .filter(p -> {
                    try {
                        String text = Files.readString(p);
                        return text.contains("System.out")
                                || text.contains("System.err")
                                || text.contains("printStackTrace");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .map(p -> MODULES.relativize(p).toString())
                .collect(Collectors.toList());
        assertEquals(List.of(), offenders);
    }
}
