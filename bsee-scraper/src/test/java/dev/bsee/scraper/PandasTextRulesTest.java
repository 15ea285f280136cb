package dev.bsee.scraper;

import dev.bsee.core.peer.PandasPeer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// Each rule of `docs/text-parsing.md` as a small text, read by Java and by both pandas peers in one
/// batch per peer. pandas 2.2 (the Python system's pandas) must agree on every text; pandas 1.5 on
/// every text except those listed as differing between the two pandas versions, where it must
/// differ (so the list stays true).
class PandasTextRulesTest {

    private static final List<String> XYZ = List.of("x", "y", "z");

    /// Texts on which pandas 1.5 and 2.2 disagree: `None` is missing only in 2.x, an empty frame
    /// has an object `Index` in 1.5 but a `RangeIndex` in 2.x, and 1.5 refuses a headerless text whose
    /// only row is shorter than the names ("Too many columns specified") where 2.x pads it; with
    /// missing cells, 1.5 makes NaN of every integer that rounds to -2^63 as a double, 2.x only of
    /// -2^63 itself. Which short rows of headerless text fill pandas' token buffers differs too: 2.x
    /// pads the first row to the names before its first call ends, 1.5 after.
    static List<PandasComparison.Case> versionSensitive() {
        return List.of(
                headerless("a,b\n1,2\n3,4\n4,5\n5,6\n6,7\n", names(19)),
                header("a,b\nNA,None\n1,2\n"),
                header("a,b\nNAN,N/a\nNone,x\n"),
                header("a,b\n"),
                header("a,b"),
                header("a\n\n\n"),
                headerless("", XYZ),
                headerless("\n\n", XYZ),
                headerless("1,2\n", XYZ),
                headerless("NA\r\n", XYZ),
                header("a,b\n-9223372036854775807,1\n,2\n"),
                header("a,b\n-9223372036854775296,1\n,2\n"));
    }

