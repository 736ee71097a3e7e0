package org.learnbench.tasks.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** A streaming RFC 4180 record splitter that tracks the physical line each record starts on. */
final class CsvParser {
    private static final int EOF = -1;
    private static final char BOM = '\uFEFF';

    /** One record: raw field texts, which of them were quoted, and the line it starts on. */
    record Record(int line, List<String> fields, BitSet quotedFields) {
        boolean quoted(int field) {
            return quotedFields.get(field);
        }
    }

    private final String name;
    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private int line = 1;
    private boolean started;
    private final StringBuilder field = new StringBuilder();

    CsvParser(String name, Reader in) {
        this.name = name;
        this.in = in;
    }

    /** The next record, or null at end of input; completely empty lines are skipped. */
    Record next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == BOM) {
                read();
            }
        }
        while (peek() == '\n' || peek() == '\r') {
            endLine();
        }
        if (peek() == EOF) {
            return null;
        }
        int startLine = line;
        List<String> fields = new ArrayList<>();
        BitSet quoted = new BitSet();
        while (true) {
            field.setLength(0);
            int c;
            if (peek() == '"') {
                read();
                quoted.set(fields.size());
                readQuoted(startLine);
                c = peek();
                if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    throw new DataException(
                            name,
                            line,
                            "unexpected character " + DataException.quote(String.valueOf((char) c))
                                    + " after the closing quote of field " + (fields.size() + 1)
                                    + " (a quote inside a quoted field is written as \"\")");
                }
            } else {
                while ((c = peek()) != ',' && c != '\n' && c != '\r' && c != EOF) {
                    field.append((char) read());
                }
            }
            fields.add(field.toString());
            if (c == ',') {
                read();
            } else {
                if (c != EOF) {
                    endLine();
                }
                return new Record(startLine, fields, quoted);
            }
        }
    }

    private void readQuoted(int recordLine) throws IOException {
        int fieldLine = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new DataException(
                        name,
                        fieldLine,
                        "a quoted field starting on this line is never closed"
                                + (fieldLine == recordLine
                                        ? ""
                                        : " (in the record starting on line " + recordLine + ")"));
            }
            if (c == '"') {
                if (peek() != '"') {
                    return;
                }
                read();
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            field.append((char) c);
        }
    }

    /** Consumes one line break (LF, CRLF or a lone CR). */
    private void endLine() throws IOException {
        if (read() == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private boolean fill() throws IOException {
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (CharacterCodingException e) {
            // The decoder hands over the good text before the bad bytes, so the current line is where they are.
            throw new DataException(name, line, "the file is not valid UTF-8 text here", e);
        }
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
