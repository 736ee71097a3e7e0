package org.learnbench.experiment.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A run's results folder, written atomically: everything goes into a hidden ".partial-…" folder beside
 * the final one, which is renamed into place only when the run has finished. A crash or kill leaves at
 * most a ".partial-…" folder, never a folder that looks complete; the next run or study in the same place
 * removes it ({@link #removeStale}), unless a live process still holds its lock.
 *
 * <p>Folders and files are created with plain {@code mkdir}/{@code open} calls, so they get the user's
 * umask (a temporary-file API would make them private to the user).
 */
public final class RunDirectory {
    /** The lock file in every working folder: the writer's PID, locked while the run is being written. */
    static final String LOCK = ".lock";

    /** Working folders of this process not yet committed or abandoned: what an interrupt cleans up. */
    private static final Set<RunDirectory> OPEN = ConcurrentHashMap.newKeySet();

    /**
     * The working folders of this process, registered before they are created and until they are gone, so
     * that no thread of this process ever takes another's folder for a leftover.
     */
    private static final Set<Path> OURS = ConcurrentHashMap.newKeySet();

    private final Path target;
    private final Path partial;
    private final List<Path> created;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean committed;
    private boolean closed;

    private RunDirectory(Path target, Path partial, List<Path> created, FileChannel lockChannel, FileLock lock) {
        this.target = target;
        this.partial = partial;
        this.created = created;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts writing the folder {@code parent/name}. A non-directory standing at {@code parent/name} is an
     * error (it is never deleted).
     */
    public static RunDirectory begin(Path parent, String name) throws IOException {
        Path target = parent.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(target + ": a file stands where the run's folder goes; move it away");
        }
        List<Path> created = createDirectories(parent);
        Path partial = null;
        for (int attempt = 0; partial == null; attempt++) {
            Path candidate = parent.resolve(
                    ".partial-" + name + "-" + ProcessHandle.current().pid() + "-"
                            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            OURS.add(key(candidate));
            try {
                Files.createDirectory(candidate);
                partial = candidate;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                OURS.remove(key(candidate));
                if (attempt > 100) {
                    throw e;
                }
            } catch (NoSuchFileException e) {
                // Another run that failed has just removed the (then empty) parent it had made: make it again.
                OURS.remove(key(candidate));
                if (attempt > 100) {
                    throw e;
                }
                created.addAll(createDirectories(parent));
            } catch (IOException | RuntimeException e) {
                OURS.remove(key(candidate));
                removeEmpty(created);
                throw e;
            }
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    partial.resolve(LOCK),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock = channel.tryLock();
            channel.write(java.nio.ByteBuffer.wrap(
                    (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            RunDirectory d = new RunDirectory(target, partial, created, channel, lock);
            OPEN.add(d);
            return d;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            deleteRecursively(partial);
            OURS.remove(key(partial));
            removeEmpty(created);
            throw e;
        }
    }

    private static Path key(Path partial) {
        return partial.toAbsolutePath().normalize();
    }

    /** Creates the missing folders of {@code folder}, returning those it created, outermost first. */
    private static List<Path> createDirectories(Path folder) throws IOException {
        List<Path> missing = new ArrayList<>();
        Path p = folder.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            missing.add(0, p);
            p = p.getParent();
        }
        if (p != null && !Files.isDirectory(p)) {
            throw new IllegalArgumentException(p + ": not a folder, so nothing can be written below it");
        }
        List<Path> created = new ArrayList<>();
        for (Path m : missing) {
            try {
                Files.createDirectory(m);
                created.add(m);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(m)) {
                    throw new IllegalArgumentException(m + ": not a folder, so nothing can be written below it");
                }
            }
        }
        return created;
    }

    /** Where files are written until {@link #commit()}. */
    public Path workingFolder() {
        return partial;
    }

    /** The folder the results will have once committed. */
    public Path target() {
        return target;
    }

    /**
     * Moves the finished folder into place, replacing an earlier result of the same run (a folder; a file
     * in the way is refused, never deleted).
     */
    public synchronized Path commit() throws IOException {
        if (closed) {
            throw new IllegalStateException(partial + " was abandoned");
        }
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(
                        target + ": a file stands where the run's folder goes; move it away");
            }
            old = target.resolveSibling(".replaced-" + target.getFileName() + "-" + System.nanoTime());
            move(target, old);
        }
        release();
        Files.deleteIfExists(partial.resolve(LOCK));
        move(partial, target);
        committed = true;
        closed = true;
        OPEN.remove(this);
        OURS.remove(key(partial));
        if (old != null) {
            deleteRecursively(old);
        }
        return target;
    }

    /**
     * Removes the working folder of a run that failed, and the folders {@link #begin} created for it when
     * they are left empty; does nothing after a commit.
     */
    public synchronized void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        release();
        // A worker of an interrupted run may still be writing into the folder while it is removed: try again.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                deleteRecursively(partial);
                break;
            } catch (IOException ignored) {
                // A leftover .partial- folder is harmless: it never looks like a result, and the next run
                // removes it.
            }
        }
        OURS.remove(key(partial));
        removeEmpty(created);
    }

    /**
     * Abandons every working folder of this process that is still open (for an interrupt: the runs in them
     * cannot finish) and returns the target folders they were for.
     */
    public static List<Path> abandonAllOpen() {
        List<Path> dropped = new ArrayList<>();
        for (RunDirectory d : List.copyOf(OPEN)) {
            dropped.add(d.target);
            d.abandon();
        }
        return dropped;
    }

    private void release() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock in any case.
        }
    }

    private static void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return; // not empty: someone else writes there now
            }
        }
    }

    /**
     * Removes the ".partial-…" folders directly in {@code folder} (and {@code depth - 1} levels below it)
     * whose writer is gone: a folder whose lock file is locked by a live process, in this process or another,
     * is kept. Returns the folders removed.
     */
    public static List<Path> removeStale(Path folder, int depth) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return removed;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(folder)) {
            children = s.sorted().toList();
        } catch (NoSuchFileException e) {
            return removed;
        }
        for (Path child : children) {
            if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String name = child.getFileName().toString();
            if (name.startsWith(".partial-") || name.startsWith(".replaced-")) {
                if (stale(child)) {
                    deleteRecursively(child);
                    removed.add(child);
                }
            } else if (depth > 1 && !name.startsWith(".")) {
                removed.addAll(removeStale(child, depth - 1));
            }
        }
        return removed;
    }

    /**
     * True when no live writer holds the working folder: not one of this process's, not locked by another
     * process, and the PID written in its lock file (or, before that is written, in its name) is gone. A
     * folder of an older version, with neither, is stale after a minute.
     */
    static boolean stale(Path partial) {
        if (OURS.contains(key(partial))) {
            // Ours and in progress. (Opening its lock file here and closing it again would release our own
            // lock on systems with POSIX locks, so this process's folders are never opened to test.)
            return false;
        }
        Long pid = null;
        Path lockFile = partial.resolve(LOCK);
        if (Files.isRegularFile(lockFile)) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return false; // held by another live process
                }
                lock.release();
                pid = Long.parseLong(
                        Files.readString(lockFile, StandardCharsets.US_ASCII).trim());
            } catch (OverlappingFileLockException e) {
                return false;
            } catch (IOException | NumberFormatException e) {
                // Unreadable, or not written yet by a writer that has just begun: decide by the name.
            }
        }
        if (pid == null) {
            pid = pidInName(partial.getFileName().toString());
        }
        if (pid != null) {
            return !alive(pid);
        }
        try {
            return Files.getLastModifiedTime(partial).toMillis() < System.currentTimeMillis() - 60_000;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The PID in ".partial-NAME-PID-RANDOM", or null. */
    static Long pidInName(String name) {
        String[] parts = name.split("-");
        if (parts.length < 4) {
            return null;
        }
        try {
            return Long.parseLong(parts[parts.length - 2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /**
     * Writes a file atomically with the user's umask: the text goes to a hidden sibling first, which is then
     * renamed over {@code file}.
     */
    public static void writeAtomically(Path file, CharSequence text) throws IOException {
        Path temp = file.resolveSibling(
                "." + file.getFileName() + "-" + ProcessHandle.current().pid() + "-"
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes a folder and everything in it; a folder that is already gone is fine. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
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
