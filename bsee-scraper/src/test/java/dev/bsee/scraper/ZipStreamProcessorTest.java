package dev.bsee.scraper;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.DType;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZipStreamProcessorTest {

    @TempDir
    Path dir;

    private static final String WELLS = "\"API\",\"DEPTH\",\"NAME\"\r\n\"608164000100\",\"120\",\"A-1\"\r\n\"608164000101\",\"\",\"B-2\"\r\n";
    private static final String PRODUCTION = "\" 00016\",\" E002\",\"202401\",\"00\",\"O\",\"000000000\",\"000000000\","
            + "\"000000000\",\"177190022500\",\"12\",\"WD   31\",\"03151\",\"COX OPERATING LLC\",\"WD030\",\"000000000\","
            + "\"Q04\",\"19720331\",\"\",\"\"\r\n"
            + "\"G01234\",\" E002D\",\"202402\",\"00\",\"O\",\"000000000\",\"000000000\","
            + "\"000000000\",\"177190022500\",\"12\",\"WD   31\",\"03151\",\"COX OPERATING LLC\",\"WD030\",\"000000000\","
            + "\"Q01\",\"19610228\",\"\",\"\"\r\n";

    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                if (!e.getKey().endsWith("/")) {
                    out.write(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> entries(String... nameThenText) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenText.length; i += 2) {
            map.put(nameThenText[i], nameThenText[i + 1]);
        }
        return map;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    /// Counts allocators made and closed.
    static final class CountingAllocators {
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        BufferAllocator next() {
            made.incrementAndGet();
            return new BufferAllocator() {
                @Override
                public GrowableBuffer allocate() {
                    return BufferAllocator.heap().allocate();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    /// Column buffers that cannot go on disk (the process's open files exhausted, a full disk) failed
    /// with a line naming only a spill file; the line names the archive and the entry.
    @Test
    void aSpillThatFailsNamesTheArchiveAndEntry() throws IOException {
        byte[] archive = zip(entries("data/mv_wells.txt", WELLS));
        BufferAllocator failing = new BufferAllocator() {
            @Override
            public GrowableBuffer allocate() {
                throw new java.io.UncheckedIOException(new java.nio.file.FileSystemException(
                        "/tmp/run/bsee-spill-1.bin", null, "Too many open files"));
            }

            @Override
            public void close() {
            }
        };
        ZipStreamProcessor processor = ZipStreamProcessor.builder().allocators(() -> failing).build();

        assertThatThrownBy(() -> processor.process(new ByteArrayInputStream(archive), "test.zip", entry -> { }))
                .isInstanceOf(IOException.class)
                .hasMessage("test.zip: data/mv_wells.txt: the column buffers spilled to disk failed: "
                        + "/tmp/run/bsee-spill-1.bin: Too many open files");
    }

    /// A stream that cannot be read (the caller closed its file) fails naming the archive; the JDK's
    /// ClosedChannelException, which has no message, came out as it was.
    @Test
    void aStreamThatCannotBeReadNamesTheArchive() throws IOException {
        Path file = Files.write(dir.resolve("c.zip"), zip(entries("data/mv_wells.txt", WELLS)));
        java.io.InputStream closed = Files.newInputStream(file);
        closed.close();

        assertThatThrownBy(() -> ZipStreamProcessor.builder().build().process(closed, "c.zip", entry -> { }))
                .isInstanceOf(IOException.class)
                .hasMessage("c.zip: cannot read the archive: the stream is closed")
                .hasCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    /// An archive name or source id that is empty or blank is refused: the messages naming the
    /// archive started with `: not a zip archive`, and the entry events named no source.
    @Test
    void aBlankArchiveNameIsRefused() {
        for (String blank : new String[] {"", " ", "\t"}) {
            assertThatThrownBy(() -> ZipStreamProcessor.builder().build()
                    .process(new ByteArrayInputStream(new byte[10]), blank, entry -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("archiveName must not be blank");
            assertThatThrownBy(() -> BodyReaders.ofEntries(ZipStreamProcessor.builder().build(), blank, entry -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("archiveName must not be blank");
            assertThatThrownBy(() -> ZipStreamProcessor.builder().source(blank))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("source must not be blank");
        }
    }

    @Test
    void streamsDataEntriesSkippingFoldersAndOtherFiles() throws IOException {
        byte[] archive = zip(entries("data/", "", "data/mv_wells.txt", WELLS, "data/readme.pdf", "%PDF",
                "ogora2024delimit.txt", PRODUCTION));
        CountingAllocators allocators = new CountingAllocators();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        Map<String, Table> tables = new LinkedHashMap<>();
        ZipStreamProcessor processor = ZipStreamProcessor.builder().allocators(allocators::next)
                .listener(events::add).build();

        List<EntrySummary> summaries = processor.process(new ByteArrayInputStream(archive), "test.zip", entry -> {
            assertThat(entry.archive()).isEqualTo("test.zip");
            assertThat(allocators.closed.get()).isEqualTo(allocators.made.get() - 1);
            tables.put(entry.outputName(), entry.table());
        });

        assertThat(summaries).extracting(EntrySummary::entryName).containsExactly("data/mv_wells.txt", "ogora2024delimit.txt");
        assertThat(summaries).extracting(EntrySummary::outputName).containsExactly("mv_wells.bin", "ogora2024delimit.bin");
        assertThat(tables.keySet()).containsExactly("mv_wells.bin", "ogora2024delimit.bin");
        Table wells = tables.get("mv_wells.bin");
        assertThat(wells.columnNames()).containsExactly("API", "DEPTH", "NAME");
        assertThat(wells.dtypes()).containsExactly(DType.INT64, DType.FLOAT64, DType.OBJECT);
        assertThat(wells.column("NAME")).isEqualTo(ObjectColumn.of("A-1", "B-2"));
        Table production = tables.get("ogora2024delimit.bin");
        assertThat(production.columnNames()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(production.rowCount()).as("the headerless production file keeps its first record").isEqualTo(2);
        assertThat(production.column("LEASE_NUMBER")).isEqualTo(ObjectColumn.of(" 00016", "G01234"));
        assertThat(production.column("PRODUCTION_DATE")).isEqualTo(Int64Column.of(202401, 202402));
        assertThat(allocators.made.get()).isEqualTo(2);
        assertThat(allocators.closed.get()).isEqualTo(2);
        assertThat(summaries.getFirst().rows()).isEqualTo(2);
        assertThat(summaries.getFirst().dtypes()).containsExactly(DType.INT64, DType.FLOAT64, DType.OBJECT);
        assertThat(events).filteredOn(e -> e instanceof ProgressEvent.EntryStarted).hasSize(2);
        assertThat(events.getFirst()).isInstanceOf(ProgressEvent.EntryStarted.class);
        assertThat(events).filteredOn(e -> e instanceof ProgressEvent.EntryFinished)
                .extracting(e -> ((ProgressEvent.EntryFinished) e).rows()).containsExactly(2L, 2L);
        assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("test.zip"));
    }

    @Test
    void fileAndStreamGiveTheSameTablesAlsoInParallel() throws IOException {
        Map<String, String> content = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            StringBuilder text = new StringBuilder("ID,VALUE,LABEL\n");
            for (int row = 0; row < 2000 + i; row++) {
                text.append(row).append(',').append(row * 0.25 + i).append(",\"r").append(row % 7).append("\"\n");
            }
            content.put("part" + i + ".txt", text.toString());
        }
        byte[] archive = zip(content);
        Map<String, String> fromStream = new ConcurrentHashMap<>();
        Map<String, String> fromFile = new ConcurrentHashMap<>();
        Map<String, String> threads = new ConcurrentHashMap<>();
        List<EntrySummary> streamed = ZipStreamProcessor.builder().build().process(new ByteArrayInputStream(archive),
                "parts.zip", e -> fromStream.put(e.outputName(), describe(e.table())));
        List<EntrySummary> parallel = ZipStreamProcessor.builder().parallelism(3).build()
                .process(file("parts.zip", archive), e -> {
                    threads.put(e.outputName(), Thread.currentThread().getName());
                    fromFile.put(e.outputName(), describe(e.table()));
                });
        assertThat(fromFile).isEqualTo(fromStream).hasSize(6);
        assertThat(parallel).extracting(EntrySummary::entryName).isEqualTo(streamed.stream().map(EntrySummary::entryName).toList());
        assertThat(parallel).extracting(EntrySummary::rows).containsExactly(2000, 2001, 2002, 2003, 2004, 2005);
        assertThat(threads.values()).allSatisfy(t -> assertThat(t).startsWith("bsee-zip-parts.zip-"));
    }

    /// What an application prints of an archive's entries, its events (`listener(event ->
    /// System.err.println(event))`, as the documentation shows) and summaries, escapes the names the
    /// archive gives: a terminal escape and a line break in an entry's name reached the log raw.
    @Test
    void printedEventsAndSummariesEscapeTheArchivesNames() throws IOException {
        byte[] archive = zip(entries("evil\u001b[2J\nx.txt", "\"A\"\r\n\"1\"\r\n"));
        List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<EntrySummary> summaries = ZipStreamProcessor.builder().listener(event -> printed.add(event.toString()))
                .build().process(new ByteArrayInputStream(archive), "a\u001b.zip",
                        entry -> printed.add(entry.toString()));
        printed.add(summaries.getFirst().toString());
        printed.add(new dev.bsee.core.ProgressEvent.Notice("a", "retrying \u001b[31m").toString());

        // (An entry's table prints on several lines of its own; the names never break a line.)
        assertThat(printed).hasSizeGreaterThanOrEqualTo(5).allSatisfy(text -> assertThat(text)
                .doesNotContain("\u001b", "[2J\nx").contains("\\e"));
        assertThat(summaries.getFirst().entryName()).isEqualTo("evil\u001b[2J\nx.txt");
    }

    /// The largest parallelism the builder takes, `Integer.MAX_VALUE` (a caller's "as many as there
    /// are entries"), reads a stream and a file as a parallelism of 2 does: the stream's count of
    /// entries in flight (one more than the workers) wrapped around, and the walk ended with
    /// `java.lang.Error: Maximum permit count exceeded`.
    @Test
    void theLargestParallelismReadsAStreamAndAFileAsASmallOneDoes() throws IOException {
        byte[] archive = zip(entries("a.txt", "\"A\"\r\n\"1\"\r\n", "b.txt", "\"B\"\r\n\"x\"\r\n",
                "c.txt", "\"C\"\r\n\"2.5\"\r\n"));
        Map<String, String> small = new ConcurrentHashMap<>();
        Map<String, String> fromStream = new ConcurrentHashMap<>();
        Map<String, String> fromFile = new ConcurrentHashMap<>();
        ZipStreamProcessor.builder().parallelism(2).build().process(new ByteArrayInputStream(archive), "abc.zip",
                e -> small.put(e.outputName(), describe(e.table())));
        ZipStreamProcessor widest = ZipStreamProcessor.builder().parallelism(Integer.MAX_VALUE).build();

        widest.process(new ByteArrayInputStream(archive), "abc.zip", e -> fromStream.put(e.outputName(), describe(e.table())));
        widest.process(file("abc.zip", archive), e -> fromFile.put(e.outputName(), describe(e.table())));

        assertThat(fromStream).isEqualTo(small).hasSize(3);
        assertThat(fromFile).isEqualTo(small);
    }

    /// An entry that starts with a byte order mark and a quote is read a second time when it is not
    /// UTF-8; both walks, which end-check each entry's size and CRC, give the same tables then.
    @Test
    void entriesReadTwiceAreReadAlikeByBothWalks() throws IOException {
        StringBuilder latin1 = new StringBuilder("\u00ef\u00bb\u00bf\"VALUE\",\"ABBREVIATION\"\r\n");
        for (int row = 0; row < 5000; row++) {
            latin1.append("\"E").append(row).append("\",\"EXPLOSIVES\u00a0").append(row % 13).append("\"\r\n");
        }
        byte[] archive = zip(entries("eor.txt", latin1.toString(),
                "utf8.txt", "\u00ef\u00bb\u00bf\"A\"\r\n\"caf\u00c3\u00a9\"\r\n"));
        for (int parallelism : new int[] {1, 2}) {
            Map<String, String> fromStream = new ConcurrentHashMap<>();
            Map<String, String> fromFile = new ConcurrentHashMap<>();
            ZipStreamProcessor processor = ZipStreamProcessor.builder().parallelism(parallelism).build();
            List<EntrySummary> streamed = processor.process(new ByteArrayInputStream(archive), "eor.zip",
                    e -> fromStream.put(e.outputName(), describe(e.table())));
            processor.process(file("eor.zip", archive), e -> fromFile.put(e.outputName(), describe(e.table())));
            assertThat(fromFile).isEqualTo(fromStream).hasSize(2);
            assertThat(streamed).extracting(e -> e.charset().name()).containsExactly("ISO-8859-1", "UTF-8");
            assertThat(fromStream.get("eor.bin")).startsWith("[\u00ef\u00bb\u00bf\"VALUE\", ABBREVIATION]");
            assertThat(fromStream.get("utf8.bin")).isEqualTo("[A] [object]|caf\u00e9");
        }
    }

    static String describe(Table table) {
        StringBuilder text = new StringBuilder(table.columnNames() + " " + table.dtypes());
        for (int c = 0; c < table.columnCount(); c++) {
            for (int row = 0; row < table.rowCount(); row++) {
                text.append('|').append(table.column(c).format(row));
            }
        }
        return text.toString();
    }

    @Test
    void rowWithTooManyFieldsNamesArchiveEntryAndLineAndClosesTheAllocator() throws IOException {
        byte[] archive = zip(entries("good.txt", WELLS, "bad.txt", "A,B\n1,2\n3,4\n5,6,7\n8,9\n"));
        for (boolean stream : new boolean[] {true, false}) {
            CountingAllocators allocators = new CountingAllocators();
            List<String> received = new ArrayList<>();
            ZipStreamProcessor processor = ZipStreamProcessor.builder().allocators(allocators::next).build();
            assertThatThrownBy(() -> run(processor, archive, "rows.zip", e -> received.add(e.entryName()), stream))
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.MALFORMED_ROW);
                        assertThat(e.archive()).contains("rows.zip");
                        assertThat(e.entry()).contains("bad.txt");
                        assertThat(e.line()).hasValue(4);
                        assertThat(e.getMessage()).isEqualTo("rows.zip: bad.txt: line 4: expected 2 fields, saw 3");
                    });
            assertThat(received).containsExactly("good.txt");
            assertThat(allocators.closed.get()).isEqualTo(allocators.made.get()).isEqualTo(2);
        }
    }

    /// Of several bad entries read in parallel, the failure reported is the first bad entry's in
    /// archive order, by both walks, however quickly a later one fails: two runs of one archive named
    /// one or the other, whichever thread failed first.
    @Test
    void ofSeveralBadEntriesTheFirstInArchiveOrderIsReported() throws IOException {
        StringBuilder slow = new StringBuilder("A,B\n");
        for (int row = 0; row < 300_000; row++) {
            slow.append(row).append(',').append(row * 3).append('\n');
        }
        slow.append("1,2,3\n");
        byte[] archive = zip(entries("a.txt", slow.toString(), "b.txt", "A,B\n\"open\n", "c.txt", WELLS));
        for (boolean stream : new boolean[] {true, false}) {
            for (int run = 0; run < 3; run++) {
                assertThatThrownBy(() -> run(ZipStreamProcessor.builder().parallelism(3).build(), archive, "two.zip",
                        e -> { }, stream))
                        .as(stream ? "stream" : "file")
                        .isInstanceOfSatisfying(SourceDataException.class, e -> assertThat(e.getMessage())
                                .isEqualTo("two.zip: a.txt: line 300002: expected 2 fields, saw 3"));
            }
        }
        // A stream that ends inside a later entry while the bad one is still being read: the bad entry's
        // failure, not the archive's end, as a parallelism of 1 reports it.
        StringBuilder last = new StringBuilder("A,B\n");
        java.util.Random random = new java.util.Random(7);
        for (int row = 0; row < 100_000; row++) {
            last.append(random.nextLong()).append(',').append(random.nextLong()).append('\n');
        }
        byte[] whole = zip(entries("a.txt", slow.toString(), "e.txt", last.toString()));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - whole.length / 4);
        // Also when the stream ends inside the later entry's header, which the reading thread refuses
        // between two entries.
        int header = indexOf(whole, "e.txt".getBytes(StandardCharsets.US_ASCII)) - 30;
        byte[] inHeader = java.util.Arrays.copyOf(whole, header + 10);
        for (byte[] bytes : List.of(cut, inHeader)) {
            for (int parallelism : new int[] {1, 3}) {
                assertThatThrownBy(() -> ZipStreamProcessor.builder().parallelism(parallelism).build()
                        .process(new ByteArrayInputStream(bytes), "cut.zip", e -> { }))
                        .as("parallelism " + parallelism + ", " + bytes.length + " bytes")
                        .hasMessage("cut.zip: a.txt: line 300002: expected 2 fields, saw 3");
            }
        }
    }

    private List<EntrySummary> run(ZipStreamProcessor processor, byte[] archive, String name, EntrySink sink,
                                   boolean stream) throws IOException {
        return stream ? processor.process(new ByteArrayInputStream(archive), name, sink)
                : processor.process(file(name, archive), sink);
    }

    private void assertRefused(byte[] archive, String name, Problem problem, String messagePart, boolean stream) {
        List<String> received = new ArrayList<>();
        assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, name,
                e -> received.add(e.entryName()), stream))
                .as(stream ? "stream" : "file")
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.archive()).contains(name);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    /// A write into a memory-mapped spill file the disk cannot back faults, and the JVM reports an
    /// InternalError: it fails the entry as an IOException naming archive and entry, on both walks,
    /// instead of reaching the user as a stack trace.
    @Test
    void aFaultingSpillWriteFailsTheEntryByName() throws IOException {
        byte[] archive = zip(entries("a.txt", WELLS));
        Path file = Files.write(Files.createTempFile("spill", ".zip"), archive);
        try {
            BufferAllocator faulting = new BufferAllocator() {
                @Override
                public dev.bsee.core.GrowableBuffer allocate() {
                    throw new InternalError("a fault occurred in an unsafe memory access operation");
                }

                @Override
                public void close() {
                }
            };
            ZipStreamProcessor processor = ZipStreamProcessor.builder().allocators(() -> faulting).build();
            for (boolean stream : new boolean[] {true, false}) {
                assertThatThrownBy(() -> {
                    if (stream) {
                        processor.process(new ByteArrayInputStream(archive), "spill.zip", e -> { });
                    } else {
                        processor.process(file, e -> { });
                    }
                }).isInstanceOf(IOException.class).isNotInstanceOf(SourceDataException.class)
                        .hasMessageContaining(stream ? "spill.zip: a.txt: " : ": a.txt: ")
                        .hasMessageContaining("could not write the column buffers spilled to disk");
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void sinkFailureStopsProcessingAndStillClosesTheAllocator() throws IOException {
        byte[] archive = zip(entries("a.txt", WELLS, "b.txt", WELLS));
        CountingAllocators allocators = new CountingAllocators();
        ZipStreamProcessor processor = ZipStreamProcessor.builder().allocators(allocators::next).build();
        assertThatThrownBy(() -> processor.process(new ByteArrayInputStream(archive), "s.zip", e -> {
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(allocators.made.get()).isEqualTo(1);
        assertThat(allocators.closed.get()).isEqualTo(1);
    }

    @Test
    void htmlPageInsteadOfZipIsQuoted() throws IOException {
        byte[] page = "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head></html>"
                .getBytes(StandardCharsets.US_ASCII);
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(page, "ProductionRawData.zip", Problem.NOT_A_ZIP,
                    "not a zip archive: it starts with \"<!DOCTYPE html>\\n<html><head><title>503 Service", stream);
            assertRefused(page, "ProductionRawData.zip", Problem.NOT_A_ZIP, "(an HTML page, not the download)", stream);
        }
        assertRefused(new byte[0], "empty.zip", Problem.NOT_A_ZIP, "is empty", true);
        assertRefused(new byte[0], "empty.zip", Problem.NOT_A_ZIP, "is empty", false);
    }

    /// What a body that is no zip is, when its first bytes tell: a gzip of the text (the JDK's own
    /// gzip of a real entry), another archiver's or a program's magic number, or text. A short magic
    /// number of letters that starts a line of text (`MZ`) is text, and bytes of no known kind get
    /// the quote alone. The quote of a gzip's bytes was all the line said.
    @Test
    void aBodyOfAnotherKindIsNamed() throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write(WELLS.getBytes(StandardCharsets.UTF_8));
        }
        byte[] binary = new byte[40];
        new java.util.Random(7).nextBytes(binary);
        binary[0] = 0x01;
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("(gzip-compressed data)", gzipped.toByteArray());
        bodies.put("(bzip2-compressed data)", concat("BZh91AY&SY".getBytes(StandardCharsets.US_ASCII), binary));
        bodies.put("(a 7-Zip archive)", concat(new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c, 0, 4}, binary));
        bodies.put("(a Windows program, such as a self-extracting archive)",
                concat(new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0}, binary));
        bodies.put("(a PDF document)", "%PDF-1.7\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("(text)", WELLS.getBytes(StandardCharsets.UTF_8));
        bodies.put("it starts with \"MZ OIL CO,12\\n\" (text)", "MZ OIL CO,12\n".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            for (boolean stream : new boolean[] {true, false}) {
                assertRefused(body.getValue(), "ProductionRawData.zip", Problem.NOT_A_ZIP, body.getKey(), stream);
            }
        }
        for (boolean stream : new boolean[] {true, false}) {
            assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), binary, "b.zip", e -> { }, stream))
                    .isInstanceOf(SourceDataException.class).message().endsWith("\"");
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /// A record longer than 65,535 bytes with its name (a 65,500-byte path), which `ZipFile` refuses
    /// as "invalid CEN header (bad header size)": said in words, where the file walk gave the JDK's.
    @Test
    void aDirectoryRecordLongerThanTheFileWalkTakesIsSaidInWords() throws IOException {
        byte[] archive = RawZip.of(RawZip.Item.sized("d/".repeat(32_745) + "a.txt", "A\n1\n")).bytes();
        assertRefused(archive, "long.zip", Problem.CORRUPT_ARCHIVE, "a central directory record is longer than the"
                + " 65,535 bytes this reader of archive files takes", false);
    }

    /// A directory record whose comment length runs it into the end record (`ZipFile`: "invalid CEN
    /// header (bad header size)", as of a record past 65,535 bytes) is named with its entry and what is
    /// wrong; so is the first damaged record when a later one runs past the directory too, which
    /// `ZipFile` refused in its own words alone ("invalid zip64 extra len size").
    @Test
    void aDirectoryRecordRunningPastTheDirectoryIsNamedWithItsEntry() throws IOException {
        RawZip.Archive honest = RawZip.of(RawZip.Item.sized("a.txt", "A\n1\n"), RawZip.Item.sized("b.txt", "A\n2\n"));
        byte[] overrun = honest.bytes().clone();
        ByteBuffer view = ByteBuffer.wrap(overrun).order(ByteOrder.LITTLE_ENDIAN);
        view.putShort(honest.directoryRecord(1) + 32, (short) 16);
        assertRefused(overrun, "overrun.zip", Problem.CORRUPT_ARCHIVE, "overrun.zip: b.txt: the central directory record is"
                + " damaged: its name, extra field and comment lengths take it 16 bytes past the end of the central"
                + " directory", false);
        view.putInt(honest.directoryRecord(0) + 20, -1);
        assertRefused(overrun, "overrun.zip", Problem.CORRUPT_ARCHIVE, "overrun.zip: a.txt: the central directory record is"
                + " damaged:", false);
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(overrun, "overrun.zip", Problem.CORRUPT_ARCHIVE, "overrun.zip: ", stream);
        }
    }

    /// A person converting an archive expects every table in it: entries that are not data by name
    /// are named in one notice, on both walks, and folders are not, also those a Windows tool names
    /// with a backslash (`CompanyRawData\`).
    @Test
    void entriesLeftOutAsNotDataAreNamedInOneNotice() throws IOException {
        Map<String, String> contents = entries("data/", "", "data/mv_wells.txt", WELLS, "data/readme.pdf", "%PDF",
                "wells.csv", WELLS, "CompanyRawData\\", "");
        for (int i = 1; i <= 21; i++) {
            contents.put("extra/" + i + ".dat", "x");
        }
        for (boolean stream : new boolean[] {true, false}) {
            List<ProgressEvent> events = new CopyOnWriteArrayList<>();
            List<EntrySummary> summaries = run(ZipStreamProcessor.builder().listener(events::add).build(), zip(contents),
                    "mixed.zip", entry -> { }, stream);

            assertThat(summaries).as(stream ? "stream" : "file").extracting(EntrySummary::entryName)
                    .containsExactly("data/mv_wells.txt");
            assertThat(events).as(stream ? "stream" : "file").filteredOn(e -> e instanceof ProgressEvent.Notice)
                    .singleElement().isEqualTo(new ProgressEvent.Notice("mixed.zip", "23 entries are not data by name"
                            + " and left out: [data/readme.pdf, wells.csv, extra/1.dat, extra/2.dat, extra/3.dat,"
                            + " extra/4.dat, extra/5.dat, extra/6.dat, extra/7.dat, extra/8.dat, extra/9.dat, extra/10.dat,"
                            + " extra/11.dat, extra/12.dat, extra/13.dat, extra/14.dat, extra/15.dat, extra/16.dat,"
                            + " extra/17.dat, extra/18.dat, ... and 3 more]"));
        }
    }

    /// Entry names made to share a hash code (blocks of "Aa" and "BB") made every lookup of the JDK's
    /// `ZipFile` walk all of them: 32,768 tiny entries took a minute. More than 64 such names are
    /// refused by both walks, before any entry is read; 64 are read.
    @Test
    void entryNamesMadeToShareAHashCodeAreRefusedPastTheLimit() throws IOException {
        for (int count : new int[] {ArchiveChecks.MAX_NAMES_PER_HASH, ArchiveChecks.MAX_NAMES_PER_HASH + 1}) {
            Map<String, String> contents = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                StringBuilder name = new StringBuilder();
                for (int bit = 0; bit < 7; bit++) {
                    name.append((i >> bit & 1) == 1 ? "Aa" : "BB");
                }
                contents.put(name + ".txt", "A\n" + i + "\n");
            }
            assertThat(contents.keySet().stream().map(String::hashCode).distinct()).hasSize(1);
            byte[] archive = zip(contents);
            for (boolean stream : new boolean[] {true, false}) {
                if (count > ArchiveChecks.MAX_NAMES_PER_HASH) {
                    assertRefused(archive, "collide.zip", Problem.CORRUPT_ARCHIVE, "more than 64 entry names share one"
                            + " hash code", stream);
                } else {
                    assertThat(run(ZipStreamProcessor.builder().build(), archive, "collide.zip", entry -> { }, stream))
                            .as(stream ? "stream" : "file").hasSize(count);
                }
            }
        }
    }

    @Test
    void emptyArchivesAndArchivesWithoutDataAreRefused() throws IOException {
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(zip(Map.of()), "none.zip", Problem.EMPTY_ARCHIVE, "no entries", stream);
            assertRefused(zip(entries("folder/", "", "notes.pdf", "x")), "nodata.zip", Problem.EMPTY_ARCHIVE,
                    "none of the 2 entries", stream);
            // The entries left out are named, the one entry of an archive too.
            assertRefused(zip(entries("folder/", "", "notes.pdf", "x")), "nodata.zip", Problem.EMPTY_ARCHIVE,
                    "is a data entry the filter accepts (left out: [notes.pdf])", stream);
            assertRefused(zip(entries("wells.csv", "A\n1\n")), "one.zip", Problem.EMPTY_ARCHIVE,
                    "its one entry is not a data entry the filter accepts (left out: [wells.csv])", stream);
        }
    }

    @Test
    void unsafeEntryNamesAreRefused() throws IOException {
        for (String name : List.of("../evil.txt", "data/../../evil.txt", "/etc/evil.txt", "\\evil.txt", "C:\\evil.txt",
                "a\\..\\..\\evil.txt")) {
            byte[] archive = zip(entries("ok.txt", WELLS, name, WELLS));
            for (boolean stream : new boolean[] {true, false}) {
                List<String> received = new ArrayList<>();
                assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "names.zip",
                        e -> received.add(e.entryName()), stream))
                        .as(name).isInstanceOfSatisfying(SourceDataException.class, e -> {
                            assertThat(e.problem()).isEqualTo(Problem.UNSAFE_ENTRY_NAME);
                            assertThat(e.entry()).contains(name);
                        });
                if (!stream) {
                    assertThat(received).as("nothing is processed from a file with an unsafe name").isEmpty();
                }
            }
        }
    }

    @Test
    void twoEntriesWithTheSameOutputNameAreRefused() throws IOException {
        byte[] archive = zip(entries("a/x.txt", WELLS, "b/x.txt", WELLS));
        assertRefused(archive, "dup.zip", Problem.UNSAFE_ENTRY_NAME, "entry a/x.txt also gives x.bin (entries of"
                + " different folders are written to one folder)", true);
        assertRefused(archive, "dup.zip", Problem.UNSAFE_ENTRY_NAME, "entry a/x.txt also gives x.bin", false);
        // One folder, the extension's case differing: both give x.bin, and no folders are involved.
        byte[] extension = zip(entries("d/x.txt", WELLS, "d/x.TXT", WELLS));
        for (boolean stream : new boolean[] {true, false}) {
            assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), extension, "ext.zip", e -> { }, stream))
                    .hasMessageEndingWith("entry d/x.txt also gives x.bin");
        }
        byte[] twice = RawZip.of(RawZip.Item.sized("x.txt", WELLS), RawZip.Item.sized("x.txt", WELLS)).bytes();
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(twice, "twice.zip", Problem.UNSAFE_ENTRY_NAME, "the archive holds two entries of this name,"
                    + " and both would be x.bin", stream);
        }
    }

    @Test
    void outputNamesThatDifferOnlyInCaseAreRefused() throws IOException {
        // On a file system that ignores case (macOS, Windows) T1.bin and t1.bin are one file: the
        // second would silently replace the first.
        byte[] archive = zip(entries("d/T1.txt", WELLS, "d/t1.txt", WELLS));
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(archive, "case.zip", Problem.UNSAFE_ENTRY_NAME, "entry d/T1.txt gives T1.bin, which is t1.bin"
                    + " on a file system that ignores case", stream);
        }
    }

    /// Names that differ in more than ASCII case can still be one file there: `ı` and `I`, `ſ` and
    /// `s` (lower case alone parts them), and on macOS a name written composed and decomposed.
    @Test
    void outputNamesThatAreOneFileOnMacOsOrWindowsAreRefused() throws IOException {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        pairs.put("d/\u0131d.txt", "which is Id.bin on a file system that ignores case");
        pairs.put("d/\u017ft.txt", "which is st.bin on a file system that ignores case");
        pairs.put("d/caf\u00e9.txt", "which is cafe\u0301.bin written in another Unicode form");
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            String other = pair.getValue().replaceFirst("which is (.*)\\.bin .*", "d/$1.txt");
            byte[] archive = zip(entries(pair.getKey(), WELLS, other, WELLS));
            for (boolean stream : new boolean[] {true, false}) {
                assertRefused(archive, "same.zip", Problem.UNSAFE_ENTRY_NAME, "entry " + pair.getKey() + " gives "
                        + pair.getKey().substring(2).replace(".txt", ".bin") + ", " + pair.getValue(), stream);
            }
        }
    }

    @Test
    void entryNamesTooLongForAFileNameAreRefusedByName() throws IOException {
        String name = "d/" + "x".repeat(5000) + ".txt";
        byte[] archive = zip(entries(name, WELLS));
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(archive, "long.zip", Problem.UNSAFE_ENTRY_NAME, "the output file name would be 5,004 bytes long",
                    stream);
        }
        // A name of the longest allowed output name is read.
        String longest = "x".repeat(dev.bsee.scraper.internal.zip.EntryNames.MAX_OUTPUT_NAME_BYTES - 4) + ".txt";
        assertThat(run(ZipStreamProcessor.builder().build(), zip(entries(longest, WELLS)), "ok.zip", e -> { }, false))
                .extracting(EntrySummary::outputName).containsExactly(longest.replace(".txt", ".bin"));
    }

    @Test
    void runningOutOfHeapNamesTheEntryAndClosesTheAllocator() throws IOException {
        byte[] archive = zip(entries("a.txt", WELLS));
        for (boolean stream : new boolean[] {true, false}) {
            AtomicInteger closed = new AtomicInteger();
            ZipStreamProcessor processor = ZipStreamProcessor.builder().allocators(() -> new BufferAllocator() {
                @Override
                public GrowableBuffer allocate() {
                    throw new OutOfMemoryError("Java heap space");
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            }).build();
            assertThatThrownBy(() -> run(processor, archive, "heap.zip", e -> { }, stream))
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
                        assertThat(e.getMessage()).startsWith("heap.zip: a.txt: the entry needs more heap than this JVM has");
                    });
            assertThat(closed.get()).isEqualTo(1);
        }
    }

    @Test
    void centralDirectoryPointingPastTheFileSaysSoWithoutNulls() throws IOException {
        byte[] archive = zip(entries("a.txt", WELLS, "b.txt", WELLS));
        // The second entry's local header offset (at 42 in its central directory record) points far away.
        int second = lastIndexOf(archive, new byte[] {'P', 'K', 1, 2}, archive.length);
        java.nio.ByteBuffer.wrap(archive).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(second + 42, 123456);
        assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "lho.zip", e -> { }, false))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.entry()).contains("b.txt");
                    assertThat(e.getMessage()).doesNotContain("null");
                });
    }

    /// A central directory that lists the entries in another order than they stand in the archive:
    /// the format allows it, and Python's zipfile, unzip and the file walk read it; the streamed walk
    /// compared record and entry by position and refused it.
    @Test
    void aCentralDirectoryInAnotherOrderIsReadByBothWalks() throws IOException {
        byte[] archive = zip(entries("a.txt", WELLS, "b.txt", WELLS + "\"608164000102\",\"7\",\"C-3\"\r\n"));
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(archive).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int end = lastIndexOf(archive, new byte[] {'P', 'K', 5, 6}, archive.length);
        int first = view.getInt(end + 16);
        int firstLength = 46 + view.getShort(first + 28) + view.getShort(first + 30) + view.getShort(first + 32);
        byte[] swapped = archive.clone();
        int secondLength = end - first - firstLength;
        System.arraycopy(archive, first + firstLength, swapped, first, secondLength);
        System.arraycopy(archive, first, swapped, first + secondLength, firstLength);

        for (boolean stream : new boolean[] {true, false}) {
            List<String> rows = new ArrayList<>();
            run(ZipStreamProcessor.builder().build(), swapped, "reordered.zip",
                    e -> rows.add(e.entryName() + ": " + e.table().rowCount()), stream);
            assertThat(rows).as("stream: %s", stream).containsExactlyInAnyOrder("a.txt: 2", "b.txt: 3");
        }
    }

    /// A central directory whose names are longer than the entries' own disagrees at once: the
    /// streamed walk keeps the records to compare them in the entries' order, and 4,000 names of
    /// 64 KiB ran it out of heap where it used to refuse the archive in one line.
    @Test
    void aCentralDirectoryNamingLongerNamesThanTheEntriesIsRefusedWithoutKeepingThem() throws IOException {
        byte[] honest = zip(entries("a.txt", WELLS));
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(honest).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int end = lastIndexOf(honest, new byte[] {'P', 'K', 5, 6}, honest.length);
        int record = view.getInt(end + 16);
        int nameLength = view.getShort(record + 28);
        byte[] longer = "b".repeat(4000).getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer lying = java.nio.ByteBuffer.allocate(honest.length - nameLength + longer.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        lying.put(honest, 0, record + 46).put(longer).put(honest, record + 46 + nameLength, honest.length - record - 46 - nameLength);
        byte[] archive = lying.array();
        lying.putShort(record + 28, (short) longer.length);
        int newEnd = end - nameLength + longer.length;
        lying.putInt(newEnd + 12, lying.getInt(newEnd + 12) - nameLength + longer.length);

        assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "long.zip", e -> { }, true))
                .isInstanceOfSatisfying(SourceDataException.class, e -> assertThat(e.getMessage())
                        .contains("the central directory names entries the archive does not hold"));
    }

    /// A data descriptor whose sizes are 8 bytes wide in an entry without zip64 (some writers do
    /// so; Python's zipfile and the file walk go by the central directory): the streamed walk took
    /// the first 4 bytes of each size and refused the archive as damaged.
    @Test
    void aDataDescriptorWithEightByteSizesIsReadByBothWalks() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("a.txt")); // deflated, sizes in a descriptor after the data
            out.write(WELLS.getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        byte[] archive = withWideFirstDescriptor(bytes.toByteArray());

        for (boolean stream : new boolean[] {true, false}) {
            List<String> rows = new ArrayList<>();
            List<EntrySummary> read = run(ZipStreamProcessor.builder().build(), archive, "wide.zip",
                    e -> rows.add(e.entryName() + ": " + e.table().rowCount()), stream);
            assertThat(read).as("stream: %s", stream).hasSize(1);
            assertThat(rows).as("stream: %s", stream).containsExactly("a.txt: 2");
        }
    }

    /// The same for an empty entry, where both widths fit (the high halves and the size are zero): the
    /// narrow reading was taken and the walk lost its place in the archive.
    @Test
    void anEmptyEntrysEightByteDescriptorIsReadByBothWalks() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("notes.dat"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write(WELLS.getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        byte[] archive = withWideFirstDescriptor(bytes.toByteArray());

        for (boolean stream : new boolean[] {true, false}) {
            List<String> rows = new ArrayList<>();
            run(ZipStreamProcessor.builder().build(), archive, "wide-empty.zip",
                    e -> rows.add(e.entryName() + ": " + e.table().rowCount()), stream);
            assertThat(rows).as("stream: %s", stream).containsExactly("a.txt: 2");
        }
    }

    /// `narrow` with the sizes of its first data descriptor written 8 bytes wide, and the offsets
    /// after it moved on by the 8 bytes that adds.
    private static byte[] withWideFirstDescriptor(byte[] narrow) {
        int descriptor = indexOf(narrow, new byte[] {'P', 'K', 7, 8});
        java.nio.ByteBuffer old = java.nio.ByteBuffer.wrap(narrow).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer wide = java.nio.ByteBuffer.allocate(narrow.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wide.put(narrow, 0, descriptor + 8).putLong(old.getInt(descriptor + 8) & 0xffffffffL)
                .putLong(old.getInt(descriptor + 12) & 0xffffffffL).put(narrow, descriptor + 16, narrow.length - descriptor - 16);
        byte[] archive = wide.array();
        int end = lastIndexOf(archive, new byte[] {'P', 'K', 5, 6}, archive.length);
        int directory = wide.getInt(end + 16) + 8;
        wide.putInt(end + 16, directory);
        for (int record = directory; record < end; record += 46 + wide.getShort(record + 28) + wide.getShort(record + 30)
                + wide.getShort(record + 32)) {
            if (wide.getInt(record + 42) > descriptor) {
                wide.putInt(record + 42, wide.getInt(record + 42) + 8);
            }
        }
        return archive;
    }

    /// An archive cut inside its comment: the end record is whole but its comment runs past the end
    /// of the file. The file walk said only `EOFException` (what `ZipFile` threw), naming nothing.
    @Test
    void anArchiveCutInsideItsCommentIsRefusedAsTruncatedByBothWalks() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setComment("c".repeat(5000));
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write(WELLS.getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 1000);
        for (boolean stream : new boolean[] {true, false}) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> run(ZipStreamProcessor.builder().build(), cut, "cut.zip", e -> { }, stream));
            assertThat(thrown).as("stream: %s", stream).isInstanceOfSatisfying(SourceDataException.class, e -> {
                assertThat(e.problem()).isEqualTo(Problem.TRUNCATED_ARCHIVE);
                assertThat(e.archive()).contains("cut.zip");
                assertThat(e.getMessage()).doesNotContain("EOFException");
            });
        }
    }

    /// A directory that lies about an entry its local header describes truthfully: the stream walk
    /// reads only local headers, every other reader goes by the directory, so the archive reads
    /// differently depending on who reads it. Both walks refuse it.
    @Test
    void aCentralDirectoryThatDisagreesWithTheEntriesIsRefusedByBothWalks() throws IOException {
        byte[] honest = zip(entries("a.txt", WELLS, "b.txt", WELLS));
        int second = lastIndexOf(honest, new byte[] {'P', 'K', 1, 2}, honest.length);
        int end = lastIndexOf(honest, new byte[] {'P', 'K', 5, 6}, honest.length);
        Map<String, java.util.function.Consumer<java.nio.ByteBuffer>> lies = new LinkedHashMap<>();
        lies.put("crc", b -> b.putInt(second + 16, 0xdeadbeef));
        lies.put("compressed size", b -> b.putInt(second + 20, b.getInt(second + 20) - 3));
        lies.put("size", b -> b.putInt(second + 24, 3));
        lies.put("method", b -> b.putShort(second + 10, (short) 12));
        lies.put("encrypted", b -> b.putShort(second + 8, (short) (b.getShort(second + 8) | 1)));
        lies.put("local header offset", b -> b.putInt(second + 42, 123456));
        lies.put("name", b -> b.put(second + 46, (byte) 'c'));
        lies.put("directory offset", b -> b.putInt(end + 16, b.getInt(end + 16) + 7));
        for (var lie : lies.entrySet()) {
            byte[] archive = honest.clone();
            lie.getValue().accept(java.nio.ByteBuffer.wrap(archive).order(java.nio.ByteOrder.LITTLE_ENDIAN));
            for (boolean stream : new boolean[] {true, false}) {
                String what = lie.getKey() + (stream ? ", stream" : ", file");
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                        () -> run(ZipStreamProcessor.builder().build(), archive, "lie.zip", e -> { }, stream));
                assertThat(thrown).as(what).isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).as(what).isIn(Problem.CORRUPT_ARCHIVE, Problem.TRUNCATED_ARCHIVE,
                            Problem.ZIP_BOMB);
                    assertThat(e.archive()).contains("lie.zip");
                    if (lie.getKey().equals("name")) {
                        assertThat(e.problem()).as(what).isEqualTo(Problem.CORRUPT_ARCHIVE);
                        assertThat(e.getMessage()).as(what).contains("b.txt").contains("c.txt");
                    }
                    if (lie.getKey().equals("method") || lie.getKey().equals("encrypted")) {
                        // The file walk said only the JDK's "invalid CEN header (encrypted entry)".
                        assertThat(e.getMessage()).as(what).contains("b.txt").doesNotContain("CEN");
                    }
                });
            }
        }
        assertThat(run(ZipStreamProcessor.builder().build(), honest, "honest.zip", e -> { }, true)).hasSize(2);
    }

    /// The same fault from the other side: an honest directory, a local header that lies. The file
    /// walk reads each entry through the directory (`java.util.zip.ZipFile`), the stream walk through
    /// the local headers; each local header, at the offset the directory gives, must agree with its
    /// record, so both walks refuse the archive as corrupt, naming archive and entry.
    @Test
    void aLocalHeaderThatDisagreesWithItsDirectoryRecordIsRefusedByBothWalksAlike() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            writeStored(out, "a.txt", WELLS.getBytes(StandardCharsets.US_ASCII));
            writeStored(out, "b.txt", WELLS.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] honest = bytes.toByteArray();
        int directory = lastIndexOf(honest, new byte[] {'P', 'K', 1, 2}, honest.length);
        int second = lastIndexOf(honest, new byte[] {'P', 'K', 3, 4}, directory);
        Map<String, java.util.function.Consumer<java.nio.ByteBuffer>> lies = new LinkedHashMap<>();
        lies.put("name", b -> b.put(second + 30, (byte) 'c'));
        lies.put("crc", b -> b.putInt(second + 14, 0xdeadbeef));
        lies.put("method", b -> b.putShort(second + 8, (short) 8));
        for (var lie : lies.entrySet()) {
            byte[] archive = honest.clone();
            lie.getValue().accept(java.nio.ByteBuffer.wrap(archive).order(java.nio.ByteOrder.LITTLE_ENDIAN));
            for (boolean stream : new boolean[] {true, false}) {
                String what = "local " + lie.getKey() + (stream ? ", stream" : ", file");
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                        () -> run(ZipStreamProcessor.builder().build(), archive, "lie.zip", e -> { }, stream));
                assertThat(thrown).as(what).isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).as(what).isEqualTo(Problem.CORRUPT_ARCHIVE);
                    assertThat(e.archive()).as(what).contains("lie.zip");
                    assertThat(e.getMessage()).as(what).containsAnyOf("b.txt", "c.txt");
                });
            }
        }
        assertThat(run(ZipStreamProcessor.builder().build(), honest, "honest.zip", e -> { }, false)).hasSize(2);
    }

    @Test
    void badCrcIsCorrupt() throws IOException {
        // A stored entry whose data changes after the CRC was recorded.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] text = WELLS.getBytes(StandardCharsets.US_ASCII);
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            writeStored(out, "wells.txt", text);
        }
        byte[] archive = bytes.toByteArray();
        int at = indexOf(archive, "B-2".getBytes(StandardCharsets.US_ASCII));
        archive[at] = 'C';
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(archive, "crc.zip", Problem.CORRUPT_ARCHIVE, "CRC", stream);
        }
    }

    /// Python's `zipfile` reads bzip2 and LZMA entries, the reader only stored and deflated ones; both
    /// walks refuse another method naming the entry and the method, with the method's name where it
    /// has one (the file walk's `ZipFile` names neither when it refuses the whole archive on opening
    /// it).
    @Test
    void entriesCompressedWithAnUnsupportedMethodAreRefusedByName() throws IOException {
        Map<Integer, String> methods = Map.of(12, " (bzip2)", 14, " (LZMA)", 9, " (Deflate64)", 93, " (Zstandard)", 77, "");
        for (int method : methods.keySet()) {
            byte[] archive = zip(entries("a.txt", WELLS, "b.txt", WELLS));
            byte[] name = "b.txt".getBytes(StandardCharsets.US_ASCII);
            int local = indexOf(archive, name) - 30;
            int central = archive.length - name.length;
            while (!Arrays.equals(archive, central, central + name.length, name, 0, name.length)) {
                central--;
            }
            central -= 46;
            ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN).putShort(local + 8, (short) method)
                    .putShort(central + 10, (short) method);
            for (boolean stream : new boolean[] {true, false}) {
                assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "m.zip", e -> { }, stream))
                        .as(stream ? "stream" : "file")
                        .isInstanceOfSatisfying(SourceDataException.class, e -> {
                            assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                            assertThat(e.entry()).contains("b.txt");
                            assertThat(e.getMessage()).startsWith("m.zip: b.txt: ")
                                    .contains("compression method " + method + methods.get(method) + ", which is not")
                                    .doesNotContain("CEN");
                        });
            }
        }
    }

    /// A password-protected archive (`zip -e`, 7-Zip `-p`): both walks name the entry and say it is
    /// encrypted, not that the archive is damaged or its directory invalid.
    @Test
    void encryptedEntriesAreRefusedByName() throws IOException {
        byte[] archive = zip(entries("a.txt", WELLS, "b.txt", WELLS));
        byte[] name = "b.txt".getBytes(StandardCharsets.US_ASCII);
        int local = indexOf(archive, name) - 30;
        int central = lastIndexOf(archive, new byte[] {'P', 'K', 1, 2}, archive.length);
        ByteBuffer bytes = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putShort(local + 6, (short) (bytes.getShort(local + 6) | 1))
                .putShort(central + 8, (short) (bytes.getShort(central + 8) | 1));
        for (boolean stream : new boolean[] {true, false}) {
            assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "secret.zip", e -> { }, stream))
                    .as(stream ? "stream" : "file")
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                        assertThat(e.getMessage()).isEqualTo("secret.zip: b.txt: the entry is encrypted"
                                + " (password-protected), which is not supported");
                    });
        }
    }

    @Test
    void damageThatReadsAsAMalformedRowIsStillNamedAsDamage() throws IOException {
        // One byte of a stored entry changed in transit or on the server: "A-1" became "A,1", so line
        // 1,002 has a field too many, a megabyte before the entry's end, where its CRC is checked.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String row = "608164000101,,B-2\n";
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            writeStored(out, "wells.txt", ("API,DEPTH,NAME\n" + row.repeat(1_000) + "608164000100,120,A-1\n"
                    + row.repeat(60_000)).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] archive = bytes.toByteArray();
        archive[indexOf(archive, "A-1".getBytes(StandardCharsets.US_ASCII)) + 1] = ',';
        for (boolean stream : new boolean[] {true, false}) {
            List<String> received = new ArrayList<>();
            assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "damaged.zip",
                    e -> received.add(e.entryName()), stream))
                    .as(stream ? "stream" : "file")
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).as(e.getMessage()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                        assertThat(e.getMessage()).contains("damaged.zip", "wells.txt", "CRC");
                        // What the damaged bytes looked like stays attached for -v.
                        assertThat(e.getSuppressed()).singleElement().isInstanceOfSatisfying(SourceDataException.class,
                                parse -> assertThat(parse.problem()).isEqualTo(Problem.MALFORMED_ROW));
                    });
            assertThat(received).isEmpty();
        }
    }

    /// An entry with a data descriptor is read on the thread that reads the archive, which finds its
    /// damage there (a CRC-32 that does not fit, a descriptor that never comes), while a worker parses
    /// its bytes: with two threads, as with one, the damage is reported, not what the damaged bytes
    /// looked like as text (a row with a field too many, the NUL bytes of a descriptor read as data).
    @Test
    void damageInAnEntryWithADataDescriptorIsNamedAsDamageWithTwoThreadsToo() throws IOException {
        String text = "API,DEPTH,NAME\n" + "608164000101,,B-2\n".repeat(1_000) + "608164000100,120,A-1\n"
                + "608164000101,,B-2\n".repeat(2_000);
        RawZip.Archive written = RawZip.of(new RawZip.Item("wells.txt", text.getBytes(StandardCharsets.US_ASCII),
                RawZip.STORED, true, false), RawZip.Item.sized("b.txt", "A\n1\n"));
        byte[] malformed = written.bytes().clone();
        malformed[indexOf(malformed, "A-1".getBytes(StandardCharsets.US_ASCII)) + 1] = ',';
        RawZip.Placed wells = written.entries().get(0);
        byte[] cut = written.cut(wells.data() + wells.compressedSize() + 10);
        Map<String, Problem> archives = new LinkedHashMap<>();
        archives.put("a row with a field too many", Problem.CORRUPT_ARCHIVE);
        archives.put("a descriptor cut short", Problem.TRUNCATED_ARCHIVE);
        Map<String, byte[]> bytes = Map.of("a row with a field too many", malformed, "a descriptor cut short", cut);
        archives.forEach((what, problem) -> {
            for (int threads : new int[] {1, 2}) {
                String as = what + ", " + threads + " threads";
                assertThatThrownBy(() -> ZipStreamProcessor.builder().parallelism(threads).spoolDirectory(dir).build()
                        .process(new ByteArrayInputStream(bytes.get(what)), "damaged.zip", e -> { }))
                        .as(as)
                        .isInstanceOfSatisfying(SourceDataException.class, e -> {
                            assertThat(e.problem()).as(as + ": " + e.getMessage()).isEqualTo(problem);
                            assertThat(e.entry()).as(as).contains("wells.txt");
                        });
            }
        });
    }

    @Test
    void damagedCompressedDataIsCorrupt() throws IOException {
        StringBuilder text = new StringBuilder("A,B\n");
        for (int i = 0; i < 20000; i++) {
            text.append(i).append(",x").append(i * 31 % 977).append('\n');
        }
        byte[] archive = zip(entries("big.txt", text.toString()));
        // Flip bytes in the middle of the deflate stream.
        for (int i = 2000; i < 2040; i++) {
            archive[i] ^= (byte) 0x5A;
        }
        for (boolean stream : new boolean[] {true, false}) {
            List<String> received = new ArrayList<>();
            assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "flip.zip",
                    e -> received.add(e.entryName()), stream))
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).as(e.getMessage()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                        assertThat(e.entry()).contains("big.txt");
                    });
            assertThat(received).isEmpty();
        }
    }

    @Test
    void truncatedArchivesAreRefused() throws IOException {
        StringBuilder text = new StringBuilder("A,B\n");
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(",v").append(i % 13).append('\n');
        }
        byte[] archive = zip(entries("first.txt", text.toString(), "second.txt", WELLS));
        // Cut inside the first entry's data.
        byte[] cutInData = Arrays.copyOf(archive, 400);
        assertRefused(cutInData, "cut.zip", Problem.TRUNCATED_ARCHIVE, "first.txt", true);
        assertRefused(cutInData, "cut.zip", Problem.TRUNCATED_ARCHIVE, "no central directory", false);
        // Cut exactly where the central directory starts: every entry is whole, the directory is gone.
        int centralDirectory = lastIndexOf(archive, new byte[] {'P', 'K', 1, 2}, archive.length);
        while (true) {
            int earlier = lastIndexOf(archive, new byte[] {'P', 'K', 1, 2}, centralDirectory - 1);
            if (earlier < 0) {
                break;
            }
            centralDirectory = earlier;
        }
        byte[] noDirectory = Arrays.copyOf(archive, centralDirectory);
        List<String> received = new ArrayList<>();
        assertThatThrownBy(() -> ZipStreamProcessor.builder().build().process(new ByteArrayInputStream(noDirectory),
                "nodir.zip", e -> received.add(e.entryName())))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.TRUNCATED_ARCHIVE);
                    // The stream ended as it was given: the archive is cut short, not the transfer,
                    // whose cuts reach the walk as failures of the stream (it said "the download is
                    // incomplete" of an archive served whole).
                    assertThat(e.getMessage()).endsWith("the archive ends without its central directory (after "
                            + dev.bsee.core.internal.MessageText.count(noDirectory.length, "byte") + " and 2 entries): the archive is truncated");
                });
        assertThat(received).containsExactly("first.txt", "second.txt");
        assertRefused(noDirectory, "nodir.zip", Problem.TRUNCATED_ARCHIVE, "no central directory", false);
    }

    /// A directory that declares more compressed bytes for an entry with a data descriptor than lie
    /// before the next entry: the two overlap, said so by the file walk; it said "-100 bytes follow
    /// the data at N, not a data descriptor".
    @Test
    void anEntryWhoseDeclaredDataRunsIntoTheNextOneIsSaidToOverlapIt() throws IOException {
        byte[] archive = zip(entries("a.txt", WELLS, "b.txt", WELLS));
        int record = lastIndexOf(archive, new byte[] {'P', 'K', 1, 2}, archive.length);
        record = lastIndexOf(archive, new byte[] {'P', 'K', 1, 2}, record - 1);
        ByteBuffer view = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(view.getShort(record + 8) & 8).as("a.txt has a data descriptor").isEqualTo(8);
        view.putInt(record + 20, view.getInt(record + 20) + 100);
        List<String> received = new ArrayList<>();
        assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "overlap.zip",
                e -> received.add(e.entryName()), false))
                .isInstanceOfSatisfying(SourceDataException.class, e -> assertThat(e.getMessage())
                        .matches("overlap\\.zip: a\\.txt: the entries do not follow one another as the central directory"
                                + " lists them: the bytes at \\d+ belong to two entries"));
    }

    @Test
    void zipBombsAreStoppedByRatioAndBySize() throws IOException {
        // 40 MB of one repeated row compresses about 1000-fold.
        String row = "0,0,0,0\n";
        byte[] bomb = zip(entries("bomb.txt", "A,B,C,D\n" + row.repeat(5_000_000)));
        assertThat(bomb.length).isLessThan(200_000);
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(bomb, "bomb.zip", Problem.ZIP_BOMB, "beyond the limit of 200", stream);
        }
        ZipStreamProcessor lenient = ZipStreamProcessor.builder().maxExpansionRatio(5000).maxEntryBytes(10_000_000).build();
        assertThatThrownBy(() -> lenient.process(new ByteArrayInputStream(bomb), "bomb.zip", e -> { }))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.ZIP_BOMB);
                    assertThat(e.getMessage()).contains("beyond the limit of 10,000,000 bytes");
                });
        assertThatThrownBy(() -> lenient.process(file("bomb.zip", bomb), e -> { }))
                .isInstanceOfSatisfying(SourceDataException.class, e -> assertThat(e.problem()).isEqualTo(Problem.ZIP_BOMB));
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        List<EntrySummary> allowed = ZipStreamProcessor.builder().maxExpansionRatio(5000).listener(events::add)
                .build().process(new ByteArrayInputStream(bomb), "bomb.zip", e -> { });
        assertThat(allowed.getFirst().rows()).isEqualTo(5_000_000);
        List<ProgressEvent.EntryProgress> progress = events.stream()
                .filter(e -> e instanceof ProgressEvent.EntryProgress).map(e -> (ProgressEvent.EntryProgress) e).toList();
        assertThat(progress.size()).as("progress every few megabytes of a 40 MB entry").isGreaterThanOrEqualTo(4);
        assertThat(progress).isSortedAccordingTo(java.util.Comparator.comparingLong(ProgressEvent.EntryProgress::bytes));
        assertThat(progress.getLast().rows()).isEqualTo(5_000_000);
        assertThat(events.getLast()).isInstanceOf(ProgressEvent.EntryFinished.class);
    }

    /// The ratio judges the bytes inflated so far: an entry that opens with a long field of repeated
    /// words, a few megabytes at several hundred-fold, and goes on as ordinary text compressed about
    /// 10-fold is honest, and pandas reads it. It was refused as a bomb from its second megabyte,
    /// by its declared sizes when the header gives them and as it inflated when it does not.
    @Test
    void anHonestEntryWhoseBeginningCompressesFarBetterThanTheWholePasses() throws IOException {
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder("API_WELL_NUMBER,REMARK\n1,\"")
                .append("plugged and abandoned ".repeat(110_000)).append("\"\n");
        int rows = 1;
        while (text.length() < 12_000_000) {
            text.append(random.nextLong(1_000_000_000L)).append(',').append(Long.toString(random.nextLong(), 36)).append('\n');
            rows++;
        }
        // And a small entry that is all such a field: 2.4 MB, several hundred-fold as a whole.
        String remark = "A,B\n1,\"" + "plugged and abandoned ".repeat(110_000) + "\"\n";
        byte[] archive = zip(entries("wells.txt", text.toString(), "remark.txt", remark));
        assertThat((double) (text.length() + remark.length()) / archive.length).as("the archive's ratio").isLessThan(20);
        for (boolean stream : new boolean[] {true, false}) {
            List<EntrySummary> read = stream
                    ? ZipStreamProcessor.builder().build().process(new ByteArrayInputStream(archive), "wells.zip", e -> { })
                    : ZipStreamProcessor.builder().build().process(file("wells.zip", archive), e -> { });
            assertThat(read).extracting(EntrySummary::rows).as("stream " + stream).containsExactly(rows, 1);
        }
    }

    @Test
    void controlCharactersOfEntryNamesAndTextReachMessagesEscaped() throws IOException {
        String name = "wells\u001b[2J\rFAKE.txt";
        byte[] archive = zip(entries(name, "A,B\n1,2\n3,4,\u001b]0;x\u0007\n"));
        for (boolean stream : new boolean[] {true, false}) {
            assertThatThrownBy(() -> run(ZipStreamProcessor.builder().build(), archive, "ctl.zip", e -> { }, stream))
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.entry()).contains(name);
                        assertThat(e.getMessage()).startsWith("ctl.zip: wells\\e[2J\\rFAKE.txt: line 3: ")
                                .doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0007");
                    });
        }
    }

    /// A header is written by a program: a NUL in it says the entry is binary data or damaged, and
    /// it is refused (pandas would cut the name at the NUL). A stray NUL after the header's first
    /// character is no UTF-16 either (which was said of it).
    @Test
    void aNulByteInTheHeaderIsRefusedAsBinary() throws IOException {
        byte[] header = zip(entries("head.txt", "A\u0000Z,B\n1,2\n"));
        byte[] quoted = zip(entries("quoted.txt", "\"A\",\"B\u0000\"\n1,2\n"));
        for (boolean stream : new boolean[] {true, false}) {
            assertRefused(header, "head.zip", Problem.UNDECODABLE_TEXT, "head.zip: head.txt: line 1: a NUL byte in the"
                    + " header, which no column name holds: binary data or a damaged file", stream);
            assertRefused(quoted, "quoted.zip", Problem.UNDECODABLE_TEXT, "quoted.txt: line 1: a NUL byte in the"
                    + " header", stream);
            // After a blank line, the first line is the header: its NUL is refused there.
            assertRefused(zip(entries("blank.txt", "\n12\u00003\nx\n")), "blank.zip", Problem.UNDECODABLE_TEXT,
                    "blank.txt: line 2: a NUL byte in the header", stream);
            // One character and a NUL is no UTF-16 text (which was said of them).
            for (String text : new String[] {"A\u0000", "A\u0000\n", "\u0000A\n1\n"}) {
                assertRefused(zip(entries("short.txt", text)), "short.zip", Problem.UNDECODABLE_TEXT,
                        "short.txt: line 1: a NUL byte in the header", stream);
            }
        }
    }

    /// In a data field a NUL ends the value, as pandas' strings end there (`PandasTextRulesTest` holds
    /// the cases to pandas): a free-text field with a stray control character must not fail the
    /// whole source that the Python system reads. The cut is said once per entry as a warning.
    @Test
    void aNulByteInADataFieldEndsTheValueAsInPandasAndIsLogged() throws IOException {
        byte[] archive = zip(entries("blob.txt", "A,B\n1,\u00002\n3\u0000,x\u0000y\n\"5\u0000\n\",z\n"));
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName().startsWith("dev.bsee.scraper")) {
                    logged.add(record.getLevel() + " " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (boolean stream : new boolean[] {true, false}) {
                logged.clear();
                List<Table> tables = Collections.synchronizedList(new ArrayList<>());
                run(ZipStreamProcessor.builder().build(), archive, "blob.zip", e -> tables.add(e.table()), stream);
                Table table = tables.getFirst();
                assertThat(table.column("A")).isEqualTo(Int64Column.of(1, 3, 5));
                assertThat(table.column("B")).isEqualTo(ObjectColumn.of(null, "x", "z"));
                assertThat(logged).containsExactly("WARNING blob.zip: blob.txt: line 2: 4 fields hold a NUL byte, the"
                        + " first on this line: each keeps only its text before its first NUL, as pandas reads them");
            }
        } finally {
            root.removeHandler(capture);
        }
    }

    /// UTF-16 text (Excel's "Unicode text", PowerShell's `Out-File`) has a NUL beside every ASCII
    /// character; pandas reads it as ISO-8859-1 into junk. It is refused, saying it is UTF-16, not binary.
    @Test
    void utf16TextIsRefusedAsUtf16() throws IOException {
        String text = "A,B\n1,2\n";
        Map<String, byte[]> texts = Map.of(
                "le.txt", ("\ufeff" + text).getBytes(StandardCharsets.UTF_16LE),
                "be.txt", ("\ufeff" + text).getBytes(StandardCharsets.UTF_16BE),
                "unmarked.txt", text.getBytes(StandardCharsets.UTF_16LE),
                "unmarked-be.txt", ("A\tB\n").getBytes(StandardCharsets.UTF_16BE),
                "unmarked-latin.txt", ("A\u00e9,B\n").getBytes(StandardCharsets.UTF_16LE));
        for (Map.Entry<String, byte[]> entry : texts.entrySet()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
            String why = entry.getKey().startsWith("unmarked") ? "looks like UTF-16" : "is UTF-16 (it starts with a"
                    + " UTF-16 byte order mark)";
            for (boolean stream : new boolean[] {true, false}) {
                assertRefused(bytes.toByteArray(), "unicode.zip", Problem.UNDECODABLE_TEXT, entry.getKey()
                        + ": line 1: a NUL byte: the text " + why, stream);
            }
        }
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> ZipStreamProcessor.builder().maxExpansionRatio(0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipStreamProcessor.builder().maxExpansionRatio(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipStreamProcessor.builder().maxEntryBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipStreamProcessor.builder().parallelism(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZipStreamProcessor.builder().entryFilter(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void customFilterAndLayouts() throws IOException {
        byte[] archive = zip(entries("x.csv", "1,2\n3,4\n", "y.txt", WELLS));
        List<Table> tables = Collections.synchronizedList(new ArrayList<>());
        List<EntrySummary> summaries = ZipStreamProcessor.builder()
                .entryFilter(n -> n.endsWith(".csv"))
                .layouts(n -> dev.bsee.core.TableLayout.columnNames(List.of("P", "Q")))
                .build().process(new ByteArrayInputStream(archive), "c.zip", e -> tables.add(e.table()));
        assertThat(summaries).extracting(EntrySummary::outputName).containsExactly("x.bin");
        assertThat(tables.getFirst().columnNames()).containsExactly("P", "Q");
        assertThat(tables.getFirst().column("Q")).isEqualTo(Int64Column.of(2, 4));
    }

    /// Writes `text` as a stored (uncompressed) entry, so a test can change its bytes in the archive.
    static void writeStored(ZipOutputStream out, String name, byte[] text) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(text.length);
        CRC32 crc = new CRC32();
        crc.update(text);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(text);
        out.closeEntry();
    }

    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] data, byte[] pattern, int before) {
        outer:
        for (int i = Math.min(before, data.length - pattern.length); i >= 0; i--) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /// A file whose first read fails (here the kernel's EIO for `/proc/self/mem` at offset 0): the
    /// error names the file, not only the reason.
    @Test
    void aFileThatCannotBeReadIsNamedInTheError() {
        Path memory = Path.of("/proc/self/mem");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(memory), "a Linux /proc");
        assertThatThrownBy(() -> ZipStreamProcessor.builder().build().process(memory, entry -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining(memory.toString());
    }
}
