package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.List;

/** Test double of IJava's kernel access point, with the real DisplayData of IJava's base kernel library. */
public final class IJava {
    /** The running kernel as IJava exposes it: something with display(DisplayData). */
    public static final class Kernel {
        public final List<DisplayData> shown = new ArrayList<>();

        public void display(DisplayData data) {
            shown.add(data);
        }
    }

    public static final Kernel KERNEL = new Kernel();

    private IJava() {}

    public static Kernel getKernelInstance() {
        return KERNEL;
    }
}
