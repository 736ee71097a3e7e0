package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsHeaderRowsAndLineNumbers() throws IOException {
        CsvTable table = CsvReader.read(write("plain.csv", "a,b,c\n1,2,3\n4,5,6\n"));
        assertEquals(List.of("a", "b", "c"), table.columns());
        assertEquals(2, table.rowCount());
        assertEquals("5", table.cell(1, 1));
        assertEquals(2, table.line(0));
        assertEquals(3, table.line(1));
        assertTrue(table.source().endsWith("plain.csv"));
    }

    @Test
    void handlesCommasQuotesAndNewlinesInsideQuotedFields() throws IOException {
        String text = "id,text,n\n"
                + "1,\"hello, world\",2\n"
                + "2,\"she said \"\"hi\"\"\",3\n"
                + "3,\"two\nlines\nhere\",4\n"
                + "4,after,5\n";
        CsvTable table = CsvReader.read(write("quotes.csv", text));
        assertEquals(4, table.rowCount());
        assertEquals("hello, world", table.cell(0, 1));
        assertEquals("she said \"hi\"", table.cell(1, 1));
        assertEquals("two\nlines\nhere", table.cell(2, 1));
        assertEquals("4", table.cell(2, 2));
        assertArrayEquals(
                new int[] {2, 3, 4, 7}, new int[] {table.line(0), table.line(1), table.line(2), table.line(3)});
    }

    @Test
    void countsLinesAfterAMultiLineFieldInErrors() throws IOException {
        Path file = write("multi.csv", "a,b\n1,\"x\ny\"\n2\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertEquals(4, e.line());
        assertTrue(
                e.getMessage().endsWith("multi.csv: line 4: 1 values, but the header has 2 columns"), e.getMessage());
    }

    @Test
    void acceptsCrlfLineEndingsAndNoTrailingNewline() throws IOException {
        CsvTable table = CsvReader.read(write("crlf.csv", "a,b\r\n1,\"p\r\nq\"\r\n3,4"));
        assertEquals(2, table.rowCount());
        assertEquals("p\r\nq", table.cell(0, 1));
        assertEquals("4", table.cell(1, 1));
        assertEquals(4, table.line(1));
    }

    @Test
    void treatsEmptyCellsAndUnquotedNaAsMissingButKeepsQuotedOnes() throws IOException {
        CsvTable table = CsvReader.read(write("missing.csv", "a,b,c,d\n,NA,\"\",\"NA\"\n1,2,3,\n"));
        assertNull(table.cell(0, 0));
        assertNull(table.cell(0, 1));
        assertEquals("", table.cell(0, 2));
        assertEquals("NA", table.cell(0, 3));
        assertTrue(table.isMissing(1, 3));
        assertFalse(table.isMissing(1, 2));
    }

    @Test
    void stripsAUtf8ByteOrderMarkAndReadsUtf8() throws IOException {
        Path file = dir.resolve("bom.csv");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "name,city\nJosé,Zürich\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        Files.write(file, all);
        CsvTable table = CsvReader.read(file);
        assertEquals(List.of("name", "city"), table.columns());
        assertEquals("Zürich", table.cell(0, 1));
    }

    @Test
    void readsGzipCompressedFilesTransparently() throws IOException {
        Path file = dir.resolve("small.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("x,y\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        }
        CsvTable table = CsvReader.read(file);
        assertEquals(2, table.rowCount());
        assertEquals("3", table.cell(1, 0));
    }

    @Test
    void skipsBlankLines() throws IOException {
        CsvTable table = CsvReader.read(write("blank.csv", "a,b\n1,2\n\n3,4\n\n"));
        assertEquals(2, table.rowCount());
        assertEquals(4, table.line(1));
    }

    @Test
    void reportsAMissingFileAsFileNotFound() {
        Path file = dir.resolve("absent.csv");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertEquals(file + ": cannot read: file not found", e.getMessage());
        assertEquals(0, e.line());
        assertEquals(file.toString(), e.file());
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path file = write("empty.csv", "");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertEquals(file + ": the file is empty (expected a header row)", e.getMessage());
    }

    @Test
    void rejectsAHeaderWithoutDataRows() throws IOException {
        Path file = write("x.csv", "a,b\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertEquals(file + ": no data rows after the header", e.getMessage());
    }

    @Test
    void rejectsRaggedRowsNamingTheLine() throws IOException {
        Path file = write("digits.csv", "a,b,c\n1,2,3\n4,5,6\n7,8\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertEquals(file + ": line 4: 2 values, but the header has 3 columns", e.getMessage());
        assertEquals(4, e.line());
    }

    @Test
    void rejectsAnUnclosedQuoteNamingWhereItStarts() throws IOException {
        Path file = write("open.csv", "a,b\n1,2\n3,\"never\nclosed\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("never closed"), e.getMessage());
    }

    @Test
    void rejectsTextAfterAClosingQuote() throws IOException {
        Path file = write("after.csv", "a,b\n1,\"x\"y\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertEquals(2, e.line());
    }

    @Test
    void rejectsDuplicateAndUnnamedHeaderColumns() throws IOException {
        Path twice = write("twice.csv", "a,b,a\n1,2,3\n");
        assertEquals(
                twice + ": line 1: column 'a' appears twice in the header (columns 1 and 3)",
                assertThrows(DataException.class, () -> CsvReader.read(twice)).getMessage());
        Path unnamed = write("unnamed.csv", "a,,c\n1,2,3\n");
        assertEquals(
                unnamed + ": line 1: column 2 of the header has no name",
                assertThrows(DataException.class, () -> CsvReader.read(unnamed)).getMessage());
    }

    @Test
    void rejectsInvalidUtf8() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "a,b\n1,Z\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1));
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(file));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void computesAndVerifiesSha256() throws IOException {
        Path file = write("abc.csv", "abc");
        // The SHA-256 of "abc" is the FIPS 180-2 test vector.
        String expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(expected, CsvReader.sha256(file));
        CsvReader.verifySha256(file, expected.toUpperCase(java.util.Locale.ROOT));
        String wrong = "0".repeat(64);
        DataException e = assertThrows(DataException.class, () -> CsvReader.verifySha256(file, wrong));
        assertEquals(
                file + ": sha256 is " + expected + ", expected " + wrong + " (the file was changed or corrupted)",
                e.getMessage());
    }

    @Test
    void messagesStayOnOneLine() {
        DataException e = new DataException("f.csv", 3, "got " + DataException.quote("two\nlines"));
        assertEquals("f.csv: line 3: got 'two\\nlines'", e.getMessage());
    }
}
