package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PerformanceProfileTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void aHandComputedProfile() {
        // Three tasks, two optimizers: A best on tasks 1 and 3, B twice as slow there; B best on task 2, A four
        // times slower; task 3 B never reaches the target.
        double[][] cost = {{100, 200}, {400, 100}, {50, INF}};
        double[][] r = PerformanceProfile.ratios(cost);
        assertEquals(1.0, r[0][0]);
        assertEquals(2.0, r[0][1]);
        assertEquals(4.0, r[1][0]);
        assertEquals(INF, r[2][1]);
        assertEquals(2.0 / 3, PerformanceProfile.rho(r, 0, 1), 1e-15);
        assertEquals(1.0, PerformanceProfile.rho(r, 0, 4), 1e-15);
        assertEquals(1.0 / 3, PerformanceProfile.rho(r, 1, 1), 1e-15);
        assertEquals(2.0 / 3, PerformanceProfile.rho(r, 1, 2), 1e-15);
        // Score over log tau in [1, 8]: A = (1 + (log 8 - log 4)/log 8 + 1) / 3 = (2 + 1/3) / 3;
        // B = (1 - log 2 / log 8 + 1 + 0) / 3 = (2 - 1/3) / 3.
        assertEquals((2 + 1.0 / 3) / 3, PerformanceProfile.score(r, 0, 8), 1e-12);
        assertEquals((2 - 1.0 / 3) / 3, PerformanceProfile.score(r, 1, 8), 1e-12);
    }

    @Test
    void aTaskNoOptimizerSolvedCountsForNone() {
        double[][] r = PerformanceProfile.ratios(new double[][] {{INF, INF}, {10, 20}});
        assertEquals(0.5, PerformanceProfile.rho(r, 0, 100), 1e-15);
    }
}
