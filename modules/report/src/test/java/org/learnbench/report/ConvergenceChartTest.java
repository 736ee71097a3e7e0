package org.learnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;

/** The chart's series, axes and file, inspected on the chart object rather than in pixels. */
class ConvergenceChartTest {
    private static List<Checkpoint> checkpoints(double... trainLosses) {
        List<Checkpoint> list = new ArrayList<>();
        for (int i = 0; i < trainLosses.length; i++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train_loss", trainLosses[i]);
            m.put("validation_loss", trainLosses[i] * 1.5);
            m.put("test_loss", Double.NaN);
            list.add(new Checkpoint(new Clocks(i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Double.NaN, m));
        }
        return list;
    }

    @Test
    void aFinalTrainLossOfOneTenMillionthSitsInsideALogAxisLabelledWithPlainDecades() {
        XYChart chart = ConvergenceChart.build("t", "epoch", List.of("train_loss"), checkpoints(2.0, 1e-3, 1.1e-7));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(1e-7, chart.getStyler().getYAxisMin(), 1e-22);
        assertEquals(10, chart.getStyler().getYAxisMax(), 0);
        // The decade labels' pattern keeps seven decimals: 1e-7 reads "0.0000001", not "0".
        assertEquals(
                "0.0000001",
                new java.text.DecimalFormat(
                                chart.getStyler().getYAxisDecimalPattern(),
                                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
                        .format(1e-7));
        assertEquals("loss", chart.getYAxisTitle());
        List<Checkpoint> generations = List.of(
                new Checkpoint(new Clocks(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Double.NaN, Map.of("best_fitness", 3.0)),
                new Checkpoint(new Clocks(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Double.NaN, Map.of("best_fitness", 2.0)));
        XYChart fitness = ConvergenceChart.build("t", "generation", List.of("best_fitness"), generations);
        assertEquals("best fitness of the generation", fitness.getYAxisTitle());
    }

    @Test
    void plotsTheFiniteSeriesItIsGivenOnALogAxisWhenTheySpanDecades() {
        XYChart chart = ConvergenceChart.build(
                "t",
                "epoch",
                List.of("train_loss", "validation_loss", "test_loss"),
                checkpoints(2.0, 0.5, 0.01, 0.001));
        assertEquals(
                List.of("train loss", "validation loss"),
                List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(4, chart.getSeriesMap().get("train loss").getXData().length);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals("epoch", chart.getXAxisTitle());
        assertEquals("loss", chart.getYAxisTitle());
    }

    @Test
    void staysLinearForValuesWithinADecade() {
        XYChart chart = ConvergenceChart.build("t", "update", List.of("train_loss"), checkpoints(3, 2, 1.5));
        assertFalse(chart.getStyler().isYAxisLogarithmic());
    }

    @Test
    void refusesToDrawNothing() {
        List<Checkpoint> none = checkpoints(Double.NaN, Double.NaN);
        assertFalse(ConvergenceChart.hasData(
                List.of("train_loss", "test_loss"),
                none.subList(0, 1).stream()
                        .map(c -> new Checkpoint(c.clocks(), c.objective(), Map.of("train_loss", Double.NaN)))
                        .toList()));
        assertThrows(
                IllegalArgumentException.class, () -> ConvergenceChart.build("t", "epoch", List.of("test_loss"), none));
    }

    @Test
    void writesAPngFile(@TempDir Path tmp) throws IOException {
        Path file = ConvergenceChart.writePng(
                ConvergenceChart.build("t", "epoch", List.of("train_loss"), checkpoints(1, 0.5)), tmp.resolve("c.png"));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        assertEquals('N', bytes[2]);
        assertEquals('G', bytes[3]);
    }
}
