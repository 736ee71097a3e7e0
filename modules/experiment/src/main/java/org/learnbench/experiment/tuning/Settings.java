package org.learnbench.experiment.tuning;

import java.util.LinkedHashMap;
import java.util.Map;

/** Dotted views of a resolved config section: which settings a search space may name, and their values. */
public final class Settings {
    private Settings() {}

    /** Every setting of a nested resolved section by its dotted key ({@code mutation.sigma}); sections too. */
    public static Map<String, Object> flatten(Map<String, Object> section) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", section, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> section, Map<String, Object> out) {
        section.forEach((k, v) -> {
            String key = prefix + k;
            out.put(key, v);
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out);
            }
        });
    }
}
