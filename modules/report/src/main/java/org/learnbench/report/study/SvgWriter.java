package org.learnbench.report.study;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Writes an XChart chart as a compact SVG whose words are real {@code <text>} elements, so that they can be
 * searched, selected, restyled and edited in a paper.
 *
 * <p>XChart 3.8.8 never draws a string: every title, tick label and legend entry is turned into its glyph
 * outlines ({@code TextLayout.getOutline}) and filled as a shape, which VectorGraphics2D writes as a long
 * path (most of the 0.2-1 MB of an SVG it used to write). This writer records the chart through a
 * VectorGraphics2D that reads such a shape back into its text: it compares the shape's sub-paths with the
 * glyph outlines of the chart's fonts, character by character, and when every sub-path matches it records
 * the string instead of the shape. A shape that does not read back as text in one of the fonts (a marker, a
 * character outside the alphabet it knows) is written as a shape, as before. Coordinates are then written
 * with at most two decimals (a hundredth of a pixel), and the logical font names with their CSS generic
 * families.
 */
final class SvgWriter {
    /** Characters tried when reading glyph outlines back: printable ASCII and the few symbols charts use. */
    private static final String ALPHABET = printableAscii() + "\u2212\u00d7\u2265\u2264\u00b1\u2013\u2014\u00b5\u00b0"
            + "\u03c3\u221e\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u2026\u00e9";

    private static final Pattern LONG_NUMBER = Pattern.compile("(-?\\d+\\.\\d{2})\\d+");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern TEXT_STYLE = Pattern.compile("(<text style=\"[^\"]*?);?\"");
    private static final Pattern FONT_FAMILY = Pattern.compile("font-family:(&quot;[^&]*&quot;|[^;\"]*)");
    private static final Pattern LINE = Pattern.compile(
            "<line style=\"([^\"]*)\" x1=\"([^\"]*)\" x2=\"([^\"]*)\" y1=\"([^\"]*)\" y2=\"([^\"]*)\"/>");

    private SvgWriter() {}

