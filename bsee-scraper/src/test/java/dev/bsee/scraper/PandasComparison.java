package dev.bsee.scraper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.core.peer.FrameSpecs;
import dev.bsee.core.peer.PandasPeer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// Reads many texts with the Java reader and with `read_csv_like_legacy` in a pandas peer (one peer
/// call for the whole batch) and reports, per text, whether both agree: the same frame, or both
/// refusing the text.
public final class PandasComparison {

    /// One text to read.
    ///
    /// @param text the bytes
    /// @param names column names for headerless text, or empty for a header row
    public record Case(byte[] text, Optional<List<String>> names) {
        public static Case header(byte[] text) {
            return new Case(text, Optional.empty());
        }

        public static Case headerless(byte[] text, List<String> names) {
            return new Case(text, Optional.of(names));
        }

        @Override
        public String toString() {
            String shown = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replace("\r", "\\r").replace("\n", "\\n");
            return (names.isPresent() ? "headerless " + names.get() + " " : "") + "\"" + shown + "\" (hex "
                    + HexFormat.of().formatHex(text, 0, Math.min(text.length, 64)) + ")";
        }
    }

    /// What happened to one text on both sides.
    ///
    /// @param testCase the text
    /// @param java the Java table, if Java read it
    /// @param javaError the Java exception, if Java refused it
    /// @param pandasError pandas' exception text, if pandas refused it
    /// @param equal whether both tables are the same frame (false when either refused)
    /// @param reason why they differ
    /// @param pandasDtypes the dtypes pandas inferred
    public record Outcome(Case testCase, Optional<Table> java, Optional<SourceDataException> javaError,
                          Optional<String> pandasError, boolean equal, String reason, List<String> pandasDtypes) {

        /// Both sides agree: equal frames, or both refused.
        public boolean agrees() {
            if (equal) {
                return true;
            }
            return javaError.isPresent() && pandasError.isPresent()
                    && sameRefusal(javaError.get().problem(), pandasError.get());
        }

        private static boolean sameRefusal(SourceDataException.Problem problem, String pandas) {
            return switch (problem) {
                case MALFORMED_ROW -> pandas.contains("Expected ") && pandas.contains(" fields in line ")
                        || pandas.contains("Buffer overflow caught");
                case UNTERMINATED_QUOTE -> pandas.contains("EOF inside string");
                case EMPTY_TEXT -> pandas.contains("No columns to parse from file");
                default -> false;
            };
        }

        @Override
        public String toString() {
            return testCase + "\n  java: " + java.map(Table::toString).orElse("")
                    + javaError.map(Throwable::getMessage).orElse("")
                    + "\n  pandas: " + pandasError.orElse("dtypes " + pandasDtypes) + "\n  " + reason;
        }
    }

    private static final String CODE = """
            out = []
            for case in args['cases']:
                try:
                    df = read_csv_like_legacy(case['path'], case['names'])
                except Exception as e:
                    out.append({'pandas_error': type(e).__name__ + ': ' + str(e).strip()})
                    continue
                dtypes = [str(t) for t in df.dtypes]
                r = {'dtypes': dtypes, 'equal': False, 'reason': ''}
                if case['spec'] is not None:
                    r.update(same_frame(df, frame_from_spec(case['spec'])))
                    if not r['equal']:
                        r['reason'] += '\\npandas:\\n' + repr(df.head(8)) + '\\n' + repr(df.dtypes.tolist())
                out.append(r)
            result = out
            """;

    private PandasComparison() {
    }

    /// Reads every case on both sides.
    public static List<Outcome> compare(PandasPeer peer, List<Case> cases) {
        List<Map<String, Object>> requests = new ArrayList<>();
        List<Optional<Table>> tables = new ArrayList<>();
        List<Optional<SourceDataException>> errors = new ArrayList<>();
        try {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Path file = peer.newFile("case" + i + ".csv");
                Files.write(file, c.text());
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("path", peer.peerPath(file));
                request.put("names", c.names().orElse(null));
                CsvTableReader reader = CsvTableReader.builder()
                        .layout(c.names().map(TableLayout::columnNames).orElse(TableLayout.headerRow()))
                        .allocator(BufferAllocator.heap())
                        .entryName("case" + i + ".csv")
                        .build();
                try {
                    Table table = reader.read(new ByteArrayInputStream(c.text()));
                    tables.add(Optional.of(table));
                    errors.add(Optional.empty());
                    request.put("spec", FrameSpecs.spec(table));
                } catch (SourceDataException e) {
                    tables.add(Optional.empty());
                    errors.add(Optional.of(e));
                    request.put("spec", null);
                }
                requests.add(request);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode replies = peer.call(CODE, Map.of("cases", requests));
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode reply = replies.get(i);
            Optional<String> pandasError = reply.has("pandas_error")
                    ? Optional.of(reply.get("pandas_error").asText()) : Optional.empty();
            List<String> dtypes = new ArrayList<>();
            if (reply.has("dtypes")) {
                reply.get("dtypes").forEach(d -> dtypes.add(d.asText()));
            }
            outcomes.add(new Outcome(cases.get(i), tables.get(i), errors.get(i), pandasError,
                    reply.path("equal").asBoolean(false), reply.path("reason").asText(""), dtypes));
        }
        return outcomes;
    }
}
