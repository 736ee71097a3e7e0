package org.learnbench.report.document;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text cells with a header row, rendered three ways from the same cells: Markdown for
 * report.md, HTML for report.html and notebooks, and aligned plain text for a console or a plain-text
 * notebook output.
 *
 * @param header the column names
 * @param rows the cells, each row as wide as the header
 */
public record Table(List<String> header, List<List<String>> rows) {
    public Table {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(
                        "a table row has " + row.size() + " cells under " + header.size() + " columns: " + row);
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
    }

    /** The table as a GitHub-flavoured Markdown table. */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| ").append(String.join(" | ", header)).append(" |\n|");
        s.append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            s.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return s.toString();
    }

    /** The table as an HTML {@code <table>} element (cells escaped). */
    public String html() {
        StringBuilder s = new StringBuilder("<table><tr>");
        header.forEach(h -> s.append("<th>").append(escape(h)).append("</th>"));
        s.append("</tr>\n");
        for (List<String> row : rows) {
            s.append("<tr>");
            row.forEach(c -> s.append("<td>").append(escape(c)).append("</td>"));
            s.append("</tr>\n");
        }
        return s.append("</table>\n").toString();
    }

    /**
     * The table as CSV (RFC 4180): the header line, then one line per row; a cell holding a comma, a quote or
     * a line break is quoted, quotes doubled; Markdown bold markers are dropped. Lines end with CRLF, as the
     * RFC asks and spreadsheets expect.
     */
    public String csv() {
        StringBuilder s = new StringBuilder();
        csvLine(s, header);
        rows.forEach(row -> csvLine(s, row));
        return s.toString();
    }

    private static void csvLine(StringBuilder s, List<String> cells) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c).replace("**", "");
            if (c > 0) {
                s.append(',');
            }
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                s.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                s.append(cell);
            }
        }
        s.append("\r\n");
    }

    /** The table as aligned plain text: columns padded to their widest cell, a rule under the header. */
    @Override
    public String toString() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, width);
        for (int c = 0; c < width.length; c++) {
            s.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        s.append('\n');
        rows.forEach(row -> line(s, row, width));
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            if (c > 0) {
                s.append("  ");
            }
            // First column left-aligned (names), the others right-aligned (numbers).
            String pad = " ".repeat(width[c] - cell.length());
            s.append(c == 0 ? cell + (c == cells.size() - 1 ? "" : pad) : pad + cell);
        }
        s.append('\n');
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
