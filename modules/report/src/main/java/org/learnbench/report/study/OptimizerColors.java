package org.learnbench.report.study;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The colour of each optimizer, fixed for a whole study so an optimizer looks the same in every chart.
 *
 * <p>Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of colour
 * blindness, in the order of {@code optimizers}. Its yellow is last because it is hard to see on white; past
 * eight optimizers the palette repeats.
 *
 * @param optimizers the optimizer names in the order they receive colours
 */
public record OptimizerColors(List<String> optimizers) {
    private static final Color[] OKABE_ITO = {
        new Color(0x00, 0x72, 0xb2), // blue
        new Color(0xd5, 0x5e, 0x00), // vermillion
        new Color(0x00, 0x9e, 0x73), // bluish green
        new Color(0xe6, 0x9f, 0x00), // orange
        new Color(0xcc, 0x79, 0xa7), // reddish purple
        new Color(0x56, 0xb4, 0xe9), // sky blue
        new Color(0x00, 0x00, 0x00), // black
        new Color(0xf0, 0xe4, 0x42) // yellow
    };

    /** Validates that the names are present, non-blank and distinct, and copies them. */
    public OptimizerColors {
        if (optimizers == null || optimizers.isEmpty()) {
            throw new IllegalArgumentException("optimizer colours need at least 1 optimizer name, got " + optimizers);
        }
        Set<String> seen = new HashSet<>();
        for (String name : optimizers) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("optimizer names must be non-blank, got " + optimizers);
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("optimizer " + name + " is listed twice in " + optimizers);
            }
        }
        optimizers = List.copyOf(optimizers);
    }

    /** Colours for the optimizers of {@code runs} in the order they first appear. */
    public static OptimizerColors inOrderOfAppearance(List<RunCurve> runs) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("optimizer colours need at least 1 run, got " + runs);
        }
        Set<String> names = new LinkedHashSet<>();
        for (RunCurve run : runs) {
            if (run == null) {
                throw new IllegalArgumentException("runs must not contain null");
            }
            names.add(run.optimizer());
        }
        return new OptimizerColors(new ArrayList<>(names));
    }

    /** Whether {@code optimizer} has a colour here. */
    public boolean knows(String optimizer) {
        return optimizers.contains(optimizer);
    }

    /** The colour of {@code optimizer}. */
    public Color of(String optimizer) {
        int index = optimizers.indexOf(optimizer);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "optimizer " + optimizer + " has no colour; the study's optimizers are " + optimizers);
        }
        return OKABE_ITO[index % OKABE_ITO.length];
    }
}
