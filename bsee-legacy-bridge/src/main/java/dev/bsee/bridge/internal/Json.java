package dev.bsee.bridge.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.bridge.FileReport;
import dev.bsee.core.DType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/// The JSON written beside output folders (manifests, journals, failure records) and the report's.
public final class Json {

    /// One mapper: indented output, so manifests read well in a diff.
    public static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    /// A file's description as the manifest and the report write it.
    ///
    /// @param file the file
    /// @return the node
    public static ObjectNode file(FileReport file) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("entry", file.entry());
        node.put("file", file.file());
        node.put("rows", file.rows());
        ArrayNode columns = node.putArray("columns");
        file.columns().forEach(columns::add);
        ArrayNode dtypes = node.putArray("dtypes");
        file.dtypes().stream().map(DType::numpyName).forEach(dtypes::add);
        node.put("sha256", file.sha256());
        node.put("bytes", file.bytes());
        file.newestProductionDate().ifPresent(date -> node.put("newest_production_date", date));
        return node;
    }

    /// Writes `node` as [#text(JsonNode)] gives it, as UTF-8, straight to `out` (left open): a
    /// manifest or journal of tens of thousands of files is tens of MiB of text, which as a string
    /// took several times that of the heap on its way.
    ///
    /// @param node the node
    /// @param out the stream
    /// @throws IOException when writing fails
    public static void write(JsonNode node, OutputStream out) throws IOException {
        MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, node);
        out.write('\n');
    }

    /// A generator writing to `out` (left open when the generator is closed) as [#write(JsonNode,
    /// OutputStream)] writes: for JSON too large to hold as a tree first.
    ///
    /// @param out the stream
    /// @return the generator
    /// @throws IOException when it cannot be made
    static JsonGenerator generator(OutputStream out) throws IOException {
        return MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).createGenerator(out);
    }

    /// Reads the bookkeeping files. Jackson refuses a text of more than 20 MB by default, which a
    /// manifest the commit wrote may hold (a column name of 25 MB, an eighth of the default heap):
    /// read back, it was damaged. The file's own bound ([OutputFolder]) limits every text instead.
    private static final ObjectMapper RECORDS = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build()).build();

    /// A parser of a bookkeeping file, read a value at a time ([com.fasterxml.jackson.core.JsonParser#readValueAsTree()]
    /// gives one as a tree).
    ///
    /// @param in the file's bytes, bounded by the caller
    /// @return the parser, which closes `in`
    /// @throws IOException when it cannot be made
    static com.fasterxml.jackson.core.JsonParser parser(java.io.InputStream in) throws IOException {
        return RECORDS.createParser(in);
    }

    /// Indented JSON text.
    ///
    /// @param node the node
    /// @return the text, ending with a newline
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
