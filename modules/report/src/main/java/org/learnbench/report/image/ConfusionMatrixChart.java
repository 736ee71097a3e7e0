package org.learnbench.report.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A confusion matrix as a picture: one row per true class, one column per predicted class, each cell
 * labelled with its count. Diagonal cells (right answers) are blue by the share of their row that is right
 * (so a class with few examples reads as clearly as a common one); mistakes are red by their share of
 * their row relative to the largest such share, so that even a 0.5% confusion stands out when it is the
 * commonest mistake. The title gives the accuracy.
 * Self-contained (Java 2D only), for the chart of one run and for the summed counts of a study's seeds.
 */
public final class ConfusionMatrixChart {
    private ConfusionMatrixChart() {}

    /** Counts[true][predicted] from paired labels (each in 0..classes-1). */
    public static long[][] counts(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " true labels but " + predicted.length + " predictions");
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }

    /** The element-wise sum of confusion matrices of the same classes (a study's seeds). */
    public static long[][] sum(List<long[][]> matrices) {
        int k = matrices.get(0).length;
        long[][] total = new long[k][k];
        for (long[][] m : matrices) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    total[i][j] += m[i][j];
                }
            }
        }
        return total;
    }

    /** Share of the counts on the diagonal. */
    public static double accuracy(long[][] counts) {
        long right = 0;
        long all = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                all += counts[i][j];
                right += i == j ? counts[i][j] : 0;
            }
        }
        return all == 0 ? Double.NaN : right / (double) all;
    }

    /** The picture; {@code labels} names the classes in index order, {@code title} heads it. */
    public static BufferedImage draw(long[][] counts, List<String> labels, String title) {
        int k = counts.length;
        if (labels.size() != k) {
            throw new IllegalArgumentException(k + " classes but " + labels.size() + " labels");
        }
        int cell = Math.max(28, Math.min(64, 640 / Math.max(1, k)));
        int left = 130;
        int top = 90;
        int width = left + k * cell + 40;
        int height = top + k * cell + 80;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 12, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "accuracy %.4f; blue: share of the row right; red: a mistake's share of its row, darkest"
                                + " for the commonest (%.2f%%)",
                        accuracy(counts),
                        100 * largestMistake(counts)),
                12,
                44);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, cell >= 44 ? 12 : 10);
        for (int i = 0; i < k; i++) {
            long row = 0;
            for (long c : counts[i]) {
                row += c;
            }
            for (int j = 0; j < k; j++) {
                double share = row == 0 ? 0 : counts[i][j] / (double) row;
                double worst = largestMistake(counts);
                Color fill = i == j
                        ? shade(share, 0x1f, 0x77, 0xb4)
                        : counts[i][j] == 0 ? Color.WHITE : shade(0.15 + 0.85 * share / worst, 0xd6, 0x27, 0x28);
                int x = left + j * cell;
                int y = top + i * cell;
                g.setColor(fill);
                g.fillRect(x, y, cell, cell);
                g.setColor((fill.getRed() + fill.getGreen() + fill.getBlue()) / 3 < 140 ? Color.WHITE : Color.BLACK);
                g.setFont(cellFont);
                if (counts[i][j] > 0) {
                    String text = Long.toString(counts[i][j]);
                    FontMetrics m = g.getFontMetrics();
                    g.drawString(text, x + (cell - m.stringWidth(text)) / 2, y + (cell + m.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= k; i++) {
            g.drawLine(left, top + i * cell, left + k * cell, top + i * cell);
            g.drawLine(left + i * cell, top, left + i * cell, top + k * cell);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics m = g.getFontMetrics();
        for (int i = 0; i < k; i++) {
            String label = shorten(labels.get(i));
            g.drawString(label, left - 8 - m.stringWidth(label), top + i * cell + (cell + m.getAscent()) / 2 - 2);
            g.drawString(label, left + i * cell + (cell - m.stringWidth(label)) / 2, top + k * cell + 16);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        String predicted = "predicted class";
        g.drawString(predicted, left + (k * cell - g.getFontMetrics().stringWidth(predicted)) / 2, top + k * cell + 40);
        String truth = "true class";
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(truth, -(top + (k * cell + g.getFontMetrics().stringWidth(truth)) / 2), 40);
        g.setTransform(saved);
        g.dispose();
        return image;
    }

    /** A confusion matrix with its class labels, as a run's confusion.csv holds it. */
    public record Counts(List<String> labels, long[][] counts) {}

    /**
     * Writes the counts as CSV: a header "true \\ predicted" and the labels, then one row per true class
     * (its label, then its counts). Labels are quoted when they hold a comma or a quote.
     */
    public static void writeCsv(long[][] counts, List<String> labels, Path csv) throws IOException {
        StringBuilder s = new StringBuilder("true \\ predicted");
        labels.forEach(l -> s.append(',').append(quote(l)));
        s.append('\n');
        for (int i = 0; i < counts.length; i++) {
            s.append(quote(labels.get(i)));
            for (long c : counts[i]) {
                s.append(',').append(c);
            }
            s.append('\n');
        }
        java.nio.file.Files.writeString(csv, s.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads a confusion.csv written by {@link #writeCsv}. */
    public static Counts readCsv(Path csv) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(csv, java.nio.charset.StandardCharsets.UTF_8);
        List<String> header = split(lines.get(0));
        List<String> labels = header.subList(1, header.size());
        long[][] counts = new long[labels.size()][labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            List<String> row = split(lines.get(i + 1));
            for (int j = 0; j < labels.size(); j++) {
                counts[i][j] = Long.parseLong(row.get(j + 1));
            }
        }
        return new Counts(List.copyOf(labels), counts);
    }

    /**
     * The confusion.csv files of a study cell's runs (one per seed, the same classes) summed into one
     * matrix.
     */
    public static Counts sumFiles(List<Path> csvs) throws IOException {
        List<long[][]> all = new java.util.ArrayList<>();
        List<String> labels = null;
        for (Path csv : csvs) {
            Counts c = readCsv(csv);
            if (labels != null && !labels.equals(c.labels())) {
                throw new IllegalArgumentException(csv + " has classes " + c.labels() + ", not " + labels);
            }
            labels = c.labels();
            all.add(c.counts());
        }
        if (labels == null) {
            throw new IllegalArgumentException("no confusion matrices to sum");
        }
        return new Counts(labels, sum(all));
    }

    /** The picture of a study cell: its runs' confusion matrices summed ({@link #sumFiles}) and drawn. */
    public static BufferedImage drawSummed(List<Path> csvs, String title) throws IOException {
        Counts summed = sumFiles(csvs);
        return draw(summed.counts(), summed.labels(), title + " (" + csvs.size() + " runs summed)");
    }

    /** {@link #drawSummed} written as a PNG. */
    public static void writeSummed(List<Path> csvs, String title, Path png) throws IOException {
        ImageIO.write(drawSummed(csvs, title), "png", png.toFile());
    }

    private static String quote(String label) {
        return label.contains(",") || label.contains("\"") ? '"' + label.replace("\"", "\"\"") + '"' : label;
    }

    private static List<String> split(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    /** The largest share of a row taken by one wrong class (0 when there are no mistakes). */
    static double largestMistake(long[][] counts) {
        double worst = 0;
        for (int i = 0; i < counts.length; i++) {
            long row = 0;
            for (long c : counts[i]) {
                row += c;
            }
            for (int j = 0; j < counts.length; j++) {
                if (i != j && row > 0) {
                    worst = Math.max(worst, counts[i][j] / (double) row);
                }
            }
        }
        return worst;
    }

    /** Writes the picture as a PNG. */
    public static void write(long[][] counts, List<String> labels, String title, Path png) throws IOException {
        ImageIO.write(draw(counts, labels, title), "png", png.toFile());
    }

    private static String shorten(String label) {
        return label.length() <= 12 ? label : label.substring(0, 11) + "…";
    }

    /** White blended towards the colour by the share. */
    private static Color shade(double share, int r, int g, int b) {
        double s = Math.max(0, Math.min(1, share));
        return new Color((int) Math.round(255 + (r - 255) * s), (int) Math.round(255 + (g - 255) * s), (int)
                Math.round(255 + (b - 255) * s));
    }
}
