package org.learnbench.report.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnbench.report.study.StudyFixture.COLORS;
import static org.learnbench.report.study.StudyFixture.TASK;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.internal.chartpart.Chart;

/** Every study chart renders to a valid PNG and SVG in folders that did not exist yet. */
class ChartFilesTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path folder;

    @Test
    void everyStudyChartIsWrittenAsPngAndSvg() throws IOException {
        List<RunCurve> runs = StudyFixture.runs();
        Map<String, Chart<?, ?>> charts = Map.of(
                "convergence",
                StudyCharts.convergence(runs, TASK, "train_loss", Clock.SAMPLE_FORWARD_PASSES, COLORS, 3),
                "ecdf",
                StudyCharts.ecdf(runs, TASK, "train_loss", new double[] {0.5, 0.1, 0.01}, false, Clock.FLOPS, COLORS),
                "cost",
                StudyCharts.costToTarget(runs, TASK, "train_loss", 0.1, false, Clock.SAMPLE_FORWARD_PASSES, 3),
                "overfitting",
                StudyCharts.overfitting(runs, TASK, "backprop", Clock.ITERATIONS),
                "final",
                StudyCharts.finalValues(runs, TASK, "train_loss", COLORS));
        for (var entry : charts.entrySet()) {
            Path base = folder.resolve("study").resolve(TASK).resolve(entry.getKey());
            List<Path> files = ChartFiles.write(entry.getValue(), base);
            assertEquals(List.of(Path.of(base + ".png"), Path.of(base + ".svg")), files);
            byte[] png = Files.readAllBytes(files.get(0));
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, PNG_MAGIC.length), entry.getKey());
            String svg = Files.readString(files.get(1), StandardCharsets.UTF_8);
            assertTrue(svg.contains("<svg") && svg.trim().endsWith("</svg>"), entry.getKey());
            assertTrue(svg.contains("<text"), entry.getKey() + ": words as text");
            assertEquals(ChartFiles.svg(entry.getValue()), svg, entry.getKey() + ": the file is what svg() gives");
        }
    }

    @Test
    void aNameWithAnImageExtensionIsRejected() {
        var chart = StudyCharts.finalValues(StudyFixture.runs(), TASK, "train_loss", COLORS);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ChartFiles.write(chart, folder.resolve("final.PNG")));
        assertTrue(e.getMessage().contains("final.PNG"), e.getMessage());
    }
}
