package org.learnbench.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnbench.report.study.StudyFixture.COLORS;
import static org.learnbench.report.study.StudyFixture.TASK;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

class SvgWriterTest {
    private static Map<String, Chart<?, ?>> charts() {
        List<RunCurve> runs = StudyFixture.runs();
        return Map.of(
                "convergence",
                StudyCharts.convergence(runs, TASK, "train_loss", Clock.SAMPLE_FORWARD_PASSES, COLORS, 3),
                "cost",
                StudyCharts.costToTarget(runs, TASK, "train_loss", 0.1, false, Clock.SAMPLE_FORWARD_PASSES, 3),
                "final",
                StudyCharts.finalValues(runs, TASK, "train_loss", COLORS));
    }

    @Test
    void everyWordOfAChartIsRealTextAndNoGlyphIsLeftAsAPath() throws IOException {
        for (var entry : charts().entrySet()) {
            Chart<?, ?> chart = entry.getValue();
            String svg = SvgWriter.svg(chart);
            String key = entry.getKey();
            assertTrue(svg.contains(">" + escape(chart.getTitle()) + "</text>"), key + ": title");
            {
                Chart<?, ?> axes = chart;
                assertTrue(svg.contains(">" + escape(axes.getXAxisTitle()) + "</text>"), key + ": x title");
                // The y title is turned a quarter turn, and is still text.
                assertTrue(svg.contains(">" + escape(axes.getYAxisTitle()) + "</text>"), key + ": y title");
            }
            for (String optimizer : List.of("backprop", "cmaes")) {
                assertTrue(svg.contains(">" + optimizer), key + ": legend entry " + optimizer);
            }
            // Every text has a size a browser will not guess (VectorGraphics2D omits its default of 12 px).
            assertFalse(svg.matches("(?s).*<text style=\"(?![^\"]*font-size)[^\"]*\".*"), key + ": text without size");
        }
    }

    @Test
    void theSvgIsAtLeastFiveTimesSmallerThanXChartsOwn() throws IOException {
        for (var entry : charts().entrySet()) {
            ByteArrayOutputStream xchart = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(
                    entry.getValue(), xchart, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            int ours = SvgWriter.svg(entry.getValue()).getBytes(StandardCharsets.UTF_8).length;
            assertTrue(
                    ours * 5 <= xchart.size(),
                    entry.getKey() + ": " + ours + " bytes here, " + xchart.size() + " from XChart's encoder");
            assertTrue(ours < 60_000, entry.getKey() + ": " + ours + " bytes");
        }
    }

    @Test
    void compactingShortensNumbersAndJoinsConnectedSegmentsOfOneStyle() {
        String style = "fill:none;stroke:rgb(1,2,3);";
        String svg = "<svg>\n  <text x=\"1.23456\">0.0000001</text>\n  <line style=\"" + style
                + "\" x1=\"1.23456\" x2=\"2\" y1=\"3\" y2=\"4\"/>\n"
                + "  <line style=\"" + style + "\" x1=\"2\" x2=\"5\" y1=\"4\" y2=\"6\"/>\n"
                + "  <line style=\"" + style + "\" x1=\"9\" x2=\"10\" y1=\"4\" y2=\"6\"/>\n</svg>";
        assertEquals(
                "<svg>\n  <text x=\"1.23\">0.0000001</text>\n  <polyline style=\"" + style
                        + "\" points=\"1.23,3 2,4 5,6\"/>\n  <line style=\"" + style
                        + "\" x1=\"9\" x2=\"10\" y1=\"4\" y2=\"6\"/>\n</svg>",
                SvgWriter.compact(svg));
    }

    @Test
    void aShapeThatIsNotTextStaysAShape() throws IOException {
        var g = new SvgWriter.TextRecovering(
                List.of(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12)));
        g.fill(new java.awt.Polygon(new int[] {0, 10, 5}, new int[] {0, 0, 8}, 3));
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12);
        var layout = new java.awt.font.TextLayout("A1 = 10^-6", font, g.getFontRenderContext());
        g.fill(layout.getOutline(java.awt.geom.AffineTransform.getTranslateInstance(5, 20)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new de.erichseifert.vectorgraphics2d.svg.SVGProcessor()
                .getDocument(g.getCommands(), new de.erichseifert.vectorgraphics2d.util.PageSize(0, 0, 50, 50))
                .writeTo(out);
        String svg = out.toString(StandardCharsets.UTF_8);
        assertTrue(svg.contains("<path"), svg);
        assertTrue(svg.contains(">A1 = 10^-6</text>"), svg);
        assertTrue(svg.contains("x=\"5\" y=\"20\""), svg);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
