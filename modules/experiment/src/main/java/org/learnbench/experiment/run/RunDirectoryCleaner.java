package org.learnbench.experiment.run;

import java.io.IOException;
import java.nio.file.Path;

/** Deletes scratch folders (the re-runs of {@code verify}). */
public final class RunDirectoryCleaner {
    private RunDirectoryCleaner() {}

    /** Deletes the folder and everything in it; a folder that is already gone is fine. */
    public static void delete(Path folder) throws IOException {
        RunDirectory.deleteRecursively(folder);
    }
}
