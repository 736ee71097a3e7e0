package org.learnbench.report.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixChartTest {
    @TempDir
    Path tmp;

    @Test
    void countsPairTrueAndPredictedLabels() {
        long[][] c = ConfusionMatrixChart.counts(new int[] {0, 0, 1, 2, 2, 2}, new int[] {0, 1, 1, 2, 0, 2}, 3);
        assertArrayEquals(new long[] {1, 1, 0}, c[0]);
        assertArrayEquals(new long[] {0, 1, 0}, c[1]);
        assertArrayEquals(new long[] {1, 0, 2}, c[2]);
        assertEquals(4 / 6.0, ConfusionMatrixChart.accuracy(c), 1e-15);
        long[][] twice = ConfusionMatrixChart.sum(List.of(c, c));
        assertArrayEquals(new long[] {2, 0, 4}, twice[2]);
    }

    @Test
    void aRunsCsvReadsBackAndSumsOverSeeds() throws IOException {
        long[][] c = {{5, 1}, {2, 7}};
        List<String> labels = List.of("cat, black", "dog \"rex\"");
        Path a = tmp.resolve("a.csv");
        Path b = tmp.resolve("b.csv");
        ConfusionMatrixChart.writeCsv(c, labels, a);
        ConfusionMatrixChart.writeCsv(new long[][] {{1, 0}, {0, 1}}, labels, b);
        ConfusionMatrixChart.Counts read = ConfusionMatrixChart.readCsv(a);
        assertEquals(labels, read.labels());
        assertArrayEquals(c[1], read.counts()[1]);
        Path png = tmp.resolve("summed.png");
        ConfusionMatrixChart.writeSummed(List.of(a, b), "two seeds", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 200 && image.getHeight() > 200);
        ConfusionMatrixChart.writeCsv(c, List.of("x", "y"), b);
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixChart.writeSummed(List.of(a, b), "t", png));
    }

    @Test
    void rightAnswersAreBlueByTheirRowsShareAndMistakesRedRelativeToTheCommonest() {
        long[][] c = {{10, 0, 0}, {5, 5, 0}, {1, 0, 9}};
        BufferedImage image = ConfusionMatrixChart.draw(c, List.of("a", "b", "c"), "t");
        // Cells are 64 pixels square from (130, 90); sample a corner of each, away from the count's text.
        assertEquals(new Color(0x1f, 0x77, 0xb4).getRGB(), image.getRGB(130 + 3, 90 + 3));
        assertEquals(Color.WHITE.getRGB(), image.getRGB(130 + 64 + 3, 90 + 3));
        // Half of row b is wrong, the commonest mistake: full red. Row c's mistake (a tenth of its row, a
        // fifth of the commonest) is red at 0.15 + 0.85 * 0.2 = 0.32 of the way from white.
        assertEquals(new Color(0xd6, 0x27, 0x28).getRGB(), image.getRGB(130 + 3, 90 + 64 + 3));
        assertEquals(new Color(242, 186, 186).getRGB(), image.getRGB(130 + 3, 90 + 128 + 3));
        // Half of row b is right: its diagonal cell is blue blended halfway with white.
        assertEquals(new Color(143, 187, 218).getRGB(), image.getRGB(130 + 64 + 3, 90 + 64 + 3));
    }
}
