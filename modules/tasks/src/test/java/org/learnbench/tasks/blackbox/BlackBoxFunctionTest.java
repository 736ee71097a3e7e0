package org.learnbench.tasks.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlackBoxFunctionTest {
    @Test
    void everyFunctionIsZeroAtItsOptimum() {
        for (BlackBoxFunction f : BlackBoxFunction.values()) {
            for (int d : new int[] {2, 3, 10}) {
                assertEquals(f.optimumValue(), f.value(f.optimum(d)), 1e-15, f + " in " + d + " dimensions");
            }
        }
        assertEquals(0.0, BlackBoxFunction.RASTRIGIN.value(new double[5]));
        assertEquals(0.0, BlackBoxFunction.ACKLEY.value(new double[5]));
    }

    @Test
    void theOptimumIsTheOriginExceptForRosenbrockWhereItIsAllOnes() {
        assertArrayEquals(new double[3], BlackBoxFunction.SPHERE.optimum(3));
        assertArrayEquals(new double[] {1, 1, 1}, BlackBoxFunction.ROSENBROCK.optimum(3));
    }

    @Test
    void knownValuesAwayFromTheOptimum() {
        assertEquals(1 + 4 + 9, BlackBoxFunction.SPHERE.value(new double[] {1, -2, 3}));
        // 10 * 2 + 2 * (1 - 10 cos(2 pi)) = 20 - 18
        assertEquals(2, BlackBoxFunction.RASTRIGIN.value(new double[] {1, 1}), 1e-12);
        // at x = 0.5 the cosine is -1: 10 + 0.25 + 10
        assertEquals(20.25, BlackBoxFunction.RASTRIGIN.value(new double[] {0.5}), 1e-12);
        // at zeros each of the d - 1 terms is (1 - 0)^2
        assertEquals(9, BlackBoxFunction.ROSENBROCK.value(new double[10]));
        // 100 (1 - 0)^2 + (1 - 0)^2 for the pair (0, 1)
        assertEquals(101, BlackBoxFunction.ROSENBROCK.value(new double[] {0, 1}));
        // at x = 1 in every coordinate: mean square 1, every cosine 1
        assertEquals(20 - 20 * Math.exp(-0.2), BlackBoxFunction.ACKLEY.value(new double[] {1, 1, 1}), 1e-12);
    }

    @Test
    void theFunctionsAreNonNegativeOnRandomPoints() {
        SplittableRandom random = new SplittableRandom(11);
        for (BlackBoxFunction f : BlackBoxFunction.values()) {
            for (int trial = 0; trial < 1000; trial++) {
                double[] x = new double[4];
                for (int i = 0; i < x.length; i++) {
                    x[i] = random.nextDouble(f.lower(), f.upper());
                }
                assertTrue(f.value(x) >= 0, f + " negative at a random point");
            }
        }
    }

    @Test
    void theDomainsAreTheConventionalOnes() {
        assertEquals(5.12, BlackBoxFunction.SPHERE.upper());
        assertEquals(-5.12, BlackBoxFunction.RASTRIGIN.lower());
        assertEquals(2.048, BlackBoxFunction.ROSENBROCK.upper());
        assertEquals(-32.768, BlackBoxFunction.ACKLEY.lower());
    }

    @Test
    void flopCountsGrowLinearlyWithTheDimension() {
        assertEquals(20, BlackBoxFunction.SPHERE.flopsPerEvaluation(10));
        assertEquals(62, BlackBoxFunction.RASTRIGIN.flopsPerEvaluation(10));
        assertEquals(72, BlackBoxFunction.ROSENBROCK.flopsPerEvaluation(10));
        assertEquals(59, BlackBoxFunction.ACKLEY.flopsPerEvaluation(10));
    }

    @Test
    void rosenbrockRejectsASingleDimension() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BlackBoxFunction.ROSENBROCK.value(new double[1]));
        assertTrue(e.getMessage().contains("got 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlackBoxFunction.SPHERE.optimum(0));
    }
}