    static List<PandasComparison.Case> common() {
        return List.of(
                // types
                header("a,b\n1,2\n3,4\n"),
                header("a,b\n 00016, x \n 17 ,y\n"),
                header("a,b\n\"1\",\"2.5\"\n\"3\",\" 4 \"\n"),
                header("a,b\n1\t,1\n\t2,2\n"),
                header("a,b\n1\u000b,1\n\u000c2,2\n"),
                header("a,b\n1e5,inf\n-Infinity,+inf\n"),
                header("a,b\ninf,1\n-INF,2\nINFINITY,3\n+Infinity,4\n"),
                header("a,b\ninf,1\nNA,2\n"),
                header("a,b\n inf,x\n2,y\n"),
                header("a,b\n+5,-0\n+,x\n"),
                header("a,b\n.5,5.\n1E-5,-.5e+3\n"),
                header("a,b\n 1.5 ,x\n 2 ,y\n"),
                header("a,b\n1.,1\n-.,2\n"),
                header("a,b\n.,1\n2,2\n"),
                header("a,b\n1e,1\n2,2\n"),
                header("a,b\n1e+,1\n2,2\n"),
                header("a,b\n1e400,1\n2,2\n"),
                header("a,b\n2e308,1\n2,2\n"),
                header("a,b\n1e308,1\n2,2\n"),
                header("a,b\n1.7976931348623157e308,1\n2,2\n"),
                header("a,b\n0e400,1\n2,2\n"),
                header("a,b\n1e-400,1\n2,2\n"),
                header("a,b\n1e-330,1\n-1e-700,2\n"),
                header("a,b\n4.9e-324,1\n2.2250738585072014e-308,2\n"),
                header("a,b\n1e000000000000000001,1\n2,2\n"),
                header("a,b\n1e00000000000000001,1\n2,2\n"),
                header("a,b\n1e99999999999,1\n2,2\n"),
                header("a,b\n0.1234567890123456789,1\n123456789012345678901234567890,2\n"),
                header("a,b\n0.1,0.2\n0.3,1.1\n2.675,9.995\n"),
                header("a,b\n9007199254740993,1\n,2\n"),
                header("a,b\n9007199254740993.0,1\n1,2\n"),
                header("a,b\n9223372036854775807,1\n-9223372036854775808,2\n"),
                header("a,b\n-9223372036854775808,1\n,2\n"),
                header("a,b\n9223372036854775807,1\n9223372036854775808,2\n"),
                header("a,b\n18446744073709551615,1\n18446744073709551616,2\n"),
                // uint64: integers above int64, none negative or missing; as an implied index too
                header("a,b\n9223372036854775808,1\n18446744073709551615,2\n0,3\n"),
                header("a,b\n 9223372036854775808 ,1\n+5,2\n"),
                header("x\n18446744073709551615,1\n7,2\n"),
                header("a,b\n9223372036854775808,1\n-1,2\n"),
                header("a,b\n9223372036854775808,1\n,2\n"),
                header("a,b\n9223372036854775808,1\nNA,2\n"),
                header("a,b\n9223372036854775808,1\n-1,2\n"),
                header("a,b\n9223372036854775808,1\n1.5,2\n"),
                header("a,b\n-9223372036854775809,1\n5,2\n"),
                header("a,b\n99999999999999999999x,1\n2,2\n"),
                header("a,b\n12345678901234567890x,1\n2,2\n"),
                header("a,b\n-abc,1\n9223372036854775808,2\n"),
                header("a,b\n-99999999999999999999,1\n2,2\n"),
                header("a,b\nTrue,1\nfalse,2\n"),
                header("a,b\ntRuE,1\nFALSE,2\n"),
                header("a,b\nTrue,1\n,2\n"),
                // bools with missing cells of each kind: an object column of Python bools and NaN
                header("a,b,c\nTRUE,NA,x\nnull,false,\nFalse,N/A,y\nNaN,true,z\n"),
                header("a,b\nTrue,\n,False\n"),
                // more fields than header names: the leading ones become an implicit index, here a
                // level of a bool and a missing value (object)
                header("x\n\"c0\",\"\",\"c2\"\n-5,TRUE,F\n"),
                header("a,b\nTrue,1\n1,2\n"),
                header("a,b\n True,1\nFalse,2\n"),
                // missing values
                header("a,b\n NA,NA \n1,2\n"),
                header("a,b\nnan,-nan\n1,2\n"),
                header("a,b,c\n#N/A,#N/A N/A,#NA\n-1.#IND,-1.#QNAN,-NaN\n1.#IND,1.#QNAN,<NA>\nN/A,NULL,NaN\nn/a,null,x\n"),
                header("a,b\n,\n,\n"),
                // quoting and fields
                header("a,b\n\"ab\"cd,x\"y\"z\n1,2\n"),
                header("a,b\n\"line\nbreak\",x\r\n\"q\"\"uote\",y\r\n"),
                header("a,b\n\"x\" ,3\n"),
                header("a,b\n \"x\",3\n"),
                header("a,b\n\"\",\"\"\n1,2\n"),
                header("a,b\n\"a,b\",\"c\r\nd\"\n1,2\n"),
                header("SIZE,B\n\"7\"\"\",\"1\"\"2\"\n\"12\"\"\",\"\"\"3\"\n\"9\"\"\",4\n"),
                header("A\n\"1\"2\n\"3\"\n"),
                // lines
                header("a,b\n1,2\n\n3,4\n"),
                header("a,b\n1,2\n  \n3,4\n"),
                header("a,b\n1,2\n\t\n3,4\n"),
                header("a,b\n1,2\n\"\"\n3,4\n"),
                header("a,b\n1,2\n   ,  \n"),
                header("a,b\r1,2\r3,4\r"),
                header("a,b\n1,2\n\r\n3,4\r\n"),
                header("a,b\r\n1,2\r\r\n3,4"),
                header("a,b\r\r,5\r"),
                header("\n\na,b\n1,2\n"),
                header("a\n1\n\n\n2\n"),
                header("a,b\n1,2\n3"),
                header("a,b\n1,2\n,"),
                header("a,b\n1,2\n,\n"),
                header("a,b\n1,2,"),
                // field counts
                header("a,b,c\n1,2\n3,4,5\n"),
                header("a,b,c\n1\n3,4,5\n"),
                header("a,b,c\n1,2,3\n4,5\n6\n"),
                header("a,b\n1,2\n4,5,6\n"),
                header("a,b\n1,2\n4,5,\n"),
                header("a,b\n1,2\n3,4,,\n"),
                header("a,b\n1,2\n3,4\n5,6,7\n"),
                header("a,b\n1,2,3\n4,5,6\n"),
                header("a,b\n1,2,\n4,5,\n"),
                header("a,b\n1,2,3\n4,5\n"),
                header("a,b\n1,2,3\n4,5,6,7\n"),
                header("a,b\nx,2,3\ny,5\n"),
                header("a,b\n1,2,3,4\n5,6,7,8\n"),
                header("a,b\n1,2,3\nNA,5,6\n"),
                header("a,b\n1,2\n3,\"4"),
                header("a,b\n1,2\n\"3,4,5\n"),
                header(""),
                header("\n\n  \n"),
                // header names
                header("a,a,b,,a.1\n1,2,3,4,5\n"),
                header("a,a.1,a\n1,2,3\n"),
                header("a,a,a.1\n1,2,3\n"),
                header(",,\n1,2,3\n"),
                header("a,,a\n1,2,3\n"),
                header("Unnamed: 1,,\n1,2,3\n"),
                header(" a , b \n1,2\n"),
                header("1,2.5,NA\nx,y,z\n"),
                // charsets
                header("\u00ef\u00bb\u00bfa,b\n1,2\n"),
                header("\u00ef\u00bb\u00bfa,b\n1,\u00a0\n"),
                header("a,b\n1,\u00a0\n"),
                header("a,\u00e9\n1,2\n"),
                header("a,b\n1,\u00c3\u00a9\n"),
                header("a,b\n1,\u00ed\u00a0\u0080\n"),
                header("a,b\n1,\u00c0\u0080\n"),
                header("a,b\n1,\u00f4\u0090\u0080\u0080\n"),
                header("a,b\n1,\u00f0\u009f\u0098\u0080\n"),
                header("a,b\n\u00e9,\u00f0\u009f\u0098\u0080\n"),
                // a quote inside a UTF-8 sequence: pandas decodes the bytes as a whole, not field by field
                header("a,b\n1,\"\u00c3\"\u00a9\n"),
                header("a,b\n1,\"\u00e2\u0082\"\u00ac\n"),
                header("a,b\n1,\"\u00c3\"\"\u00a9\"\n"),
                // a byte order mark before a quote, a line end or white space, in text that is not UTF-8:
                // pandas reads the mark as three characters of text, before which a quote is text too
                header("\u00ef\u00bb\u00bf\"a\",\"b\"\r\n\"1\",\"\u00a0\"\r\n"),
                header("\u00ef\u00bb\u00bf\"a\"\n\"caf\u00e9\"\n"),
                header("\u00ef\u00bb\u00bf\"a\"\"x\"y,b\n1,\u00e9\n"),
                header("\u00ef\u00bb\u00bf\"a,x\",b\n1,\u00e9,2\n"),
                header("\u00ef\u00bb\u00bf\"a\nx\",b\n1,\u00e9\n"),
                header("\u00ef\u00bb\u00bf\"a,b\n1,\u00e9\n"),
                header("\u00ef\u00bb\u00bf\na,b\n1,\u00e9\n"),
                header("\u00ef\u00bb\u00bf\r\na,b\r\n1,\u00e9\r\n"),
                header("\u00ef\u00bb\u00bf\r,a,b\r1,2,\u00e9\r"),
                header("\u00ef\u00bb\u00bf  \na,b\n1,\u00e9\n"),
                header("\u00ef\u00bb\u00bf\t a,b\n1,\u00e9\n"),
                header("\u00ef\u00bb\u00bf\"a\",\"b\"\n1,2\n"),
                header("\u00ef\u00bb\u00bf\"a,x\",b\n1,2\n"),
                header("\u00ef\u00bb\u00bf\na,b\n1,2\n"),
                // ... whose UTF-8 reading refuses a row: pandas decodes ahead of its tokenizer, so a byte
                // that is not UTF-8 near the row makes it fall back first; one a megabyte on, too late
                header(markThenRefusedRow("2,\u00e9\r\n", "")),
                header(markThenRefusedRow("2,3\r\n", "\"\u00e9\",\"y\"\r\n")),
                // short rows padded beyond the room pandas kept in its token buffers: refused (5 rows),
                // or not (4 rows, 10 rows)
                header(wideHeader(19) + "1,1\n".repeat(5)),
                header(wideHeader(19) + "1,1\n".repeat(4)),
                header(wideHeader(19) + "1,1\n".repeat(10)),
                header(wideHeader(19) + "1,2,3,4,5\n".repeat(10)),
                // a NUL byte in a data field: pandas' string of the field ends there
                header("a,b\nab\u0000cd,1\n"),
                header("a,b\n12\u00003,1\n2,2\n"),
                header("a,b\n\u0000x,1\n"),
                header("a,b\n\"a\u0000b\",1\n"),
                header("a,b\n\"x\"\u0000y,1\n"),
                header("a,b\n\"5\u0000\n\",z\n"),
                header("a,b\n1,2\n\u0000\u0000\u0000\n"),
                header("a,b\n1,2\n\u0000\u0000\u0000"),
                header("a,b\n1.5\u0000,2\n3,4\n"),
                header("a,b\n1,2\u0000,\n"),
                header("a,b\nNA\u0000x,1\nTrue\u0000,2\n"),
                header("a,b\nTrue\u0000x,1\nFalse,2\n"),
                header("a,b\n  \u0000,1\n \u00007,2\n"),
                header("a,b\n1,x\u0000\u00e9\n"),
                header("a,b\n1,\u00e9\u0000\u00c3\u00a9\n"),
                header("a,b\n1,\u00c3\u00a9\u0000\u00e9\n"),
                header("a,b\n1,\u00002\n3\u0000,x\u0000y\n\"5\u0000\n\",z\n"),
                headerless("1\u0000,2,3\n\u0000,5,6\n", XYZ),
                // a UTF-16 byte order mark before text without NULs beside its characters: no UTF-16,
                // read as ISO-8859-1 (the mark is `ÿþ`), a NUL in a data field cut as in any text
                header("\u00ff\u00feA,B\n1,\u00002\n"),
                header("\u00ff\u00feA\n\u0000\n"),
                header("\u00fe\u00ffA\nx\u0000\n"),
                header("\u00ff\u00feA,B\n" + "1,2\n".repeat(1000) + "3,\u0000\n"),
                // headerless
                headerless("1,2,3\n4,5,6\n", XYZ),
                headerless("1,2\n4,5,6\n", XYZ),
                headerless("1,2\n4,5\n", XYZ),
                headerless("1,2,3,4\n4,5,6,7\n", XYZ),
                headerless("1,2,3\n4,5,6,7\n", XYZ),
                headerless("\u00ef\u00bb\u00bf1,2,3\n", XYZ),
                headerless("\u00ef\u00bb\u00bf1,2,3\n\u00e9,1,2\n", XYZ),
                headerless("\u00ef\u00bb\u00bf\" 00016\",\"x\",\"\u00e9\"\r\n\" 00017\",\"y\",\"z\"\r\n", XYZ),
                headerless("\u00ef\u00bb\u00bf\r\n\"1\",\"2\",\"\u00e9\"\r\n", XYZ),
                headerless("\" 00016\",\" E002\",\"202401\"\r\n\" 00016\",\"\",\"202402\"\r\n", XYZ));
    }

