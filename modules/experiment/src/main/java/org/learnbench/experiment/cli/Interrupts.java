package org.learnbench.experiment.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.learnbench.experiment.run.RunDirectory;

/**
 * What the command line says and cleans up when Ctrl-C (SIGINT) or SIGTERM stops a run or a study: a JVM
 * shutdown hook, installed by {@code main} only, removes the working folders of the runs in flight and
 * prints what finished, what was dropped and the exact command that resumes. A command that ends normally
 * has ended its {@link Progress} first, so the hook then says nothing.
 */
final class Interrupts {
    private static volatile Progress current;

    private Interrupts() {}

    /** What a command has done so far, as the shutdown hook reports it. */
    static final class Progress {
        private final String what;
        private final String resume;
        private final Set<String> pending;
        private final List<String> finished = new ArrayList<>();
        private final List<String> remainingArguments = new ArrayList<>();

        private Progress(String what, String resume, List<String> pending) {
            this.what = what;
            this.resume = resume;
            this.pending = new LinkedHashSet<>(pending);
        }

        /** A unit of work (a seed, a study run) finished; {@code argument} is its part of the resume command. */
        synchronized void finished(String label, String argument) {
            pending.remove(label);
            finished.add(label);
            if (argument != null) {
                remainingArguments.remove(argument);
            }
        }

        /** The lines printed on an interrupt; {@code dropped} are the run folders whose work was lost. */
        synchronized List<String> report(List<Path> dropped) {
            List<String> lines = new ArrayList<>();
            lines.add(Learnbench.PREFIX + "interrupted: " + what + " stopped; " + finished.size() + " finished"
                    + (finished.isEmpty() ? "" : " (" + shortList(finished) + ")") + ", " + pending.size()
                    + " not finished" + (pending.isEmpty() ? "" : " (" + shortList(new ArrayList<>(pending)) + ")"));
            for (Path p : dropped) {
                lines.add(Learnbench.PREFIX + "dropped the unfinished run " + p + " (its working folder removed)");
            }
            if (!pending.isEmpty()) {
                String command = resume.endsWith("--seed ")
                        ? resume + String.join(",", remainingArguments)
                        : resume + " (finished runs are kept)";
                lines.add(Learnbench.PREFIX + "resume with: " + command);
            }
            return lines;
        }

        private static String shortList(List<String> items) {
            return items.size() <= 5
                    ? String.join(", ", items)
                    : String.join(", ", items.subList(0, 5)) + ", ... " + (items.size() - 5) + " more";
        }
    }

    /**
     * Starts reporting a command: {@code resume} is the command that resumes it (for a run ending in
     * "--seed ", the seeds still to run are appended), {@code pending} the labels of its units of work.
     */
    static Progress begin(String what, String resume, List<String> pending) {
        Progress p = new Progress(what, resume, pending);
        if (resume.endsWith("--seed ")) {
            for (String label : pending) {
                p.remainingArguments.add(label.substring(label.lastIndexOf(' ') + 1));
            }
        }
        current = p;
        return p;
    }

    /** The command ended (normally or by an error): an exit now is no interrupt. */
    static void end() {
        current = null;
    }

    /** Installs the shutdown hook (once, from main). */
    static void install(PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onShutdown(err), "learnbench-interrupt"));
    }

    /** What the hook does; returns the lines printed (none when no command was in progress). */
    static List<String> onShutdown(PrintStream err) {
        Progress p = current;
        if (p == null) {
            return List.of();
        }
        List<Path> dropped = RunDirectory.abandonAllOpen();
        List<String> lines = p.report(dropped);
        for (String line : lines) {
            err.println(line);
        }
        err.flush();
        return lines;
    }
}
