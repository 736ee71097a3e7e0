package org.learnbench.report.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatexTableTest {
    // Two tasks, three optimizers, 6 paired seeds each. On digits (accuracy, higher is better) backprop beats
    // random search on every seed; on sphere (loss, lower is better) cmaes is best.
    private static final double[][][] SAMPLES = {
        {
            {0.97, 0.98, 0.985, 0.975, 0.99, 0.98},
            {0.15, 0.16, 0.14, 0.17, 0.18, 0.16},
            {0.96, 0.99, 0.97, 0.98, 0.985, 0.975}
        },
        {
            {0.5, 0.4, 0.45, 0.55, 0.6, Double.NaN},
            {3.0, 2.5, 2.8, 3.3, 2.9, 3.1},
            {0.01, 0.02, 0.015, 0.012, 0.018, 0.011}
        }
    };

    private static LatexTable table(LatexTable.Spread spread) {
        return LatexTable.of(
                "task",
                List.of("digits", "sphere"),
                List.of("backprop", "random_search", "cmaes"),
                SAMPLES,
                new boolean[] {true, false},
                true,
                spread,
                // With 6 paired seeds and 4 comparisons the smallest Holm-adjusted p is 4 x 2/64 = 0.125, so
                // markers need a level above it.
                0.2);
    }

    @Test
    void cellsHoldMedianAndQuartilesAndTheBestOfEachRowInItsDirection() {
        LatexTable t = table(LatexTable.Spread.IQR);
        LatexTable.Cell backprop = t.cell(0, 0);
        // Sorted: 0.97, 0.975, 0.98, 0.98, 0.985, 0.99; median 0.98; type 7 quartiles at h = 1.25 and 3.75.
        assertEquals(0.98, backprop.median(), 1e-12);
        assertEquals(0.975 + 0.25 * 0.005, backprop.low(), 1e-12);
        assertEquals(0.98 + 0.75 * 0.005, backprop.high(), 1e-12);
        assertTrue(backprop.best());
        assertTrue(t.cell(1, 2).best(), "lowest loss is best on sphere");
        assertFalse(t.cell(1, 0).best());
        // The diverged seed is left out of the median: 5 values.
        assertEquals(5, t.cell(1, 0).n());
        assertEquals(0.5, t.cell(1, 0).median(), 1e-12);
    }

    @Test
    void markersComeFromWilcoxonAgainstTheBestHolmCorrectedOverTheTable() {
        LatexTable t = table(LatexTable.Spread.IQR);
        // Random search loses every one of 6 paired seeds to backprop: p = 2/64; on sphere both others lose
        // every seed to cmaes (the NaN counting as worst): 2/64 each; cmaes vs backprop on digits is mixed.
        assertEquals(2 / 64.0 * 4, t.cell(0, 1).adjustedP(), 1e-12);
        assertFalse(t.cell(0, 1).significantlyWorse(0.05), "0.125 > 0.05");
        assertTrue(t.cell(0, 1).significantlyWorse(0.2), "0.125 <= 0.2");
        assertEquals(Double.NaN, t.cell(0, 0).adjustedP());
        assertFalse(t.cell(0, 2).significantlyWorse(0.05));
        double[] raw = {
            org.learnbench.report.stats.PairedTest.wilcoxon("b", SAMPLES[0][0], "c", SAMPLES[0][2])
                    .pValue(),
            2 / 64.0,
            2 / 64.0,
            2 / 64.0
        };
        double[] holm = org.learnbench.report.stats.Holm.adjust(raw);
        assertEquals(holm[0], t.cell(0, 2).adjustedP(), 1e-12);
        assertEquals(holm[1], t.cell(1, 0).adjustedP(), 1e-12);
    }

    @Test
    void latexHasBooktabsBoldBestEscapedNamesAndMarkers() {
        String latex = table(LatexTable.Spread.IQR).latex("Final values.", "tab:final");
        assertTrue(latex.contains("\\toprule") && latex.contains("\\midrule") && latex.contains("\\bottomrule"));
        assertTrue(latex.contains("random\\_search"), latex);
        assertTrue(latex.contains("\\textbf{0.98}"), latex);
        assertTrue(latex.contains("\\label{tab:final}"), latex);
        assertTrue(latex.contains("\\begin{tabular}{lrrr}"), latex);
        // Sphere: cmaes best with median 0.0135 (two middle of six), the others marked.
        assertTrue(latex.contains("\\textbf{0.0135}"), latex);
        // Random search on digits, backprop and random search on sphere: 3 markers at 0.2.
        assertEquals(3, latex.split("\\$\\^\\{\\*\\}\\$", -1).length - 1, latex);
        assertTrue(latex.contains("alpha 0.2"), latex);
        assertTrue(latex.contains("Holm-corrected"), latex);
    }

    @Test
    void theTextTableMarksTheBestInMarkdownBoldAndTheMarkedCells() {
        Table t = table(LatexTable.Spread.IQR).table();
        assertEquals(List.of("task", "backprop", "random_search", "cmaes"), t.header());
        // Q1 = 0.97625 is stored as 0.976249999..., so four digits give 0.9762.
        assertEquals("**0.98** [0.9762, 0.9838]", t.rows().get(0).get(1));
        assertTrue(t.rows().get(0).get(2).endsWith("]*"), t.rows().get(0).get(2));
    }

    @Test
    void csvCarriesTheNumbersInFull() {
        String csv = table(LatexTable.Spread.CI95).csv();
        String[] lines = csv.split("\r\n");
        assertEquals("task,optimizer,n,median,ci_low,ci_high,best,p_holm_vs_best,significantly_worse", lines[0]);
        assertEquals(1 + 6, lines.length);
        assertTrue(lines[1].startsWith("digits,backprop,6,0.98,"), lines[1]);
        assertTrue(lines[1].endsWith(",true,,false"), lines[1]);
    }

    @Test
    void anyTableExportsToCsvAndLatexWithQuotingAndEscaping() {
        Table table = new Table(
                List.of("optimizer", "median test_accuracy [95% CI]"),
                List.of(List.of("ga, tuned", "0.97 [0.96, 0.98]"), List.of("say \"hi\"", "50% & more")));
        assertEquals(
                "optimizer,median test_accuracy [95% CI]\r\n\"ga, tuned\",\"0.97 [0.96, 0.98]\"\r\n"
                        + "\"say \"\"hi\"\"\",50% & more\r\n",
                LatexTable.csv(table));
        String latex = LatexTable.latex(table, "A caption_with #", null);
        assertTrue(latex.contains("median test\\_accuracy [95\\% CI]"), latex);
        assertTrue(latex.contains("50\\% \\& more"), latex);
        assertTrue(latex.contains("\\caption{A caption\\_with \\#}"), latex);
        assertFalse(latex.contains("\\label"), latex);
    }

    @Test
    void numbersOutsideThePlainRangeUsePowersOfTen() {
        assertEquals("1.5e-7", LatexTable.plain(1.5e-7));
        assertEquals("$1.5\\times10^{-7}$", LatexTable.tex(1.5e-7));
        assertEquals("$-4.14\\times10^{7}$", LatexTable.tex(-4.14e7));
        assertEquals("0.9851", LatexTable.plain(0.98512));
        assertEquals("12340", LatexTable.plain(12_340));
    }

    @Test
    void mismatchedShapesAreRejectedWithTheCounts() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> LatexTable.of(
                        "task",
                        List.of("a"),
                        List.of("x", "y"),
                        new double[][][] {{{1}}},
                        new boolean[] {true},
                        true,
                        LatexTable.Spread.IQR,
                        0.05));
        assertTrue(e.getMessage().contains("needs 2 samples, got 1"), e.getMessage());
    }
}
