package org.rapaio.jupyter.kernel.global;

import java.util.ArrayList;
import java.util.List;

/** Test double of the rapaio kernel's display entry point: records what it is asked to show. */
public final class Global {
    public static final List<Object[]> SHOWN = new ArrayList<>();

    private Global() {}

    public static String display(String mime, Object value) {
        SHOWN.add(new Object[] {mime, value});
        return "display-id";
    }
}
