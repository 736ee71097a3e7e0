package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnbench.report.stats.FixedTarget.Direction;
import org.learnbench.report.stats.FixedTarget.Result;

class FixedTargetTest {
    private static final Curve FAST = new Curve(new double[] {100, 200, 300, 400}, new double[] {0.9, 0.4, 0.2, 0.1});
    private static final Curve SLOW = new Curve(new double[] {100, 200, 300, 400}, new double[] {1.0, 0.8, 0.5, 0.25});
    private static final Curve NEVER = new Curve(new double[] {100, 200, 500}, new double[] {1.2, 0.9, 0.6});

    @Test
    void hittingBudgetIsTheFirstCheckpointAtOrPastTheTarget() {
        assertEquals(300, FixedTarget.hittingBudget(FAST, 0.3, Direction.LOWER_IS_BETTER), 0);
        assertEquals(200, FixedTarget.hittingBudget(FAST, 0.4, Direction.LOWER_IS_BETTER), 0);
        assertTrue(Double.isNaN(FixedTarget.hittingBudget(NEVER, 0.3, Direction.LOWER_IS_BETTER)));
        assertEquals(100, FixedTarget.hittingBudget(SLOW, 0.9, Direction.HIGHER_IS_BETTER), 0);
    }

    @Test
    void ertChargesUnsuccessfulRunsTheirWholeBudget() {
        Result result = evaluate(List.of(FAST, SLOW, NEVER), 0.3);
        // FAST hits at 300, SLOW at 400, NEVER spends 500: ERT = (300 + 400 + 500) / 2 = 600.
        assertArrayEquals(new double[] {300, 400, Double.NaN}, result.hittingBudgets(), 0);
        assertEquals(2, result.successes());
        assertEquals(2.0 / 3, result.successRate(), 1e-15);
        assertEquals(600, result.ert(), 1e-12);
        assertEquals(3, result.runs());
    }

    @Test
    void ertIsInfiniteWhenNoRunSucceeds() {
        Result result = evaluate(List.of(NEVER, SLOW), 0.01);
        assertEquals(0, result.successes());
        assertEquals(0, result.successRate(), 0);
        assertEquals(Double.POSITIVE_INFINITY, result.ert());
    }

    @Test
    void aDivergedCheckpointNeverReachesTheTarget() {
        Curve diverged = new Curve(new double[] {1, 2, 3}, new double[] {0.5, Double.NaN, 0.05});
        assertEquals(3, FixedTarget.hittingBudget(diverged, 0.1, Direction.LOWER_IS_BETTER), 0);
        assertEquals(1, FixedTarget.hittingBudget(diverged, 0.2, Direction.HIGHER_IS_BETTER), 0);
    }

    @Test
    void fixedBudgetReadsTheLastValueAtOrBeforeTheBudget() {
        double[] budgets = {100, 200, 300};
        double[] values = {0.9, 0.4, 0.2};
        assertTrue(Double.isNaN(FixedBudget.valueAt(budgets, values, 99)));
        assertEquals(0.9, FixedBudget.valueAt(budgets, values, 100), 0);
        assertEquals(0.9, FixedBudget.valueAt(budgets, values, 199.5), 0);
        assertEquals(0.4, FixedBudget.valueAt(budgets, values, 200), 0);
        assertEquals(0.2, FixedBudget.valueAt(budgets, values, 1e9), 0);
    }

    @Test
    void curvesRejectUnorderedOrMismatchedCheckpoints() {
        var order = assertThrows(
                IllegalArgumentException.class, () -> new Curve(new double[] {1, 3, 2}, new double[] {0, 0, 0}));
        assertTrue(order.getMessage().contains("3.0 then 2.0"), order.getMessage());
        var lengths =
                assertThrows(IllegalArgumentException.class, () -> new Curve(new double[] {1, 2}, new double[] {0}));
        assertTrue(lengths.getMessage().contains("got 1 and 2"), lengths.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> FixedTarget.evaluate(List.of(), 0.1, Direction.LOWER_IS_BETTER));
    }

    @Test
    void curvesCopyTheirArrays() {
        double[] budgets = {1, 2};
        Curve curve = new Curve(budgets, new double[] {5, 6});
        budgets[0] = 0;
        curve.values()[0] = 9;
        assertArrayEquals(new double[] {1, 2}, curve.budgets(), 0);
        assertArrayEquals(new double[] {5, 6}, curve.values(), 0);
    }

    private static Result evaluate(List<Curve> runs, double target) {
        return FixedTarget.evaluate(runs, target, Direction.LOWER_IS_BETTER);
    }
}
