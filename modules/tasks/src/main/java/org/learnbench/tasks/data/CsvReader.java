package org.learnbench.tasks.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads RFC 4180 CSV files (UTF-8, optionally gzip-compressed) with a header row into a {@link CsvTable}, and checks
 * file digests.
 *
 * <p>Rules beyond RFC 4180: LF, CRLF and a lone CR all end a record; a UTF-8 byte order mark is skipped; completely
 * empty lines are skipped (so in a one-column file a missing cell must be written {@code NA}); an unquoted cell that
 * is empty, only whitespace, or exactly {@code NA} is missing ({@code null}), while a quoted {@code ""} is an empty
 * string and a quoted {@code "NA"} is the text NA; header names are trimmed of surrounding whitespace. A file whose
 * first two bytes are the gzip magic number is decompressed, whatever its name.
 */
public final class CsvReader {
    private CsvReader() {}

    /** Reads the whole file; every mistake in it is a {@link DataException} naming the file and line. */
    public static CsvTable read(Path file) {
        String name = file.toString();
        try (Reader reader = open(file)) {
            return parse(name, reader);
        } catch (CharacterCodingException e) {
            throw new DataException(name, 0, "cannot read: the file is not valid UTF-8 text", e);
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    /** Parses CSV text already in memory; {@code source} names it in messages. */
    public static CsvTable parse(String source, String text) {
        try {
            return parse(source, new StringReader(text));
        } catch (IOException e) {
            throw cannotRead(source, e);
        }
    }

    /** The SHA-256 digest of the file's bytes (as stored, so of the compressed bytes for a gzip file), lowercase hex. */
    public static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256, so this is a broken runtime, not a data mistake.
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) != -1) {
                // Reading is all that is needed: the stream feeds the digest.
            }
        } catch (IOException e) {
            throw cannotRead(file.toString(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Throws a {@link DataException} unless the file's SHA-256 equals {@code expected} (hex, any case). */
    public static void verifySha256(Path file, String expected) {
        String actual = sha256(file);
        if (expected == null || !actual.equals(expected.trim().toLowerCase(Locale.ROOT))) {
            throw new DataException(
                    file.toString(),
                    0,
                    "sha256 is " + actual + ", expected " + expected + " (the file was changed or corrupted)");
        }
    }

    private static Reader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream bytes = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            // REPORT rather than the default REPLACE: silently turning bad bytes into U+FFFD would make a corrupt
            // file look like a file with odd category names.
            return new InputStreamReader(
                    bytes,
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static DataException cannotRead(String name, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "file not found";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof ZipException || String.valueOf(e.getMessage()).contains("ZLIB")) {
            reason = "the gzip data is corrupt or cut short (" + e.getMessage() + ")";
        } else if (e.getMessage() == null) {
            reason = e.getClass().getSimpleName();
        } else {
            reason = e.getMessage();
        }
        return new DataException(name, 0, "cannot read: " + reason, e);
    }

    private static CsvTable parse(String name, Reader reader) throws IOException {
        CsvParser parser = new CsvParser(name, reader);
        CsvParser.Record header = parser.next();
        if (header == null) {
            throw new DataException(name, 0, "the file is empty (expected a header row)");
        }
        List<String> columns = new ArrayList<>(header.fields().size());
        for (int c = 0; c < header.fields().size(); c++) {
            String column = header.fields().get(c).strip();
            if (column.isEmpty()) {
                throw new DataException(name, header.line(), "column " + (c + 1) + " of the header has no name");
            }
            int previous = columns.indexOf(column);
            if (previous >= 0) {
                throw new DataException(
                        name,
                        header.line(),
                        "column " + DataException.quote(column) + " appears twice in the header (columns "
                                + (previous + 1) + " and " + (c + 1) + ")");
            }
            columns.add(column);
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (CsvParser.Record record = parser.next(); record != null; record = parser.next()) {
            if (record.fields().size() != columns.size()) {
                throw new DataException(
                        name,
                        record.line(),
                        record.fields().size() + " values, but the header has " + columns.size() + " columns");
            }
            String[] cells = new String[columns.size()];
            for (int c = 0; c < cells.length; c++) {
                String value = record.fields().get(c);
                cells[c] = !record.quoted(c) && isMissingToken(value) ? null : value;
            }
            rows.add(cells);
            lines.add(record.line());
        }
        if (rows.isEmpty()) {
            throw new DataException(name, 0, "no data rows after the header");
        }
        return new CsvTable(
                name, columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isMissingToken(String value) {
        return value.isBlank() || value.equals("NA");
    }
}
