package org.learnbench.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

/** Element-wise comparison of state vectors with a message that shows both vectors. */
final class StateAssertions {
    static final double TOLERANCE = 1e-12;

    private StateAssertions() {}

    static void assertStateEquals(double[] expected, double[] actual, String label) {
        assertEquals(expected.length, actual.length, label + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(
                    expected[i],
                    actual[i],
                    TOLERANCE,
                    label + ": entry " + i + " of " + Arrays.toString(actual) + ", expected "
                            + Arrays.toString(expected));
        }
    }
}
