package org.learnbench.experiment.run;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A run's results folder, written atomically: everything goes into a hidden ".partial-…" folder beside
 * the final one, which is renamed into place only when the run has finished. A crash or kill leaves at
 * most a ".partial-…" folder, never a folder that looks complete.
 */
public final class RunDirectory {
    private final Path target;
    private final Path partial;
    private boolean committed;

    private RunDirectory(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
    }

    /** Starts writing the folder {@code parent/name}. */
    public static RunDirectory begin(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        Path partial = Files.createTempDirectory(parent, ".partial-" + name + "-");
        return new RunDirectory(parent.resolve(name), partial);
    }

    /** Where files are written until {@link #commit()}. */
    public Path workingFolder() {
        return partial;
    }

    /** The folder the results will have once committed. */
    public Path target() {
        return target;
    }

    /** Moves the finished folder into place, replacing an earlier result of the same run. */
    public Path commit() throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling(".replaced-" + target.getFileName() + "-" + System.nanoTime());
            move(target, old);
        }
        move(partial, target);
        committed = true;
        if (old != null) {
            deleteRecursively(old);
        }
        return target;
    }

    /** Removes the working folder of a run that failed; does nothing after a commit. */
    public void abandon() {
        if (!committed) {
            try {
                deleteRecursively(partial);
            } catch (IOException ignored) {
                // A leftover .partial- folder is harmless: it never looks like a result.
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Deletes a folder and everything in it; a folder that is already gone is fine. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
