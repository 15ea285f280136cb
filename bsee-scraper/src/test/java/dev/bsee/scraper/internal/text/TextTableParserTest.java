package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.DType;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.core.internal.ColumnBufferFull;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTableParserTest {

    static TextTableParser.Result parse(InputStream in, TableLayout layout) throws IOException {
        return new TextTableParser(layout, BufferAllocator.heap(), "a.zip", "e.txt",
                (rows, bytes) -> { }).parse(in);
    }

    static Table table(String text) throws IOException {
        return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), TableLayout.headerRow()).table();
    }

    /// Hands out at most `chunk` bytes per read, as a slow network stream does.
    static final class Trickle extends FilterInputStream {
        private final int chunk;

        Trickle(InputStream in, int chunk) {
            super(in);
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }
    }

    @Property(tries = 300)
    void readingInTinyPiecesGivesTheSameTable(@ForAll("seed") long seed, @ForAll @IntRange(min = 1, max = 7) int chunk)
            throws IOException {
        var testCase = dev.bsee.scraper.CsvTexts.next(new Random(seed));
        TableLayout layout = testCase.names().map(TableLayout::columnNames).orElse(TableLayout.headerRow());
        String whole = outcome(new ByteArrayInputStream(testCase.text()), layout);
        String trickled = outcome(new Trickle(new ByteArrayInputStream(testCase.text()), chunk), layout);
        assertThat(trickled).isEqualTo(whole);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seed() {
        return net.jqwik.api.Arbitraries.longs();
    }

    private static String outcome(InputStream in, TableLayout layout) throws IOException {
        try {
            TextTableParser.Result result = parse(in, layout);
            return result.charset() + " " + result.bytes() + "\n" + describe(result.table());
        } catch (SourceDataException e) {
            return e.problem() + " " + e.getMessage();
        }
    }

    private static String describe(Table table) {
        StringBuilder text = new StringBuilder(table.columnNames() + " " + table.dtypes() + " " + table.index() + "\n");
        for (int c = 0; c < table.columnCount(); c++) {
            for (int row = 0; row < table.rowCount(); row++) {
                text.append(table.column(c).format(row)).append('|');
            }
            text.append('\n');
        }
        return text.toString();
    }

    @Test
    void fieldsLongerThanTheReadBufferKeepEveryByte() throws IOException {
        String big = "x\"y".repeat(300_000);
        String text = "A,B\n\"" + big.replace("\"", "\"\"") + "\",1\nplain" + "z".repeat(700_000) + ",2\n";
        Table table = parse(new Trickle(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 70_000),
                TableLayout.headerRow()).table();
        assertThat(((ObjectColumn) table.column("A")).get(0)).isEqualTo(big);
        assertThat(((ObjectColumn) table.column("A")).get(1)).isEqualTo("plain" + "z".repeat(700_000));
        assertThat(table.column("B")).isEqualTo(Int64Column.of(1, 2));
    }

    @Test
    void errorsNameThePhysicalLineWhereTheRecordStarts() {
        assertThatThrownBy(() -> table("A,B\r\n\"multi\nline\",1\r\n\r\n3,4,5\r\n"))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.MALFORMED_ROW);
                    assertThat(e.line()).hasValue(5);
                    assertThat(e.getMessage()).isEqualTo("a.zip: e.txt: line 5: expected 2 fields, saw 3");
                });
        assertThatThrownBy(() -> table("A,B\n1,2\n\"open,3\n4\n"))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.UNTERMINATED_QUOTE);
                    assertThat(e.line()).hasValue(3);
                });
        assertThatThrownBy(() -> table("")).isInstanceOfSatisfying(SourceDataException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.EMPTY_TEXT));
    }

    /// Every line break counts, inside quotes as outside: `\r\n`, a lone `\n` and a lone `\r`, also
    /// when a buffer ends between the `\r` and the `\n`. A lone `\r` inside quotes was not counted.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "a,b\r\"x\ry\",1\r1,2,3\r",
            "a,b\n\"x\r\ny\",1\n1,2,3\n",
            "a,b\n\"x\r\"\"\ny\",1\n1,2,3\n",
            "a,b\n\"x\r\r\n\r\ny\",1\r\n\"\r\",2\n1,2,3\n",
            "a,b\n\"long field x\rand more text y\nz\",1\n1,2,3\n"})
    void errorLinesCountEveryLineBreakInsideQuotes(String text) {
        String before = text.substring(0, text.indexOf("1,2,3"));
        long expected = 1 + java.util.regex.Pattern.compile("\r\n|\r|\n").matcher(before).results().count();
        for (int chunk : new int[] {1, 2, 3, 7, 1 << 20}) {
            assertThatThrownBy(() -> parse(new Trickle(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), chunk),
                    TableLayout.headerRow())).as("chunk %d", chunk)
                    .isInstanceOfSatisfying(SourceDataException.class, e -> assertThat(e.line()).hasValue(expected));
        }
    }

    @Test
    void oneInvalidUtf8ByteAtTheEndMakesTheWholeTextIsoLatin1() throws IOException {
        byte[] text = "A,B\ncaf\u00c3\u00a9,1\nx,2\n\u00e9,3\n".getBytes(StandardCharsets.ISO_8859_1);
        TextTableParser.Result result = parse(new ByteArrayInputStream(text), TableLayout.headerRow());
        assertThat(result.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(result.table().column("A")).isEqualTo(ObjectColumn.of("caf\u00c3\u00a9", "x", "\u00e9"));
        TextTableParser.Result utf8 = parse(new ByteArrayInputStream("A\ncaf\u00e9\n".getBytes(StandardCharsets.UTF_8)),
                TableLayout.headerRow());
        assertThat(utf8.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(utf8.table().column("A")).isEqualTo(ObjectColumn.of("caf\u00e9"));
    }

    /// A byte order mark before a quote is read twice when the text is not UTF-8; whether it is
    /// UTF-8 is decided on the bytes as one stream, whatever pieces they arrive in (characters of two,
    /// three and four bytes split by every read size), and a character cut short by the end is not.
    @Test
    void aMarkBeforeAQuoteIsTextOnlyWhenTheWholeStreamIsNotUtf8() throws IOException {
        String utf8Text = "\ufeff\"A\",\"B\"\n\"caf\u00e9\",\"\u20ac\ud83d\ude00\"\n";
        byte[] utf8 = utf8Text.getBytes(StandardCharsets.UTF_8);
        byte[] cutShort = java.util.Arrays.copyOf(utf8, utf8.length + 1);
        cutShort[utf8.length] = (byte) 0xC3;
        for (int chunk = 1; chunk <= 8; chunk++) {
            TextTableParser.Result read = parse(new Trickle(new ByteArrayInputStream(utf8), chunk), TableLayout.headerRow());
            assertThat(read.charset()).as("chunk %d", chunk).isEqualTo(StandardCharsets.UTF_8);
            assertThat(read.table().columnNames()).containsExactly("A", "B");
            assertThat(read.table().column("B")).isEqualTo(ObjectColumn.of("\u20ac\ud83d\ude00"));

            TextTableParser.Result latin1 = parse(new Trickle(new ByteArrayInputStream(cutShort), chunk),
                    TableLayout.headerRow());
            assertThat(latin1.charset()).as("chunk %d", chunk).isEqualTo(StandardCharsets.ISO_8859_1);
            assertThat(latin1.bytes()).isEqualTo(cutShort.length);
            assertThat(latin1.table().columnNames()).containsExactly("\u00ef\u00bb\u00bf\"A\"", "B");
        }
    }

    /// Integers above `Long.MAX_VALUE`, none negative or missing: pandas' `uint64` (it was refused as
    /// a column a table cannot hold). With a negative or a missing cell beside them, text.
    @Test
    void integersAboveTheLongRangeAreUint64AsPandasReadsThem() throws Exception {
        Table table = table("A,BIG\n1,18446744073709551615\n2,9223372036854775808\n3, 7\n");
        assertThat(table.column("BIG")).isEqualTo(dev.bsee.core.UInt64Column.of(-1L, Long.MIN_VALUE, 7));
        assertThat(table.column("BIG").format(0)).isEqualTo("18446744073709551615");
        assertThat(table("BIG\n9223372036854775808\n-1\n").column("BIG").dtype()).isEqualTo(DType.OBJECT);
        assertThat(table("BIG,X\n9223372036854775808,1\n,2\n").column("BIG").dtype()).isEqualTo(DType.OBJECT);
    }


    /// True/False with missing cells is what pandas makes an object column of Python bools and NaN
    /// (it was refused as a column a table cannot hold).
    @Test
    void boolsWithMissingCellsAreAnObjectColumnOfBools() throws Exception {
        Table table = table("FLAG,N\nTrue,1\n,2\nNA,3\nfalse,4\n");
        assertThat(table.column("FLAG")).isInstanceOfSatisfying(ObjectColumn.class, flag -> {
            assertThat(flag.dtype()).isEqualTo(DType.OBJECT);
            assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(row -> flag.value(row).orElse(null)))
                    .containsExactly(true, null, null, false);
            assertThat(flag.isString(0)).isFalse();
            assertThat(flag.format(0)).isEqualTo("True");
        });
    }


    /// A column past what one buffer holds (2 GiB), while its text is kept or once it is typed (a
    /// column of one-digit numbers takes 8 bytes a value), is refused naming archive and entry; it
    /// failed with the buffer's own message alone, or as an internal error in a refresh.
    @Test
    void aColumnPastWhatOneBufferHoldsIsRefusedNamingTheEntry() {
        int limit = 4096;
        BufferAllocator small = new BufferAllocator() {
            @Override
            public GrowableBuffer allocate() {
                GrowableBuffer heap = BufferAllocator.heap().allocate();
                return new GrowableBuffer() {
                    private void room(long more) {
                        if (heap.size() + more > limit) {
                            throw new ColumnBufferFull(limit);
                        }
                    }

                    @Override
                    public void putByte(byte value) {
                        room(1);
                        heap.putByte(value);
                    }

                    @Override
                    public void putLong(long value) {
                        room(8);
                        heap.putLong(value);
                    }

                    @Override
                    public void put(byte[] source, int offset, int length) {
                        room(length);
                        heap.put(source, offset, length);
                    }

                    @Override
                    public long size() {
                        return heap.size();
                    }

                    @Override
                    public java.nio.ByteBuffer seal() {
                        return heap.seal();
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        for (String text : List.of("A\n" + "abcdefgh\n".repeat(1000), "A\n" + "7\n".repeat(1000))) {
            assertThatThrownBy(() -> new TextTableParser(TableLayout.headerRow(), small, "a.zip", "e.txt", (rows, bytes) -> { })
                    .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))))
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
                        assertThat(e.getMessage()).contains("a.zip", "e.txt", "a column needs more than 4,096 bytes",
                                "too large to convert");
                    });
        }
    }

    @Test
    void integersWithMissingValuesBecomeDoublesByCastLikePandas() throws IOException {
        Table table = table("A\n9007199254740993\n\n-9223372036854775808\nNA\n7\n");
        assertThat(table.dtypes()).containsExactly(DType.FLOAT64);
        // The cast rounds 2^53 + 1 to even; pandas also turns the int64 minimum into NaN because it
        // marks missing integers with that value.
        assertThat(table.column("A")).isEqualTo(Float64Column.of(9007199254740992.0, Double.NaN, Double.NaN, 7.0));
    }

    /// Progress goes forward to the whole text, also for a text read twice (a byte order mark before a
    /// quote, in text that turns out ISO-8859-1 on its last line).
    @Test
    void progressIsReportedForLargeTexts() throws IOException {
        StringBuilder text = new StringBuilder("A,B\n");
        for (int i = 0; i < 1_200_000; i++) {
            text.append(i).append(",abcdefgh\n");
        }
        String readTwice = "\u00ef\u00bb\u00bf\"A\"" + text.substring(1) + "1,\u00e9\n";
        for (String each : List.of(text.toString(), readTwice)) {
            List<long[]> updates = new ArrayList<>();
            new TextTableParser(TableLayout.headerRow(), BufferAllocator.heap(), null, null,
                    (rows, bytes) -> updates.add(new long[] {rows, bytes}))
                    .parse(new ByteArrayInputStream(each.getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(updates.size()).isGreaterThanOrEqualTo(2);
            assertThat(updates.getLast()[0]).isGreaterThanOrEqualTo(1_200_000);
            assertThat(updates.getLast()[1]).isEqualTo(each.length());
            for (int i = 1; i < updates.size(); i++) {
                assertThat(updates.get(i)[1]).isGreaterThanOrEqualTo(updates.get(i - 1)[1]);
            }
        }
    }

    @Test
    void duplicateHeaderlessNamesAreRefusedLikePandas() {
        assertThatThrownBy(() -> new TextTableParser(TableLayout.columnNames(List.of("A", "A")), BufferAllocator.heap(),
                null, null, (r, b) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
    }

    @Test
    void namesOrHeaderTakesAFirstRecordOfExactlyTheNamesAsTheHeaderAndAnythingElseAsData() throws IOException {
        TableLayout layout = TableLayout.columnNamesOrHeader(List.of("A", "B"));
        TableLayout strict = TableLayout.columnNames(List.of("A", "B"));
        byte[] withHeader = "\uFEFF\"A\",B\r\n1,x\r\n2,y\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] without = "1,x\r\n2,y\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] nearMiss = "A,b\r\n1,x\r\n".getBytes(StandardCharsets.UTF_8);

        Table header = parse(new ByteArrayInputStream(withHeader), layout).table();
        assertThat(header.columnNames()).containsExactly("A", "B");
        assertThat(header.rowCount()).isEqualTo(2);
        assertThat(header.dtypes()).containsExactly(DType.INT64, DType.OBJECT);
        // The same text strictly headerless keeps the names as a record.
        assertThat(parse(new ByteArrayInputStream(withHeader), strict).table().rowCount()).isEqualTo(3);
        assertThat(parse(new ByteArrayInputStream(without), layout).table())
                .isEqualTo(parse(new ByteArrayInputStream(without), strict).table());
        assertThat(parse(new ByteArrayInputStream(nearMiss), layout).table().rowCount()).isEqualTo(2);
        // Only the header: no rows, the names as columns.
        Table onlyHeader = parse(new ByteArrayInputStream("A,B\n".getBytes(StandardCharsets.UTF_8)), layout).table();
        assertThat(onlyHeader.rowCount()).isZero();
        assertThat(onlyHeader.columnNames()).containsExactly("A", "B");
        // A later record equal to the names is data, as pandas reads it.
        Table later = parse(new ByteArrayInputStream("1,x\nA,B\n".getBytes(StandardCharsets.UTF_8)), layout).table();
        assertThat(later.rowCount()).isEqualTo(2);
    }
}
