package org.learnbench.report.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A report written twice as it is built: as Markdown (images linked beside it) and as one
 * self-contained HTML page (charts embedded: inline SVG where the chart has one, else the PNG), from the
 * same headings, paragraphs, tables and figures.
 */
final class Document {
    private final StringBuilder markdown = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private final Path folder;
    /** Figures inlined so far: the prefix that keeps each chart's ids its own. */
    private int figures;
    /** How often each heading anchor was used, so every id on the page is unique. */
    private final java.util.Map<String, Integer> anchors = new java.util.HashMap<>();

    Document(Path folder, String title) {
        this.folder = folder;
        markdown.append("# ").append(title).append("\n\n");
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;"
                        + "padding:0 1em;line-height:1.45;color:#222}table{border-collapse:collapse;margin:1em 0}"
                        + "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}th{background:#f3f3f3}"
                        + "td:first-child,th:first-child{text-align:left}img{max-width:100%}"
                        + "figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}code{background:#f5f5f5}"
                        + "</style></head><body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n");
    }

    Document heading(int level, String text) {
        markdown.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        html.append("<h")
                .append(level)
                .append(" id=\"")
                .append(uniqueAnchor(text))
                .append("\">")
                .append(escape(text))
                .append("</h")
                .append(level)
                .append(">\n");
        return this;
    }

    Document paragraph(String text) {
        markdown.append(text).append("\n\n");
        html.append("<p>").append(inline(text)).append("</p>\n");
        return this;
    }

    /** A list of links to headings of this document (by their text), e.g. a table of contents. */
    Document contents(List<String> headings) {
        html.append("<nav><ul>\n");
        for (String h : headings) {
            markdown.append("- [").append(h).append("](#").append(anchor(h)).append(")\n");
            html.append("<li><a href=\"#")
                    .append(anchor(h))
                    .append("\">")
                    .append(escape(h))
                    .append("</a></li>\n");
        }
        markdown.append('\n');
        html.append("</ul></nav>\n");
        return this;
    }

    /** A heading's anchor, numbered from the second use of a text on (as GitHub does: "verdicts-1"). */
    private String uniqueAnchor(String heading) {
        String base = anchor(heading);
        int uses = anchors.merge(base, 1, Integer::sum);
        return uses == 1 ? base : base + "-" + (uses - 1);
    }

    /** The anchor of a heading, as GitHub's Markdown makes it: lower case, spaces to dashes, punctuation dropped. */
    static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-');
    }

    /** Escaped text with Markdown's **bold** as HTML. */
    private static String inline(String text) {
        return escape(text).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>");
    }

    Document bullets(List<String> items) {
        html.append("<ul>\n");
        for (String item : items) {
            markdown.append("- ").append(item).append('\n');
            html.append("<li>").append(inline(item)).append("</li>\n");
        }
        markdown.append('\n');
        html.append("</ul>\n");
        return this;
    }

    Document table(Table table) {
        markdown.append(table.markdown()).append('\n');
        html.append(table.html());
        return this;
    }

    /** A figure from a PNG inside the report's folder, with a caption. */
    Document figure(Path png, String caption) throws IOException {
        String relative = folder.relativize(png).toString().replace('\\', '/');
        markdown.append("![")
                .append(caption)
                .append("](")
                .append(relative)
                .append(")\n\n*")
                .append(caption)
                .append("*\n\n");
        Path svg = png.resolveSibling(png.getFileName().toString().replaceFirst("\\.png$", ".svg"));
        html.append("<figure>");
        if (Files.isRegularFile(svg)) {
            // The vector chart, inline: real text, a fraction of the PNG's size.
            String inline = Files.readString(svg)
                    .replaceFirst("(?s)^\\s*<\\?xml.*?\\?>", "")
                    .replaceFirst("(?s)^\\s*<!DOCTYPE.*?>", "");
            // Ids are unique within one SVG file but not across the charts of one page, where a reference
            // would resolve to another chart's element: each inlined chart gets its own prefix.
            String prefix = "f" + (++figures) + "-";
            inline = inline.replaceAll("id=\"([^\"]+)\"", "id=\"" + prefix + "$1\"")
                    .replaceAll("url\\(#([^)]+)\\)", "url(#" + prefix + "$1)")
                    .replaceAll("href=\"#([^\"]+)\"", "href=\"#" + prefix + "$1\"");
            html.append(inline.strip());
        } else {
            String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
            html.append("<img alt=\"")
                    .append(escape(caption))
                    .append("\" src=\"data:image/png;base64,")
                    .append(data)
                    .append("\">");
        }
        html.append("<figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    String markdown() {
        return markdown.toString();
    }

    String html() {
        return html + "</body></html>\n";
    }

    private static String escape(String text) {
        return Table.escape(text);
    }
}