    @Test
    void pandas22AgreesOnEveryRule() {
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            List<PandasComparison.Case> cases = Stream.concat(common().stream(), versionSensitive().stream()).toList();
            List<PandasComparison.Outcome> outcomes = PandasComparison.compare(peer, cases);
            assertThat(outcomes).hasSize(cases.size());
            List<PandasComparison.Outcome> disagreeing = outcomes.stream().filter(o -> !o.agrees()).toList();
            assertThat(disagreeing).as("texts Java reads differently from %s", peer).isEmpty();
            assertThat(outcomes.stream().filter(PandasComparison.Outcome::equal).count())
                    .as("texts both read into the same frame").isGreaterThan(cases.size() * 3 / 4);
        }
    }

    @Test
    void pandas15AgreesExceptWhereTheVersionsDiffer() {
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS15)) {
            List<PandasComparison.Outcome> common = PandasComparison.compare(peer, common());
            assertThat(common.stream().filter(o -> !o.agrees()).toList())
                    .as("texts Java reads differently from %s", peer).isEmpty();
            List<PandasComparison.Outcome> sensitive = PandasComparison.compare(peer, versionSensitive());
            assertThat(sensitive.stream().filter(PandasComparison.Outcome::agrees).toList())
                    .as("texts listed as version-sensitive that %s reads like pandas 2.2", peer).isEmpty();
        }
    }

    /// Short rows of a wide table: pandas pads each with empty fields beyond the room it kept in its
    /// token buffers for the rest of its read chunk, and refuses the text ("Buffer overflow caught")
    /// when the next field finds them full, which depends on the exact counts. Java read every such
    /// text into a frame; now it replays the buffers and refuses what pandas refuses, and nothing else.
    /// Generated texts of short rows under headers of 3 to 40 names (or the 19 production names,
    /// headerless), in UTF-8 and ISO-8859-1, with and without a byte order mark, each line end.
    @Test
    void shortRowsThatFillPandasTokenBuffersAreRefusedAsPandasRefusesThem() {
        Random random = new Random(20261205);
        List<PandasComparison.Case> cases = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            cases.add(shortRows(random));
        }
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            List<PandasComparison.Outcome> outcomes = PandasComparison.compare(peer, cases);
            assertThat(outcomes.stream().filter(o -> !o.agrees()).toList())
                    .as("texts Java reads differently from %s", peer).isEmpty();
            assertThat(outcomes.stream().filter(o -> o.pandasError().orElse("").contains("Buffer overflow caught")))
                    .as("texts pandas refuses for its token buffers").hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(o -> assertThat(o.javaError()).hasValueSatisfying(e -> {
                        assertThat(e.problem()).isEqualTo(SourceDataException.Problem.MALFORMED_ROW);
                        assertThat(e.getMessage()).contains("Buffer overflow caught").contains("line ");
                    }));
        }
    }

    private static PandasComparison.Case shortRows(Random random) {
        boolean headerRow = random.nextInt(5) < 3;
        int columns = headerRow ? 3 + random.nextInt(38) : 19;
        String[] values = {"x", "xx", "", "\u00e9", "1", "caf\u00e9x", "\"q\"", "\"a,b\""};
        List<String> lines = new ArrayList<>();
        if (headerRow) {
            lines.add(wideHeader(columns).strip());
        }
        int rows = 10 + random.nextInt(60);
        for (int r = 0; r < rows; r++) {
            int width = random.nextInt(5) < 4 ? 1 + random.nextInt(Math.min(3, columns)) : columns;
            if (r == 0 && random.nextInt(10) == 0) {
                width = columns + 1 + random.nextInt(3);
            }
            List<String> fields = new ArrayList<>();
            for (int f = 0; f < width; f++) {
                fields.add(values[random.nextInt(values.length)]);
            }
            lines.add(String.join(",", fields));
        }
        String end = List.of("\n", "\r\n", "\r", "\n").get(random.nextInt(4));
        String text = String.join(end, lines) + (random.nextInt(5) < 4 ? end : "");
        byte[] bytes = text.getBytes(random.nextInt(10) < 3 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (random.nextInt(10) == 0) {
            bytes = CsvTexts.withByteOrderMark(bytes);
        }
        return headerRow ? PandasComparison.Case.header(bytes)
                : PandasComparison.Case.headerless(bytes, names(columns));
    }

    /// A header row of `columns` names, `h0,h1,...`, with its line end.
    private static String wideHeader(int columns) {
        return String.join(",", names(columns)) + "\n";
    }

    private static List<String> names(int columns) {
        return IntStream.range(0, columns).mapToObj(i -> "h" + i).toList();
    }

    /// A line of spaces or tabs that is not blank after all, after a line a lone `\r` ended: pandas
    /// reads the text again from the last `\n`, shifting fields or repeating records (a header read
    /// again as a row). Java read it once and gave another frame; now it refuses such text, and reads
    /// every other text with lone `\r` line ends as pandas does.
    @Test
    void textPandasReadsAgainFromTheLastLineFeedIsRefused() {
        List<PandasComparison.Case> readAgain = List.of(header("A,B,C\n1,2,3\n\r, x,q\n"), header("A,B,C\n\r,\tx,q\n"),
                header("1,b,a\n\r, ,\"q\""), header("A,B\r 1,2\r3,4\r"), header("A,B\n\"x\ny\",2\r z,w\n"));
        List<PandasComparison.Case> readOnce = List.of(header("A,B,C\n1,2,3\n\r,x,q\n"), header("A,B\r1,2\r3,4\r"),
                header("A,B\n1,2\r  \r3,4\n"), header("A,B\r\n 1,2\r\n"), header("A,B\n1,2\r\n \t\n3,4\n"),
                header("A,B\n1,2\r,3\n"));
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            assertThat(PandasComparison.compare(peer, readAgain)).allSatisfy(outcome -> {
                assertThat(outcome.pandasError()).as(outcome.toString()).isEmpty();
                assertThat(outcome.javaError()).as(outcome.toString()).hasValueSatisfying(e -> {
                    assertThat(e.problem()).isEqualTo(SourceDataException.Problem.MALFORMED_ROW);
                    assertThat(e.getMessage()).contains("lone carriage return");
                });
            });
            assertThat(PandasComparison.compare(peer, readOnce)).allSatisfy(outcome ->
                    assertThat(outcome.equal()).as(outcome.toString()).isTrue());
        }
    }

    /// A line that starts with spaces or tabs and is not blank: pandas reads it again from its start,
    /// but not from before the start of the 262,144-character chunk its tokenizer is in, so the
    /// spaces before a chunk's start are lost (and with all of them lost, a quote or a comma after
    /// them starts a quoted or an empty field). Chunks count characters: a two-byte character moves
    /// the boundary in UTF-8, not in ISO-8859-1. Java kept every space: other strings, and a column of
    /// numbers with one blank cell read as text.
    @Test
    void spacesBeforeTheStartOfPandasChunkAreLost() {
        int chunk = 262_144;
        String ascii = "A,B\n";
        List<PandasComparison.Case> cases = new ArrayList<>();
        for (int spacesBefore : new int[] {1, 2, 3}) {
            for (String after : new String[] {" y,1\n", "y,1\n", "\"y,z\",1\n", ",1\n", "\t7,1\n"}) {
                cases.add(spacesAt(ascii, chunk, spacesBefore, after, "", false, true));
            }
        }
        // the second chunk's start; one blank cell of a number column (pandas: float64)
        cases.add(spacesAt(ascii, 2 * chunk, 2, "x,1\n", "", false, true));
        cases.add(spacesAt(ascii, chunk, 1, ",5\n2,2\n", "", false, true));
        // a line within one chunk, and one starting at a chunk's start, keep their spaces
        cases.add(spacesAt(ascii, chunk + 4, 2, "y,1\n", "", false, true));
        cases.add(spacesAt(ascii, chunk, 0, "  y,1\n", "", false, true));
        // rows of a two-byte character: the chunk starts later in the bytes of UTF-8 text; in
        // ISO-8859-1 text (a byte that is not UTF-8 before the line) each byte is a character
        cases.add(spacesAt(ascii, chunk, 2, "y,1\n", "", true, true));
        cases.add(spacesAt(ascii + "\u00e9,0\n", chunk, 2, "y,1\n", "", true, false));
        // a byte order mark is one character of pandas' UTF-8 text
        cases.add(spacesAt("\u00ef\u00bb\u00bf" + ascii, chunk, 2, "y,1\n", "", true, true));
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            assertThat(PandasComparison.compare(peer, cases)).allSatisfy(outcome ->
                    assertThat(outcome.equal()).as(outcome.toString()).isTrue());
            // Where the chunk starts hangs on the charset, which a byte after the line decides: refused.
            PandasComparison.Case laterLatin1 = spacesAt(ascii, chunk, 2, "y,1\n", "\u00e9,9\n", true, true);
            assertThat(PandasComparison.compare(peer, List.of(laterLatin1))).singleElement().satisfies(outcome -> {
                assertThat(outcome.pandasError()).as(outcome.toString()).isEmpty();
                assertThat(outcome.javaError()).as(outcome.toString()).hasValueSatisfying(e ->
                        assertThat(e.getMessage()).contains("262,144-character chunks"));
            });
        }
    }

    /// Until a first line has ended, pandas' tokenizer drops a UTF-8 byte order mark at the start of
    /// each 262,144-character chunk it reads, whatever field or quote the mark falls in: a header row
    /// longer than a chunk lost it there in pandas, and Java kept it in the name. A mark at a chunk's
    /// start after the first line is text in both; in text that is not UTF-8 (where pandas keeps the
    /// mark's three characters), such a dropped mark is refused.
    @Test
    void aByteOrderMarkWherePandasChunkOfTheFirstLineStartsIsDropped() {
        int chunk = 262_144;
        String mark = "\u00ef\u00bb\u00bf";
        String twoByte = "\u00c3\u00a9";
        List<PandasComparison.Case> cases = List.of(
                // inside a name, between names (a quote after it then opens a quoted name), inside quotes
                header("a" + "x".repeat(chunk - 1) + mark + "y,b\n1,2\n"),
                header("a" + "x".repeat(chunk - 2) + "," + mark + "\"q,r\",b\n1,2,3\n"),
                header("\"a" + "x".repeat(chunk - 2) + mark + "y\n\",b\n1,2\n"),
                // the text's own mark counts as a character; so does a two-byte character
                header(mark + "a" + "x".repeat(chunk - 2) + mark + "y,b\n1,2\n"),
                header(twoByte + "x".repeat(chunk - 1) + mark + "y,b\n1,2\n"),
                // the third chunk's start too, the second's mark being in the same line
                header("a" + "x".repeat(chunk - 1) + mark + "x".repeat(chunk - 1) + mark + "y,b\n1,2\n"),
                // a first line already ended (a blank line counts): the mark is text
                header("\n" + "a" + "x".repeat(chunk - 2) + mark + "y,b\n1,2\n"),
                header("a,b\n" + "1," + "x".repeat(chunk - 6) + mark + "y\n"),
                // a text that starts with a mark and a quote, and is not UTF-8: read again, marks as text
                header(mark + "\"a" + "x".repeat(chunk - 3) + mark + "y\",b\n1,\u00e9\n"));
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            assertThat(PandasComparison.compare(peer, cases)).allSatisfy(outcome ->
                    assertThat(outcome.equal()).as(outcome.toString()).isTrue());
            PandasComparison.Case latin1 = header("a" + "x".repeat(chunk - 1) + mark + "y,b\n1,\u00e9\n");
            assertThat(PandasComparison.compare(peer, List.of(latin1))).singleElement().satisfies(outcome -> {
                assertThat(outcome.pandasError()).as(outcome.toString()).isEmpty();
                assertThat(outcome.javaError()).as(outcome.toString()).hasValueSatisfying(e ->
                        assertThat(e.getMessage()).contains("byte order mark starts one of the 262,144-character"));
            });
        }
    }

    /// A text (one char per byte) of `start`, rows and one row of digits up to where character `at`
    /// (counted as pandas counts characters: of UTF-8 when `utf8`, else bytes) is the
    /// `spacesBefore`-th space before the end of a line's spaces, then those spaces, `after` and
    /// `tail`. The rows are `é,1` in UTF-8 bytes when `twoByteRows`, else `1,1`.
    private static PandasComparison.Case spacesAt(String start, int at, int spacesBefore, String after, String tail,
                                                 boolean twoByteRows, boolean utf8) {
        StringBuilder text = new StringBuilder(start);
        int chars = pandasChars(start, utf8);
        int lineStart = at - spacesBefore;
        String row = twoByteRows ? "\u00c3\u00a9,1\n" : "1,1\n";
        int rowChars = pandasChars(row, utf8);
        while (lineStart - chars >= rowChars + 8) {
            text.append(row);
            chars += rowChars;
        }
        text.append("1,").append("1".repeat(lineStart - chars - 3)).append('\n');
        text.append(" ".repeat(spacesBefore)).append(after).append(tail);
        return header(text.toString());
    }

    /// The characters pandas counts in `bytes` (one char per byte): UTF-8 characters, or bytes.
    private static int pandasChars(String bytes, boolean utf8) {
        return utf8 ? (int) bytes.chars().filter(b -> (b & 0xC0) != 0x80).count() : bytes.length();
    }

    /// A text that starts with a byte order mark and a quote, whose UTF-8 reading refuses its third
    /// line, and a byte that is not UTF-8 further on: pandas falls back to ISO-8859-1 when that byte is
    /// within what its text stream has decoded by the time the tokenizer reaches the line (the first
    /// 262,144 characters and the stream's read-ahead), and refuses the line otherwise. The byte is put
    /// at each offset around that bound, after rows of ASCII and after rows of two-byte characters
    /// (which stretch the read-ahead); Java decided by its own 256 KiB reads.
    @Test
    void aMarkedTextFallsBackWhenPandasHasDecodedTheByteThatIsNotUtf8() {
        // Rows, and the offset near which pandas 2.2 stops falling back after them (found by bisection):
        // ASCII, two- and three-byte characters, and \r\n line ends (the stream holds back a \r).
        Map<String, Integer> rows = new LinkedHashMap<>();
        rows.put("e,e,e\n", 270_334);
        rows.put("e,e,e\r\n", 270_334);
        rows.put("\u00c3\u00a9,\u00c3\u00a9,\u00c3\u00a9\n", 401_396);
        rows.put("\u00e2\u0082\u00ac,\u00e2\u0082\u00ac,\u00e2\u0082\u00ac\n", 532_446);
        rows.put("\u00e2\u0082\u00ac,\u00e2\u0082\u00ac,\u00e2\u0082\u00ac\r\n", 495_002);
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            rows.forEach((row, bound) -> {
                List<PandasComparison.Case> cases = new ArrayList<>();
                for (int offset = bound - 2; offset <= bound + 2; offset++) {
                    cases.add(header(markRefusedRowThenLatin1At(offset, row)));
                }
                List<PandasComparison.Outcome> outcomes = PandasComparison.compare(peer, cases);
                assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.agrees()).as(outcome.toString()).isTrue());
                // Both sides of the bound are among them.
                assertThat(outcomes).anySatisfy(outcome -> assertThat(outcome.pandasError()).isEmpty());
                assertThat(outcomes).anySatisfy(outcome -> assertThat(outcome.pandasError()).isPresent());
            });
        }
    }

    /// A mark, a quoted header of two fields as UTF-8, a row of two and one of three (refused as
    /// UTF-8), then `row` repeated and one row of padding up to `offset`, where a row starts with the
    /// byte `\xe9`.
    private static String markRefusedRowThenLatin1At(int offset, String row) {
        StringBuilder text = new StringBuilder("\u00ef\u00bb\u00bf\"a,b\",c\n1,2\n1,2,3\n");
        while (offset - text.length() >= row.length() + 8) {
            text.append(row);
        }
        int padding = offset - text.length() - "e,e,\n".length();
        text.append("e,e,").append("e".repeat(padding)).append('\n');
        return text.append("\u00e9,1,2\n").toString();
    }

    /// A mark, then a quoted header of one field as UTF-8 (two as ISO-8859-1), a row of one field and
    /// `third`, then a megabyte of two-field rows and `last`.
    private static String markThenRefusedRow(String third, String last) {
        return "\u00ef\u00bb\u00bf\"A,B\"\r\n1\r\n" + third + "\"0\",\"x\"\r\n".repeat(100_000) + last;
    }

    private static PandasComparison.Case header(String latin1Bytes) {
        return PandasComparison.Case.header(latin1Bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static PandasComparison.Case headerless(String latin1Bytes, List<String> names) {
        return PandasComparison.Case.headerless(latin1Bytes.getBytes(StandardCharsets.ISO_8859_1), new ArrayList<>(names));
    }
}
