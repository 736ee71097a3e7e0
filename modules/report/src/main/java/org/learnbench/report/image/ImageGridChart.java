package org.learnbench.report.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Small images in a grid, each scaled up with visible pixels and captioned: samples of an image task
 * (grey, darkest at the largest value, as digits are usually drawn: ink on paper) or the kernels of a
 * convolution (a diverging palette: blue below 0, white at 0, red above, on a scale symmetric around 0
 * shared by all tiles so their strengths compare).
 */
public final class ImageGridChart {
    private ImageGridChart() {}

    /** One tile: a height x width array of values, row-major, and its caption. */
    public record Tile(double[] values, int height, int width, String caption) {
        public Tile {
            if (values.length != height * width) {
                throw new IllegalArgumentException("a " + height + "x" + width + " tile needs " + height * width
                        + " values, got " + values.length);
            }
        }
    }

    /** How values map to colours. */
    public enum Palette {
        /** Each tile from its own minimum (white) to its maximum (black). */
        INK,
        /** Blue-white-red around 0, one scale for all tiles. */
        DIVERGING
    }

    /** The picture: {@code columns} tiles per row, each pixel drawn {@code pixel} screen pixels wide. */
    public static BufferedImage draw(List<Tile> tiles, int columns, int pixel, Palette palette, String title) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no tiles to draw");
        }
        int th = tiles.get(0).height() * pixel;
        int tw = tiles.get(0).width() * pixel;
        int gap = 10;
        int caption = 18;
        int rows = (tiles.size() + columns - 1) / columns;
        int cellW = Math.max(tw, 70) + gap;
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titleWidth =
                probe.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 14)).stringWidth(title);
        probe.dispose();
        int width = Math.max(columns * cellW + gap, Math.max(360, titleWidth + 2 * gap));
        int top = 56;
        int height = top + rows * (th + caption + gap) + gap;
        double scale = 0;
        for (Tile t : tiles) {
            for (double v : t.values()) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, gap, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(
                palette == Palette.DIVERGING
                        ? String.format(
                                java.util.Locale.ROOT, "blue < 0 < red, white at 0; full colour at |w| = %.3g", scale)
                        : "darker = larger value (each image on its own range)",
                gap,
                42);
        for (int n = 0; n < tiles.size(); n++) {
            Tile t = tiles.get(n);
            int x0 = gap + (n % columns) * cellW + (cellW - gap - tw) / 2;
            int y0 = top + (n / columns) * (th + caption + gap);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : t.values()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            for (int i = 0; i < t.height(); i++) {
                for (int j = 0; j < t.width(); j++) {
                    double v = t.values()[i * t.width() + j];
                    g.setColor(palette == Palette.DIVERGING ? diverging(v, scale) : ink(v, min, max));
                    g.fillRect(x0 + j * pixel, y0 + i * pixel, pixel, pixel);
                }
            }
            g.setColor(Color.LIGHT_GRAY);
            g.drawRect(x0 - 1, y0 - 1, tw + 1, th + 1);
            g.setColor(Color.BLACK);
            FontMetrics m = g.getFontMetrics();
            String text = t.caption();
            g.drawString(text, x0 + (tw - m.stringWidth(text)) / 2, y0 + th + 14);
        }
        g.dispose();
        return image;
    }

    /** Writes the picture as a PNG. */
    public static void write(List<Tile> tiles, int columns, int pixel, Palette palette, String title, Path png)
            throws IOException {
        ImageIO.write(draw(tiles, columns, pixel, palette, title), "png", png.toFile());
    }

    private static Color ink(double v, double min, double max) {
        double s = max > min ? (v - min) / (max - min) : 0;
        int level = (int) Math.round(255 * (1 - s));
        return new Color(level, level, level);
    }

    private static Color diverging(double v, double scale) {
        double s = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
        if (s >= 0) {
            return new Color(255, (int) Math.round(255 - 216 * s), (int) Math.round(255 - 215 * s));
        }
        return new Color(
                (int) Math.round(255 + 224 * s), (int) Math.round(255 + 136 * s), 255 + (int) Math.round(75 * s));
    }
}
