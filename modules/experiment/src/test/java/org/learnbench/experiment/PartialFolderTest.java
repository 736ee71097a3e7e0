package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.run.RunDirectory;

/**
 * Working folders of runs: a killed run's ".partial-…" folder is removed by the next run, a live one (in
 * another process) is not; SIGTERM stops a run cleanly, says how to resume and leaves no working folder;
 * folders and files get the user's umask.
 */
class PartialFolderTest {
    @TempDir
    Path tmp;

    private static final String LONG =
            """
            name: tiny
            task:
              dataset: DIGITS
              target: target
              kind: classification
            network:
              hidden: [16]
            optimizer:
              type: backprop
              rule: adam
              learning_rate: 0.01
            budget:
              epochs: EPOCHS
            seeds: [1]
            """;

    /** Starts the command line in a JVM of its own, on this test's class path. */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.learnbench.experiment.cli.Learnbench"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("child.out").toFile())
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
    }

    private static List<Path> partials(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".partial-"))
                    .toList();
        }
    }

    /** Waits until the child has begun its run (its working folder exists and holds metrics). */
    private static Path awaitPartial(Path folder, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            for (Path p : partials(folder)) {
                if (Files.exists(p.resolve("metrics.csv"))) {
                    return p;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child run never started (alive: " + child.isAlive() + ")");
    }

    @Test
    void aKilledRunsWorkingFolderIsRemovedByTheNextRunAndALiveOneIsNot() throws Exception {
        Path config = CliHarness.config(tmp, "long.yaml", LONG.replace("EPOCHS", "100000"));
        Path results = tmp.resolve("results");
        Process child = start("run", config.toString(), "--results", results.toString(), "-q");
        try {
            Path live = awaitPartial(results.resolve("tiny"), child);
            // Another run in the same folder, while the child writes: the child's folder stays.
            Path quick = CliHarness.config(tmp, "quick.yaml", LONG.replace("EPOCHS", "1"));
            CliHarness.Outcome o =
                    CliHarness.run("run", quick.toString(), "--results", results.toString(), "-q", "--seed", "2");
            assertEquals(0, o.exitCode(), o.err());
            assertTrue(Files.isDirectory(live), "a live run's working folder was removed");
            assertEquals(List.of(), RunDirectory.removeStale(results.resolve("tiny"), 1));
            assertTrue(Files.isDirectory(live));

            child.destroyForcibly(); // SIGKILL: no shutdown hook, the folder stays behind
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.isDirectory(live), "SIGKILL leaves the working folder");

            CliHarness.Outcome next =
                    CliHarness.run("run", quick.toString(), "--results", results.toString(), "-q", "--seed", "3");
            assertEquals(0, next.exitCode(), next.err());
            assertFalse(Files.exists(live), "the killed run's working folder was not removed");
            assertEquals(List.of(), partials(results.resolve("tiny")));
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsARunSaysHowToResumeAndLeavesNoWorkingFolder() throws Exception {
        Path config = CliHarness.config(
                tmp, "long.yaml", LONG.replace("EPOCHS", "100000").replace("seeds: [1]", "seeds: [1, 2]"));
        Path results = tmp.resolve("results");
        Process child = start("run", config.toString(), "--results", results.toString(), "-q");
        try {
            awaitPartial(results.resolve("tiny"), child);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            String err = Files.readString(tmp.resolve("child.err"), StandardCharsets.UTF_8);
            assertTrue(err.contains("learnbench: interrupted: run stopped; 0 finished, 2 not finished"), err);
            assertTrue(err.contains("dropped the unfinished run " + results.resolve("tiny/seed-1")), err);
            assertTrue(
                    err.contains("resume with: learnbench run " + config + " --results " + results + " --seed 1,2"),
                    err);
            assertFalse(Files.exists(results), "a run that never finished leaves nothing: " + err);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aWorkingFolderWithoutALockIsRemovedWhenItsProcessIsGone() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("exp"));
        Path dead = Files.createDirectory(parent.resolve(".partial-seed-1-" + Long.MAX_VALUE + "-x"));
        Path mine = Files.createDirectory(
                parent.resolve(".partial-seed-2-" + ProcessHandle.current().pid() + "-y"));
        assertEquals(List.of(dead), RunDirectory.removeStale(parent, 1));
        assertTrue(Files.isDirectory(mine), "a folder named after a live process is kept");
    }

    @Test
    void anOpenWorkingFolderOfThisProcessIsKept() throws IOException {
        RunDirectory open = RunDirectory.begin(tmp.resolve("exp"), "seed-1");
        try {
            assertEquals(List.of(), RunDirectory.removeStale(tmp.resolve("exp"), 1));
            assertTrue(Files.isDirectory(open.workingFolder()));
        } finally {
            open.abandon();
        }
        assertFalse(Files.exists(tmp.resolve("exp")), "abandoning removes the folders begin created");
    }

    @Test
    void runsStartingTogetherInOneFolderNeverTakeEachOthersWorkingFolderForALeftover() throws Exception {
        Path parent = tmp.resolve("exp");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "seed-" + i;
            results.add(pool.submit(() -> {
                // What every run does as it starts: remove leftovers, then begin its own folder.
                RunDirectory.removeStale(parent, 1);
                RunDirectory d = RunDirectory.begin(parent, name);
                RunDirectory.removeStale(parent, 1);
                boolean intact = Files.isRegularFile(d.workingFolder().resolve(".lock"));
                d.abandon();
                return intact;
            }));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        for (java.util.concurrent.Future<Boolean> r : results) {
            assertTrue(r.get(), "a run's working folder was removed by another run of the same process");
        }
    }

    @Test
    void foldersAndFilesFollowTheUmask() throws IOException {
        // What a plain mkdir and file creation give here is what the umask allows.
        Path plainDir = Files.createDirectory(tmp.resolve("plain"));
        Path plainFile = Files.writeString(tmp.resolve("plain.txt"), "x");
        RunDirectory d = RunDirectory.begin(tmp.resolve("exp"), "seed-1");
        Files.writeString(d.workingFolder().resolve("metrics.csv"), "x");
        Path done = d.commit();
        RunDirectory.writeAtomically(tmp.resolve("exp/runs.csv"), "a\n");
        assertEquals(perms(plainDir), perms(done));
        assertEquals(perms(plainDir), perms(tmp.resolve("exp")));
        assertEquals(perms(plainFile), perms(tmp.resolve("exp/runs.csv")));
        assertTrue(perms(done).startsWith("rwx"), perms(done));
        assertFalse(Files.exists(done.resolve(".lock")), "the lock file goes before the commit");
    }

    @Test
    void aFileInTheWayIsNeverReplaced() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("exp"));
        Files.writeString(parent.resolve("seed-1"), "mine");
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RunDirectory.begin(parent, "seed-1"));
        assertEquals("mine", Files.readString(parent.resolve("seed-1")));
        assertEquals(List.of(), partials(parent));
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
