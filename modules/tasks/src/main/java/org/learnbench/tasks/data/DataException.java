package org.learnbench.tasks.data;

/**
 * A mistake in a user's data file (or in how a task refers to it), reported as one line naming the file, the line
 * and column where known, and what was expected.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Longest cell value quoted in a message; longer values are cut so a message stays one readable line. */
    private static final int MAX_QUOTED = 60;

    private final String file;
    private final int line;

    /**
     * A data mistake in {@code file}, at 1-based {@code line} (the header is line 1; 0 when no single line is to
     * blame), described by {@code detail}.
     */
    public DataException(String file, int line, String detail) {
        this(file, line, detail, null);
    }

    /** As {@link #DataException(String, int, String)}, keeping the low-level cause. */
    public DataException(String file, int line, String detail, Throwable cause) {
        super(message(file, line, detail), cause);
        this.file = file;
        this.line = Math.max(line, 0);
    }

    /** The file as the caller named it. */
    public String file() {
        return file;
    }

    /** The 1-based line the mistake is on (the header is line 1), or 0 when not known. */
    public int line() {
        return line;
    }

    private static String message(String file, int line, String detail) {
        String where = line > 0 ? file + ": line " + line + ": " : file + ": ";
        return oneLine(where + detail);
    }

    /** A cell value in single quotes, shortened and with line breaks made visible, for use inside a message. */
    static String quote(String value) {
        if (value == null) {
            return "(missing)";
        }
        String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
        return "'" + oneLine(shown) + "'";
    }

    private static String oneLine(String text) {
        // A message must stay on one line so logs and test reports show it whole.
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
