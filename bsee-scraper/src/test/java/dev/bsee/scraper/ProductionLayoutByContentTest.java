package dev.bsee.scraper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.binary.PickleWriter;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.peer.Fixtures;
import dev.bsee.core.peer.PandasPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// A production entry is headerless with the 19 names unless its first record *is* those names:
/// decided by content, for `ogora*delimit.txt` and for `ProductionRawData/mv_productiondata.txt`
/// (in a subfolder, as the consolidated archives have it). Each case is converted through the zip
/// processor with its default layouts and compared with real pandas reading the same text the way
/// its content calls for: `read_csv(header=None, names=...)` or `read_csv()`.
class ProductionLayoutByContentTest {

    private static final String QUOTED_NAMES = SourceCatalog.PRODUCTION_COLUMNS.stream()
            .map(n -> "\"" + n + "\"").collect(Collectors.joining(","));

    @RegisterExtension
    static final PandasPeers peers = new PandasPeers();

    /// One archive entry: where it sits, its text, and whether its first record is the header.
    private record Case(String archive, String entry, byte[] text, boolean header) {
    }

    @Test
    void productionEntriesAreReadAsTheirFirstRecordSays() throws IOException {
        byte[] real = firstEntry(Fixtures.file("bsee-zip/ogoradelimit.zip"));
        byte[] generated = generatedRows().getBytes(StandardCharsets.UTF_8);
        List<Case> cases = List.of(
                new Case("ogoradelimit.zip", "ogoradelimit.txt", real, false),
                new Case("ogora2025delimit.zip", "ogora2025delimit.txt", withFirstLine(QUOTED_NAMES, real), true),
                new Case("ProductionRawData.zip", "ProductionRawData/mv_productiondata.txt", real, false),
                new Case("ProductionRawData.zip", "ProductionRawData/mv_productiondata.txt",
                        withFirstLine(String.join(",", SourceCatalog.PRODUCTION_COLUMNS), generated), true),
                new Case("ogora2019delimit.zip", "ogora2019delimit.txt", generated, false),
                // Near misses are data: one name in lower case, one with a leading space, one name short.
                new Case("ogora2020delimit.zip", "ogora2020delimit.txt",
                        withFirstLine(QUOTED_NAMES.replace("LEASE_NUMBER", "lease_number"), generated), false),
                new Case("ProductionRawData.zip", "ProductionRawData/mv_productiondata.txt",
                        withFirstLine(QUOTED_NAMES.replace("\"SORT_NAME\"", "\" SORT_NAME\""), generated), false),
                new Case("ogora2021delimit.zip", "ogora2021delimit.txt",
                        withFirstLine(QUOTED_NAMES.replace(",\"UNIT_ALOC_SUFFIX\"", ""), generated), false),
                // A byte order mark, and text that is not UTF-8 (read as ISO-8859-1): with the names
                // first, quoted as BSEE quotes every field or not, they name the columns
                // (read_csv(header=0, names=...)), where read_csv() would keep the mark as text in
                // the first name, and the quotes of a quoted one; without, the mark belongs to the
                // first cell, quotes and all.
                new Case("ogora2022delimit.zip", "ogora2022delimit.txt", bomLatin1(withFirstLine(String.join(",", SourceCatalog.PRODUCTION_COLUMNS), generated)), true),
                new Case("ogora2022delimit.zip", "ogora2022delimit.txt", bomLatin1(withFirstLine(QUOTED_NAMES, generated)), true),
                new Case("ogora2022delimit.zip", "ogora2022delimit.txt", bomLatin1(generatedRows()
                        .replaceFirst("^\" 00016\"", " 00016").getBytes(StandardCharsets.UTF_8)), false),
                new Case("ogora2022delimit.zip", "ogora2022delimit.txt", bomLatin1(generated), false));

        Path work = peers.pandas22().newFile("by-content");
        Files.createDirectories(work);
        List<Map<String, Object>> requests = new ArrayList<>();
        List<EntrySummary> summaries = new ArrayList<>();
        PickleWriter writer = PickleWriter.of();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path zip = work.resolve(i + "-" + c.archive());
            Files.write(zip, zipOf(c.entry(), c.text()));
            Path bin = work.resolve(i + ".bin");
            List<EntrySummary> converted = ZipStreamProcessor.builder().build()
                    .process(zip, entry -> writer.write(entry.table(), bin, work));
            assertThat(converted).as(c.entry()).hasSize(1);
            summaries.add(converted.getFirst());
            Path text = work.resolve(i + ".txt");
            Files.write(text, c.text());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("text", peers.pandas22().peerPath(text));
            request.put("bin", peers.pandas22().peerPath(bin));
            request.put("names", c.header() ? null : SourceCatalog.PRODUCTION_COLUMNS);
            // A header row that is the names gives the columns those names: read_csv(header=0, names=...).
            request.put("rename", c.header() ? SourceCatalog.PRODUCTION_COLUMNS : null);
            requests.add(request);
        }
        JsonNode results = peers.pandas22().call("""
                result = []
                for r in args['cases']:
                    expected = read_csv_like_legacy(r['text'], r['names'])
                    if r['rename'] is not None:
                        expected.columns = r['rename']
                    got = load_pickle(r['bin'])
                    out = same_frame(expected, got)
                    out['rows'] = len(expected)
                    result.append(out)
                """, Map.of("cases", requests));

        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode result = results.get(i);
            assertThat(result.get("equal").asBoolean()).as("%s!%s (header: %s): %s", c.archive(), c.entry(), c.header(),
                    result.get("reason").asText()).isTrue();
            long lines = lines(c.text());
            assertThat(summaries.get(i).rows()).as(c.entry()).isEqualTo(c.header() ? lines - 1 : lines)
                    .isEqualTo(result.get("rows").asLong());
            if (c.header() || c.text()[0] != (byte) 0xEF) {
                assertThat(summaries.get(i).columns()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS);
            }
        }
        // The real headerless entry keeps its first record as data: ' 00016' is the first lease.
        assertThat(summaries.getFirst().rows()).isEqualTo(lines(real)).isGreaterThan(1000);
    }

    /// Production-shaped rows with the quirks of the real files: quoted fields, leading spaces,
    /// empty trailing fields, numbers with and without quotes.
    private static String generatedRows() {
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < 40; row++) {
            text.append(String.format(java.util.Locale.ROOT,
                    "\" %05d\",\" E%03d\",\"2025%02d\",%d,\"%s\",\"%09d\",%d,0,\"%012d\",\"%d\",\"WD  %d\",\"%05d\","
                            + "\"OPERATOR %d LLC\",\"WD%03d\",,\"Q%02d\",\"1972%02d%02d\",\"\",\"%s\"\r\n",
                    row + 16, row % 7, row % 12 + 1, row % 31, row % 3 == 0 ? "G" : "O", row * 1234, row * 7,
                    177190022500L + row, row % 4, row, 3407 + row, row, row % 90, row % 20, row % 12 + 1, row % 28 + 1,
                    row % 5 == 0 ? "A" : ""));
        }
        return text.toString();
    }

    /// The text with a UTF-8 byte order mark before it and a non-breaking space (0xA0, not UTF-8)
    /// in its last record, as some BSEE entries have.
    private static byte[] bomLatin1(byte[] text) {
        byte[] marked = CsvTexts.withByteOrderMark(text);
        int lastQuote = marked.length - 1;
        while (marked[lastQuote] != '"') {
            lastQuote--;
        }
        marked[lastQuote - 1] = (byte) 0xA0;
        return marked;
    }

    private static byte[] withFirstLine(String line, byte[] rest) {
        byte[] first = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] joined = new byte[first.length + rest.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(rest, 0, joined, first.length, rest.length);
        return joined;
    }

    private static long lines(byte[] text) {
        long count = 0;
        for (byte b : text) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    private static byte[] firstEntry(Path zip) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry = entries.getNextEntry();
            assertThat(entry).isNotNull();
            return entries.readAllBytes();
        }
    }

    private static byte[] zipOf(String entryName, byte[] text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            int slash = entryName.lastIndexOf('/');
            if (slash > 0) {
                zip.putNextEntry(new ZipEntry(entryName.substring(0, slash + 1)));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(text);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
