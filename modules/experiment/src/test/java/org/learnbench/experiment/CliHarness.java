package org.learnbench.experiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.learnbench.experiment.cli.Learnbench;

/** Runs the command line in-process and captures what it prints. */
final class CliHarness {
    /** The project's shipped experiments folder (tests run with the module folder as working directory). */
    static final Path EXPERIMENTS =
            Path.of("../../experiments").toAbsolutePath().normalize();

    record Outcome(int exitCode, String out, String err) {}

    private CliHarness() {}

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Learnbench.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes a config into the folder; "DIGITS" in the text is replaced by the shipped digits file's path. */
    static Path config(Path folder, String name, String yaml) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(
                file,
                yaml.replace("DIGITS", EXPERIMENTS.resolve("data/digits.csv").toString()));
        return file;
    }

    /** Whether a shipped YAML file is a study (it names one at its top level) rather than an experiment. */
    static boolean isStudy(Path file) {
        try {
            return java.util.regex.Pattern.compile("(?m)^study:")
                    .matcher(Files.readString(file))
                    .find();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
