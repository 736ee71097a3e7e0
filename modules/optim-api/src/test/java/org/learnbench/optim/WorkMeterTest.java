package org.learnbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.MatrixOps;

/** The meter counts every charge, refuses a charge that would pass a limit, and leaves the counts as they were. */
class WorkMeterTest {
    private static WorkMeter meter(Budget budget) {
        return new WorkMeter(budget, MatrixOps.create(), MatrixOps.create(), System::nanoTime);
    }

    private static Budget budget(long iterations, long sfp, long evaluations, long steps, long episodes) {
        return new Budget(iterations, sfp, evaluations, steps, episodes, null, Optional.empty());
    }

    @Test
    void aBackwardPassCountsTwoForwardPasses() {
        WorkMeter m = meter(Budget.iterations(1));
        m.chargeForward(10);
        m.chargeForwardBackward(5);
        Clocks c = m.clocks();
        assertEquals(15, c.forwardSamples());
        assertEquals(5, c.backwardSamples());
        assertEquals(25, c.sampleForwardPasses());
    }

    @Test
    void aChargeThatWouldPassALimitIsRefusedAndNotCounted() {
        WorkMeter m = meter(budget(0, 100, 3, 50, 2));
        m.chargeForwardBackward(30); // 90
        BudgetExhaustedException e = assertThrows(BudgetExhaustedException.class, () -> m.chargeForward(11));
        assertEquals("sample-forward-pass budget of 100 reached", e.getMessage());
        assertEquals(90, m.clocks().sampleForwardPasses());
        m.chargeForward(10);
        assertEquals(100, m.clocks().sampleForwardPasses());

        m.chargeEvaluations(3);
        assertThrows(BudgetExhaustedException.class, () -> m.chargeEvaluations(1));
        assertEquals(3, m.clocks().evaluations());
        assertThrows(BudgetExhaustedException.class, () -> m.chargeEnvSteps(51));
        assertEquals(0, m.clocks().envSteps());
        m.chargeEpisodes(2);
        assertThrows(BudgetExhaustedException.class, () -> m.chargeEpisodes(1));
        assertEquals(2, m.clocks().episodes());
    }

    @Test
    void monitoringIsRecordedButNeverLimited() {
        WorkMeter m = meter(budget(0, 10, 0, 0, 0));
        m.recordMonitoring(1_000);
        m.recordMonitoringEnvSteps(500);
        assertEquals(1_000, m.clocks().monitorForwardSamples());
        assertEquals(500, m.clocks().monitorEnvSteps());
        assertEquals(0, m.clocks().sampleForwardPasses());
    }

    @Test
    void ensureAvailableChecksWithoutCharging() {
        WorkMeter m = meter(budget(0, 100, 10, 0, 0));
        m.ensureAvailable(100, 10);
        assertThrows(BudgetExhaustedException.class, () -> m.ensureAvailable(101, 0));
        assertThrows(BudgetExhaustedException.class, () -> m.ensureAvailable(0, 11));
        assertEquals(0, m.clocks().sampleForwardPasses());
        assertEquals(0, m.clocks().evaluations());
    }

    @Test
    void theIterationBudgetIsExhaustedExactlyAtItsLimit() {
        WorkMeter m = meter(Budget.iterations(2));
        m.completeIteration();
        assertFalse(m.exhausted());
        m.completeIteration();
        assertTrue(m.exhausted());
        assertEquals("iteration budget of 2 reached", m.exhaustionReason());
    }

    @Test
    void theWallTimeIsNamedInWords() {
        long[] now = {0};
        WorkMeter m = new WorkMeter(
                new Budget(0, 0, 0, Duration.ofSeconds(125), Optional.empty()),
                MatrixOps.create(),
                MatrixOps.create(),
                () -> now[0]);
        assertFalse(m.exhausted());
        now[0] = 125_000_000_000L;
        assertTrue(m.exhausted());
        assertEquals("wall time budget of 2 min 5 s reached", m.exhaustionReason());
        BudgetExhaustedException e = assertThrows(BudgetExhaustedException.class, () -> m.chargeForward(1));
        assertEquals("wall time budget of 2 min 5 s reached", e.getMessage());
    }

    @Test
    void refusesNegativeCharges() {
        WorkMeter m = meter(Budget.iterations(1));
        assertThrows(IllegalArgumentException.class, () -> m.chargeForward(-1));
        assertThrows(IllegalArgumentException.class, () -> m.chargeEvaluations(-1));
    }

    @Test
    void chargesFromManyThreadsAddUp() throws InterruptedException {
        WorkMeter m = meter(budget(0, 0, 1_000_000, 0, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    m.chargeEvaluations(1);
                    m.chargeForward(2);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(40_000, m.clocks().evaluations());
        assertEquals(80_000, m.clocks().forwardSamples());
    }
}
