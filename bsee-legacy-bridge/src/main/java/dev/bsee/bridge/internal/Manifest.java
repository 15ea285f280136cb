package dev.bsee.bridge.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.bridge.FileReport;
import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.core.DType;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.internal.SafeText;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/// What an output folder holds and where it came from; kept beside the folder as `manifest.json`.
///
/// @param source the source id
/// @param path the refresh path that wrote the files
/// @param url the archive's address, or the zip folder's `file:` address
/// @param etag the ETag the server sent with the archive
/// @param lastModified the Last-Modified the server sent with the archive
/// @param written when the files were moved into place
/// @param dialect the pickle dialect of the files
/// @param files the `.bin` files, in entry order
/// @param stamps what a stat of each file gave once it was in place, by file name (see [WrittenFile]):
///               none for a file whose stat was not taken, nor in a manifest of an earlier version
public record Manifest(String source, RefreshPath path, Optional<URI> url, Optional<String> etag,
                       Optional<String> lastModified, Instant written, PickleDialect dialect, List<FileReport> files,
                       Map<String, WrittenFile.Stamp> stamps) {

    /// The manifest format written and read here.
    static final int FORMAT = 1;

    /// Whether `other` was written by a refresh of the same source (on either path: a download
    /// supersedes the files the legacy path made of the same source's local archives). Only a
    /// source's own earlier files are compared with, and superseded by, its next refresh.
    ///
    /// @param other another manifest of the folder
    /// @return whether both come from one source
    boolean sameSource(Manifest other) {
        return source.equals(other.source);
    }

    /// Validates and copies the manifest. The source is named by its catalog id: the first versions
    /// wrote the Python configuration's name (`well` for `apd`, `production` for `production_raw`),
    /// and such a manifest, taken for another source's, had none of the folder's files count as the
    /// source's own (never superseded, each one replaced kept aside as not its own).
    public Manifest {
        source = SourceCatalog.of().canonicalId(Objects.requireNonNull(source, "source"));
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(dialect, "dialect");
        files = List.copyOf(files);
        stamps = Map.copyOf(stamps);
    }

    /// A manifest that records no stat of its files yet: the commit records them once the files are
    /// in place ([#stamped]).
    ///
    /// @param source the source id
    /// @param path the refresh path that wrote the files
    /// @param url the archive's address, or the zip folder's `file:` address
    /// @param etag the ETag the server sent with the archive
    /// @param lastModified the Last-Modified the server sent with the archive
    /// @param written when the files were moved into place
    /// @param dialect the pickle dialect of the files
    /// @param files the `.bin` files, in entry order
    public Manifest(String source, RefreshPath path, Optional<URI> url, Optional<String> etag,
                    Optional<String> lastModified, Instant written, PickleDialect dialect, List<FileReport> files) {
        this(source, path, url, etag, lastModified, written, dialect, files, Map.of());
    }

    /// What the manifest recorded of the stat of `file`, if anything.
    ///
    /// @param file the file name
    /// @return the stamp
    Optional<WrittenFile.Stamp> stampOf(String file) {
        return Optional.ofNullable(stamps.get(file));
    }

    /// Whether `file` (a name this manifest lists) is still what the refresh wrote: see [WrittenFile].
    ///
    /// @param folder the folder of `.bin` files
    /// @param file what this manifest says of the file
    /// @return how the file stands
    /// @throws IOException when it cannot be stat'ed or read
    WrittenFile.Standing standing(Path folder, FileReport file) throws IOException {
        return WrittenFile.standing(folder.resolve(file.file()), file, stampOf(file.file()));
    }

    /// This manifest with `stamps` recorded, of the files it lists only.
    ///
    /// @param stamps stamps by file name
    /// @return the manifest
    Manifest stamped(Map<String, WrittenFile.Stamp> stamps) {
        Map<String, WrittenFile.Stamp> listed = new java.util.HashMap<>(stamps);
        listed.keySet().retainAll(filesByName().keySet());
        return new Manifest(source, path, url, etag, lastModified, written, dialect, files, listed);
    }

    /// The file names listed.
    ///
    /// @return the names
    public List<String> fileNames() {
        return files.stream().map(FileReport::file).toList();
    }

    /// The files listed, by name: for looking files up one by one, which a scan of [#files()] or
    /// [#fileNames()] each time makes quadratic (a commit of 70,000 files spent minutes so).
    ///
    /// @return the files by name
    Map<String, FileReport> filesByName() {
        Map<String, FileReport> byName = new java.util.HashMap<>();
        files.forEach(file -> byName.put(file.file(), file));
        return byName;
    }

    /// This manifest with another version's ETag and Last-Modified: an archive zipped anew (new
    /// validators) that gave the very files this manifest lists.
    ///
    /// @param etag the ETag, if any
    /// @param lastModified the Last-Modified, if any
    /// @return the manifest
    Manifest withValidators(Optional<String> etag, Optional<String> lastModified) {
        return new Manifest(source, path, url, etag, lastModified, written, dialect, files, stamps);
    }

    /// This manifest listing `files` instead, without the archive's ETag and Last-Modified: for a
    /// folder whose content no longer matches one version of the archive, so that the next refresh
    /// downloads it in full.
    ///
    /// @param files the files the folder holds
    /// @return the manifest
    Manifest withoutValidators(List<FileReport> files) {
        Map<String, WrittenFile.Stamp> listed = new java.util.HashMap<>(stamps);
        listed.keySet().retainAll(java.util.Set.copyOf(files.stream().map(FileReport::file).toList()));
        return new Manifest(source, path, url, Optional.empty(), Optional.empty(), written, dialect, files, listed);
    }

    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("format", FORMAT);
        node.put("source", source);
        node.put("path", path.label());
        node.put("url", url.map(URI::toString).orElse(null));
        node.put("etag", etag.orElse(null));
        node.put("last_modified", lastModified.orElse(null));
        node.put("written", written.toString());
        node.put("dialect", dialect.name().toLowerCase(Locale.ROOT));
        ArrayNode list = node.putArray("files");
        for (FileReport file : files) {
            ObjectNode entry = Json.file(file);
            stampOf(file.file()).ifPresent(stamp -> entry.set("stat", stamp.toJson()));
            list.add(entry);
        }
        return node;
    }

    /// Writes the manifest as [Json#write(JsonNode, OutputStream)] writes [#toJson()], byte for byte,
    /// one file at a time: a manifest of tens of thousands of files is measured and written without
    /// holding its whole tree, which took more heap than the files' descriptions themselves.
    ///
    /// @param out the stream, left open
    /// @throws IOException when writing fails
    void write(OutputStream out) throws IOException {
        try (JsonGenerator generator = Json.generator(out)) {
            writeTo(generator);
        }
        out.write('\n');
    }

    /// Writes the manifest as one JSON value to `generator`, one file at a time.
    ///
    /// @param generator where it goes
    /// @throws IOException when writing fails
    void writeTo(JsonGenerator generator) throws IOException {
        ObjectNode head = new Manifest(source, path, url, etag, lastModified, written, dialect, List.of()).toJson();
        head.remove("files");
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> field : head.properties()) {
            generator.writeFieldName(field.getKey());
            generator.writeTree(field.getValue());
        }
        generator.writeArrayFieldStart("files");
        for (FileReport file : files) {
            ObjectNode entry = Json.file(file);
            stampOf(file.file()).ifPresent(stamp -> entry.set("stat", stamp.toJson()));
            generator.writeTree(entry);
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /// Reads a manifest from `parser`, at the start of its object or just before it, a file's
    /// description at a time: only the files' descriptions are held, never the whole tree, which
    /// took several times the manifest's size of the heap (a manifest of 75,000 files is 17 MB of
    /// text). The checks are those of a manifest read whole, in the same order: the format first,
    /// wherever the object has it, then the files.
    ///
    /// @param parser the parser, left after the object
    /// @param where the file, for messages
    /// @return the manifest
    /// @throws IOException when it is damaged (a [RuntimeException] as its cause), or not JSON
    static Manifest read(JsonParser parser, String where) throws IOException {
        try {
            JsonToken start = parser.currentToken() == null ? parser.nextToken()
                    : parser.currentToken();
            if (start != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            ObjectNode head = Json.MAPPER.createObjectNode();
            Listing listing = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("files") && value == JsonToken.START_ARRAY) {
                    head.remove(field);
                    listing = new Listing();
                    for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                        if (next == null) {
                            throw new IllegalArgumentException("the list of files does not end");
                        }
                        listing.add(parser.readValueAsTree());
                    }
                } else {
                    if (field.equals("files")) {
                        listing = null;
                    }
                    head.set(field, parser.readValueAsTree());
                }
            }
            JsonNode format = head.path("format");
            if (format.isIntegralNumber() && format.asLong() > FORMAT) {
                throw new NewerFormatException(where, format.asLong());
            }
            if (!format.isIntegralNumber() || format.asLong() != FORMAT) {
                // None a version of this tool wrote: damaged, set aside like any other damage.
                throw new IllegalArgumentException("its format is " + (format.isMissingNode() ? "missing" : format)
                        + ", not " + FORMAT);
            }
            if (listing == null) {
                array(head, "files");
            }
            if (listing.fault != null) {
                throw listing.fault;
            }
            return new Manifest(text(head, "source"), RefreshPath.valueOf(text(head, "path").toUpperCase(Locale.ROOT)),
                    optional(head, "url").map(URI::create), optional(head, "etag"), optional(head, "last_modified"),
                    Instant.parse(text(head, "written")),
                    PickleDialect.valueOf(text(head, "dialect").toUpperCase(Locale.ROOT)), listing.files, listing.stamps);
        } catch (RuntimeException e) {
            throw new IOException("manifest " + where + " is damaged: " + e.getMessage(), e);
        }
    }

    /// The files of a manifest as they are read, one description at a time. The first damaged one
    /// is kept, to be said once the format is known to be this version's: a later version's files
    /// may read as damage to this one.
    private static final class Listing {
        private final List<FileReport> files = new ArrayList<>();
        private final java.util.Set<String> names = new java.util.HashSet<>();
        private final Map<String, WrittenFile.Stamp> stamps = new java.util.HashMap<>();
        private RuntimeException fault;

        void add(JsonNode file) {
            if (fault != null) {
                return;
            }
            try {
                if (!file.isObject()) {
                    throw new IllegalArgumentException("a file of the list is " + file.getNodeType().name()
                            .toLowerCase(Locale.ROOT) + ", not a JSON object");
                }
                List<String> columns = new ArrayList<>();
                array(file, "columns").forEach(c -> columns.add(c.asText()));
                List<DType> dtypes = new ArrayList<>();
                for (JsonNode dtype : array(file, "dtypes")) {
                    dtypes.add(dtype(dtype.asText()));
                }
                // A name with a way out of the folder is a damaged manifest, set aside like any other,
                // never a file to check, hash or remove.
                String name = text(file, "file");
                if (!OutputFolder.isBinName(name)) {
                    throw new IllegalArgumentException("\"" + name + "\" is not the name of a .bin file in the folder");
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException(name + " is listed twice");
                }
                WrittenFile.Stamp.fromJson(file.get("stat")).ifPresent(stamp -> stamps.put(name, stamp));
                files.add(new FileReport(text(file, "entry"), name, count(file, "rows", name), columns,
                        dtypes, digest(file, name), count(file, "bytes", name),
                        optional(file, "newest_production_date").orElse(null)));
            } catch (RuntimeException e) {
                fault = e;
            }
        }
    }

    /// The list `field` of `node`; anything else is damage.
    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a list");
        }
        return value;
    }

    /// The count `field` of the file `name`: a whole number from 0 to the largest long. A negative
    /// count, a fraction or one past a long (which Jackson would wrap) is damage.
    private static long count(JsonNode file, String field, String name) {
        JsonNode value = file.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" of " + name + " is not a count: " + value);
        }
        return value.asLong();
    }

    /// The SHA-256 of the file `name`, as a refresh writes it: 64 lower-case hexadecimal digits.
    /// Anything else is damage: `status` compared the file with it only once the file's stamp
    /// changed, and until then called the folder as written.
    private static String digest(JsonNode file, String name) {
        String digest = text(file, "sha256");
        if (!SHA256_HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("\"sha256\" of " + name + " is not a SHA-256 digest: \""
                    + SafeText.clipped(digest, 80) + "\"");
        }
        return digest;
    }

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private static DType dtype(String numpyName) {
        for (DType dtype : DType.values()) {
            if (dtype.numpyName().equals(numpyName)) {
                return dtype;
            }
        }
        throw new IllegalArgumentException("unknown dtype " + numpyName);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no text field " + field);
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /// A manifest a later version of the tool wrote, in a format this one does not read. Not damage:
    /// setting it aside would drop what that version recorded, so the source stops, saying how to
    /// go on.
    static final class NewerFormatException extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        /// The format the file says it is in.
        private final long format;

        NewerFormatException(String where, long format) {
            this("manifest " + where, format, FORMAT, "refresh the folder with that version, or move the manifest away"
                    + " to have this one write the folder anew (it then reads the whole source again)");
        }

        /// @param what the kind of file and its path, as the message starts
        /// @param format the format the file says it is in
        /// @param known the format of such a file this version reads
        /// @param remedy how to go on
        NewerFormatException(String what, long format, int known, String remedy) {
            super(what + " was written by a newer version of bsee (format " + format + "; this version reads format "
                    + known + "): " + remedy);
            this.format = format;
        }

        /// The format the file says it is in.
        ///
        /// @return the format
        long format() {
            return format;
        }
    }
}
