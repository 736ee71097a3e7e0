package org.learnbench.experiment.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The key reference of experiments/README.md, generated from the settings' declarations: one table per
 * section (experiment, each task type, network, budget, each optimizer and its rules and operators,
 * study files), so the documentation cannot drift from what the reader accepts.
 */
public final class KeyReference {
    /** The markers the generated reference stands between in experiments/README.md. */
    public static final String BEGIN = "<!-- keys:begin (generated from the settings' declarations; do not edit) -->";

    public static final String END = "<!-- keys:end -->";

    private KeyReference() {}

    /** Every section that configs can contain, depth-first from the experiment and the study file. */
    public static List<Section<?>> sections() {
        Set<Section<?>> seen = new LinkedHashSet<>();
        for (Section<?> root : List.<Section<?>>of(
                ExperimentSettings.EXPERIMENT,
                StudySettings.STUDY,
                StudySettings.TASK,
                StudySettings.OPTIMIZER,
                StudySettings.RANGE)) {
            visit(root, seen);
        }
        return new ArrayList<>(seen);
    }

    private static void visit(Section<?> section, Set<Section<?>> seen) {
        if (!seen.add(section)) {
            return;
        }
        for (Setting<?> s : section.settings()) {
            for (Section<?> nested : s.nested()) {
                visit(nested, seen);
            }
        }
    }

    /** Every declared key, as "section: key". */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Section<?> section : sections()) {
            for (Setting<?> s : section.settings()) {
                keys.add(section.title() + ": " + s.key());
            }
        }
        return keys;
    }

    /** The reference as Markdown, between the markers. */
    public static String markdown() {
        StringBuilder md = new StringBuilder(BEGIN).append("\n");
        for (Section<?> section : sections()) {
            md.append("\n#### `").append(section.title()).append("`\n\n");
            if (section.settings().isEmpty()) {
                md.append("No keys of its own.\n");
                continue;
            }
            md.append("| key | value | default | meaning |\n|---|---|---|---|\n");
            for (Setting<?> s : section.settings()) {
                String key = "`" + s.key() + "`"
                        + s.aliasKey().map(a -> " (or `" + a + "`)").orElse("");
                String meaning = s.description()
                        + (s.appliesText() == null ? "" : " (" + s.appliesText() + ")")
                        + (s.isUnrecorded() ? "; not recorded in the resolved config" : "");
                md.append("| ")
                        .append(key)
                        .append(" | ")
                        .append(cell(s.kindText()))
                        .append(" | ")
                        .append(cell(s.defaultText().isEmpty() ? "\"\"" : s.defaultText()))
                        .append(" | ")
                        .append(cell(meaning))
                        .append(" |\n");
            }
        }
        return md.append("\n").append(END).toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
