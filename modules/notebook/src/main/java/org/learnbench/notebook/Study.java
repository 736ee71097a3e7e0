package org.learnbench.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.learnbench.experiment.study.LocalExecutor;
import org.learnbench.experiment.study.StudyConfig;
import org.learnbench.experiment.study.StudyReader;
import org.learnbench.experiment.study.StudyRunner;
import org.learnbench.report.document.StudyAnalysis;
import org.learnbench.report.document.StudyReport;
import org.learnbench.report.document.StudyResults;

/**
 * A study's results in a notebook: run from a study file exactly as {@code learnbench study} runs it
 * (resuming, so a re-executed cell only runs what is missing), or loaded from a results folder without
 * training anything. {@link Charts} draws it and {@link Report} tabulates it.
 */
public final class Study {
    private final StudyAnalysis analysis;

    private Study(StudyAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * Runs the study file's pending runs ({@code parallel} at once, as the file says), writes its index,
     * baselines and report under {@code results/<study>}, and loads the results.
     */
    public static Study run(String studyFile) {
        StudyConfig config = StudyReader.read(Workspace.resolve(studyFile));
        StudyRunner runner = new StudyRunner(Workspace.results(), new LocalExecutor(config.parallel()));
        try {
            StudyRunner.Summary summary = runner.run(config, (run, record, failure, done, total, elapsed) -> {});
            if (!summary.failures().isEmpty()) {
                throw new IllegalStateException(config.name() + ": "
                        + summary.failures().size() + " run(s) failed: " + String.join("; ", summary.failures()));
            }
            Study study = load(runner.folder(config));
            StudyReport.write(study.results());
            return study;
        } catch (IOException e) {
            throw new UncheckedIOException(config.name() + ": could not write results", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(config.name() + ": interrupted; finished runs are kept", e);
        }
    }

    /** Loads a study's results folder (e.g. {@code results/quick-compare}); trains nothing. */
    public static Study load(String folder) {
        return load(Workspace.resolve(folder));
    }

    /** Loads a study's results folder; trains nothing. */
    public static Study load(Path folder) {
        try {
            return new Study(StudyAnalysis.of(StudyResults.load(folder)));
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": could not read the study's results", e);
        }
    }

    /** The study's name, from study.json. */
    public String name() {
        return String.valueOf(results().description().get("study"));
    }

    public Path folder() {
        return results().folder();
    }

    /** Tasks with finished runs, in study order. */
    public List<String> tasks() {
        return analysis.tasks();
    }

    /** Optimizer settings in study order. */
    public List<String> optimizers() {
        return results().optimizers();
    }

    /** The results as read from the store. */
    public StudyResults results() {
        return analysis.results();
    }

    /** The statistics and charts computed from the results. */
    public StudyAnalysis analysis() {
        return analysis;
    }

    /** The study's first task, which the one-argument chart and table calls use. */
    String firstTask() {
        return tasks().get(0);
    }

    @Override
    public String toString() {
        return "study " + name() + ": " + results().runs().size() + " finished runs, tasks " + tasks() + ", optimizers "
                + optimizers() + ", in " + folder();
    }
}
