package org.learnbench.report.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a chart as both a PNG (to open) and an SVG (to put in a paper or page), the SVG with its words as
 * real text (see {@link SvgWriter}).
 */
public final class ChartFiles {
    /** Twice the screen resolution, so the PNG stays sharp on high-density displays and in slides. */
    static final int DPI = 144;

    private ChartFiles() {}

    /**
     * The chart as SVG text with real {@code <text>} elements and two-decimal coordinates (see {@link
     * SvgWriter}), for a page that inlines its charts instead of embedding PNGs.
     */
    public static String svg(Chart<?, ?> chart) throws IOException {
        if (chart == null) {
            throw new IllegalArgumentException("SVG needs a chart, got null");
        }
        return SvgWriter.svg(chart);
    }

    /**
     * Writes {@code chart} to {@code withoutExtension} + ".png" and + ".svg", creating missing parent folders,
     * and returns the two paths in that order.
     */
    public static List<Path> write(Chart<?, ?> chart, Path withoutExtension) throws IOException {
        if (chart == null || withoutExtension == null) {
            throw new IllegalArgumentException(
                    "chart files need a chart and a path, got " + chart + " and " + withoutExtension);
        }
        String name = withoutExtension.getFileName() == null
                ? ""
                : withoutExtension.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.endsWith(".png") || name.endsWith(".svg")) {
            // The encoders would keep such an extension and the two files would not share one base name.
            throw new IllegalArgumentException(
                    "chart files need a file name without .png or .svg, got " + withoutExtension);
        }
        Path absolute = withoutExtension.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        // Both encoders append their extension themselves, so they get the bare name.
        String base = absolute.toString();
        BitmapEncoder.saveBitmapWithDPI(chart, base, BitmapEncoder.BitmapFormat.PNG, DPI);
        Files.writeString(Path.of(base + ".svg"), SvgWriter.svg(chart), StandardCharsets.UTF_8);
        return List.of(Path.of(base + ".png"), Path.of(base + ".svg"));
    }
}