    /** The chart as SVG text. */
    static String svg(Chart<?, ?> chart) throws IOException {
        TextRecovering g = new TextRecovering(fontsOf(chart.getStyler()));
        chart.paint(g, chart.getWidth(), chart.getHeight());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SVGProcessor()
                .getDocument(g.getCommands(), new PageSize(0, 0, chart.getWidth(), chart.getHeight()))
                .writeTo(out);
        return compact(out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Shortens coordinates to two decimals (never the numbers of a text), gives every text its font size (VectorGraphics2D leaves out 12 px,
     * its default, which is not a browser's), adds generic fallbacks to font families, and joins runs of
     * connected line segments of one style (XChart draws a curve segment by segment) into polylines.
     */
    static String compact(String svg) {
        // Numbers are shortened inside tags only: a tick label such as 0.0000001 is text, not a coordinate.
        String s = replaceAll(TAG, svg, tag -> replaceAll(LONG_NUMBER, tag.group(), m -> m.group(1)));
        s = replaceAll(
                TEXT_STYLE, s, m -> m.group(0).contains("font-size:") ? m.group(0) : m.group(1) + ";font-size:12px;\"");
        s = replaceAll(FONT_FAMILY, s, m -> m.group(0) + ",sans-serif");
        return polylines(s);
    }

    private static String replaceAll(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder s = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(s, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(s);
        return s.toString();
    }

    private static String polylines(String svg) {
        List<java.util.regex.MatchResult> lines = LINE.matcher(svg).results().toList();
        StringBuilder out = new StringBuilder(svg.length());
        int copied = 0;
        int i = 0;
        while (i < lines.size()) {
            java.util.regex.MatchResult first = lines.get(i);
            StringBuilder points = new StringBuilder()
                    .append(first.group(2))
                    .append(',')
                    .append(first.group(4))
                    .append(' ')
                    .append(first.group(3))
                    .append(',')
                    .append(first.group(5));
            int j = i + 1;
            while (j < lines.size()) {
                java.util.regex.MatchResult previous = lines.get(j - 1);
                java.util.regex.MatchResult next = lines.get(j);
                if (!next.group(1).equals(first.group(1))
                        || !svg.substring(previous.end(), next.start()).isBlank()
                        || !next.group(2).equals(previous.group(3))
                        || !next.group(4).equals(previous.group(5))) {
                    break;
                }
                points.append(' ').append(next.group(3)).append(',').append(next.group(5));
                j++;
            }
            out.append(svg, copied, first.start());
            if (j == i + 1) {
                out.append(first.group());
            } else {
                out.append("<polyline style=\"")
                        .append(first.group(1))
                        .append("\" points=\"")
                        .append(points)
                        .append("\"/>");
            }
            copied = lines.get(j - 1).end();
            i = j;
        }
        return out.append(svg, copied, svg.length()).toString();
    }

    private static List<Font> fontsOf(Styler styler) {
        LinkedHashSet<Font> fonts = new LinkedHashSet<>();
        fonts.add(styler.getChartTitleFont());
        fonts.add(styler.getLegendFont());
        fonts.add(styler.getAnnotationTextFont());
        fonts.add(styler.getAnnotationTextPanelFont());
        fonts.add(styler.getToolTipFont());
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            fonts.add(axes.getAxisTitleFont());
            fonts.add(axes.getAxisTickLabelsFont());
        }
        fonts.remove(null);
        return new ArrayList<>(fonts);
    }

    private static String printableAscii() {
        StringBuilder s = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            s.append(c);
        }
        return s.toString();
    }

    /** A VectorGraphics2D that records a filled shape that reads back as text in a known font as that text. */
    static final class TextRecovering extends VectorGraphics2D {
        private final List<Font> fonts;
        private final Map<Font, Glyphs> glyphs = new HashMap<>();

        TextRecovering(Collection<Font> fonts) {
            this.fonts = List.copyOf(fonts);
        }

        @Override
        public void fill(Shape s) {
            // Axis titles on the left are drawn turned a quarter turn, so each shape is also read turned back.
            for (double angle : new double[] {0, -Math.PI / 2, Math.PI / 2}) {
                Shape upright = angle == 0
                        ? s
                        : AffineTransform.getRotateInstance(-angle).createTransformedShape(s);
                List<double[][]> subpaths = subpaths(upright);
                if (subpaths.isEmpty()) {
                    break;
                }
                List<Font> order = new ArrayList<>();
                if (getFont() != null) {
                    order.add(getFont());
                }
                order.addAll(fonts);
                for (Font font : order) {
                    Recovered text = glyphs.computeIfAbsent(font, f -> new Glyphs(f, getFontRenderContext()))
                            .read(subpaths);
                    if (text != null) {
                        Font previous = getFont();
                        AffineTransform transform = getTransform();
                        setFont(font);
                        rotate(angle);
                        super.drawString(text.text(), (float) text.x(), (float) text.y());
                        setTransform(transform);
                        setFont(previous);
                        return;
                    }
                }
            }
            super.fill(s);
        }
    }

    /** A string read back from outlines, with its origin (the start of its baseline). */
    record Recovered(String text, double x, double y) {}

    /** The glyph outlines of one font, and the reading of a shape as a string of them. */
    static final class Glyphs {
        private static final double TOLERANCE = 1e-3;

        /** Per character with an outline: its sub-paths relative to its origin, and its advance. */
        private final Map<Character, List<double[][]>> outlines = new HashMap<>();

        private final Map<Character, Double> advances = new HashMap<>();
        /** Characters by number of sub-paths, most first, so that '=' is tried before '-'. */
        private final List<Character> byComplexity;

        private final double space;

        Glyphs(Font font, FontRenderContext frc) {
            List<Character> chars = new ArrayList<>();
            for (char c : ALPHABET.toCharArray()) {
                if (!font.canDisplay(c)) {
                    continue;
                }
                GlyphVector v = font.createGlyphVector(frc, String.valueOf(c));
                List<double[][]> subpaths = subpaths(v.getGlyphOutline(0));
                if (subpaths.isEmpty()) {
                    continue;
                }
                outlines.put(c, subpaths);
                advances.put(c, (double) v.getGlyphMetrics(0).getAdvance());
                chars.add(c);
            }
            chars.sort((a, b) -> outlines.get(b).size() - outlines.get(a).size());
            byComplexity = List.copyOf(chars);
            space = font.createGlyphVector(frc, " ").getGlyphMetrics(0).getAdvance();
        }

        /** The string whose glyphs these sub-paths are, or null when they are not all glyphs of this font. */
        Recovered read(List<double[][]> subpaths) {
            StringBuilder text = new StringBuilder();
            int at = 0;
            double originX = Double.NaN;
            double baseline = Double.NaN;
            double end = Double.NaN;
            while (at < subpaths.size()) {
                boolean found = false;
                for (char c : byComplexity) {
                    List<double[][]> glyph = outlines.get(c);
                    if (at + glyph.size() > subpaths.size()) {
                        continue;
                    }
                    double dx = subpaths.get(at)[0][0] - glyph.get(0)[0][0];
                    double dy = subpaths.get(at)[0][1] - glyph.get(0)[0][1];
                    if (!Double.isNaN(baseline) && Math.abs(dy - baseline) > TOLERANCE) {
                        continue;
                    }
                    if (matches(glyph, subpaths, at, dx, dy)) {
                        if (Double.isNaN(originX)) {
                            originX = dx;
                            baseline = dy;
                        } else {
                            long spaces = Math.round((dx - end) / space);
                            if (spaces < 0) {
                                return null;
                            }
                            text.append(" ".repeat((int) spaces));
                        }
                        text.append(c);
                        end = dx + advances.get(c);
                        at += glyph.size();
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return null;
                }
            }
            return new Recovered(text.toString(), originX, baseline);
        }

        private static boolean matches(
                List<double[][]> glyph, List<double[][]> subpaths, int at, double dx, double dy) {
            for (int k = 0; k < glyph.size(); k++) {
                double[][] expected = glyph.get(k);
                double[][] actual = subpaths.get(at + k);
                if (expected.length != actual.length) {
                    return false;
                }
                if (Math.abs(expected[0][0] + dx - actual[0][0]) > TOLERANCE
                        || Math.abs(expected[0][1] + dy - actual[0][1]) > TOLERANCE) {
                    return false;
                }
                for (int i = 1; i < expected.length; i++) {
                    double[] e = expected[i];
                    double[] a = actual[i];
                    if (e.length != a.length || e[0] != a[0]) {
                        // The segment types differ (the first entry of a segment is its type, see subpaths).
                        return false;
                    }
                    for (int j = 1; j < e.length; j += 2) {
                        if (Math.abs(e[j] + dx - a[j]) > TOLERANCE || Math.abs(e[j + 1] + dy - a[j + 1]) > TOLERANCE) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
    }

    /**
     * The sub-paths of a shape, each a list of segments; the first entry is the starting point {x, y} and
     * every later one a segment {type, coordinates...}, so the first point of a sub-path is at [0][0]
     * and [0][1]. A shape with no segments gives an empty list.
     */
    static List<double[][]> subpaths(Shape shape) {
        List<double[][]> result = new ArrayList<>();
        List<double[]> current = null;
        double[] coords = new double[6];
        for (PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(coords);
            int points =
                    switch (type) {
                        case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 1;
                        case PathIterator.SEG_QUADTO -> 2;
                        case PathIterator.SEG_CUBICTO -> 3;
                        default -> 0;
                    };
            if (type == PathIterator.SEG_MOVETO) {
                if (current != null) {
                    result.add(current.toArray(new double[0][]));
                }
                current = new ArrayList<>();
                // The move's point first, so [0][0] and [0][1] are where the sub-path starts.
                current.add(new double[] {coords[0], coords[1]});
                continue;
            }
            if (current == null) {
                current = new ArrayList<>();
                current.add(new double[] {0, 0});
            }
            double[] segment = new double[1 + 2 * points];
            segment[0] = type;
            System.arraycopy(coords, 0, segment, 1, 2 * points);
            current.add(segment);
        }
        if (current != null) {
            result.add(current.toArray(new double[0][]));
        }
        return result;
    }
}
