package dev.bsee.scraper;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.internal.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/// Keeps the [ConditionalState] of each source in one small text file, so the next refresh can ask
/// "changed since?" instead of downloading again.
///
/// The file holds one line per source, five tab-separated fields: source id, address, ETag,
/// Last-Modified, and the time of the last check (ISO-8601), with `-` for an absent value; lines
/// starting with `#` are comments. A line of more fields was written by a newer version, which adds
/// what it records after these five: its five are read as any line's, and the fields after them
/// are written back as they were while the line's download stays the same (a state saved with other
/// validators or another address drops them, as they spoke of the previous download). A line keyed by a name the Python configurations
/// give a source (`well`, `production`), as the first versions wrote, is the state of the source
/// that name stands for (`apd`, `production_raw`), unless the file has a line of the source's id
/// as well; the next write keys it by the id. Tabs and line breaks cannot occur in any of the values (HTTP
/// forbids them in these headers), so nothing needs escaping. Each [#save] rewrites the file
/// through a temporary file in the same folder and an atomic move, so a crash leaves the old file
/// or the new one, never half of one.
///
/// Keep the file beside the output folders, not in them (an output folder holds `.bin` files only).
/// The store is thread-safe; two processes sharing one file must be serialised by the caller.
public final class ConditionalStateStore {

    private static final String HEADER = "# bsee-java conditional download state: "
            + "source id, address, ETag, Last-Modified, checked at; '-' when absent";
    private static final String ABSENT = "-";

    private final Path file;
    private final Map<String, ConditionalState> states;
    /// The fields a newer version wrote after the five of a source's line, tab-separated, by id.
    private final Map<String, String> newerFields;

    private ConditionalStateStore(Path file, Map<String, ConditionalState> states, Map<String, String> newerFields) {
        this.file = file;
        this.states = states;
        this.newerFields = newerFields;
    }

    /// Opens the store kept in `file`, reading it if it exists.
    ///
    /// @param file the state file
    /// @return the store
    /// @throws Damaged when the file is not a download state this tool writes (a malformed line, not
    ///                 text, far too large; the message names the file and line)
    /// @throws IOException when the file cannot be read at all (access denied, an I/O error): its
    ///                     content may be intact, so it is not [Damaged]
    public static ConditionalStateStore open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Map<String, ConditionalState> states = new TreeMap<>();
        Map<String, String> newerFields = new TreeMap<>();
        if (Files.exists(file)) {
            List<String> lines = lines(file);
            SourceCatalog catalog = SourceCatalog.of();
            java.util.Set<String> byId = new java.util.HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                ConditionalState state = parse(file, i + 1, fields);
                String id = catalog.canonicalId(state.sourceId());
                boolean ownId = id.equals(state.sourceId());
                if (!ownId && byId.contains(id)) {
                    // The source's own line says more recently what its download was.
                    continue;
                }
                if (ownId) {
                    byId.add(id);
                }
                states.put(id, ownId ? state
                        : ConditionalState.of(id, state.uri(), state.validators(), state.checkedAt().orElse(null)));
                if (fields.length > FIELDS) {
                    newerFields.put(id, String.join("\t", java.util.Arrays.asList(fields).subList(FIELDS, fields.length)));
                } else {
                    newerFields.remove(id);
                }
            }
        }
        return new ConditionalStateStore(file, states, newerFields);
    }

    /// The fields of a line this version writes and reads; a newer version's lines may have more.
    private static final int FIELDS = 5;

    /// The most bytes a state file may have: a line per source or archive, a few hundred bytes each.
    /// The file is held whole while it is read, so one grown or padded past this is refused, not
    /// read into the heap.
    static final int MAX_BYTES = 4 << 20;

    private static List<String> lines(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            // A folder opens and then fails its first read with the bare "Is a directory", as other
            // read errors do: the message names the file.
            throw PathMessages.naming(file, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw damaged(file, "larger than " + (MAX_BYTES >> 20) + " MiB, far more than a download state"
                    + " this tool writes", null);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (CharacterCodingException e) {
            throw damaged(file, "not UTF-8 text, so not a download state this tool writes", e);
        }
    }

    /// The file this store reads and writes.
    ///
    /// @return the path
    public Path file() {
        return file;
    }

    /// The state to pass to [HttpFetcher#fetch(BseeSource, ConditionalState, BodyReader)]: the
    /// stored one when it applies to the source's current address, [ConditionalState#initial]
    /// otherwise.
    ///
    /// @param source the source
    /// @return the state
    public synchronized ConditionalState state(BseeSource source) {
        java.util.Objects.requireNonNull(source, "source");
        ConditionalState stored = states.get(source.id());
        return stored != null && stored.appliesTo(source) ? stored : ConditionalState.initial(source);
    }

    /// The stored state of a source id, if any.
    ///
    /// @param sourceId the id
    /// @return the state
    public synchronized Optional<ConditionalState> find(String sourceId) {
        return Optional.ofNullable(states.get(SourceCatalog.of().canonicalId(sourceId)));
    }

    /// Records a source's state and rewrites the file. Call it once the fetched body has been
    /// processed successfully.
    ///
    /// @param state the state from [FetchResult#state()]
    /// @throws IOException when the file cannot be written (the previous file is left intact)
    public synchronized void save(ConditionalState state) throws IOException {
        Objects.requireNonNull(state, "state");
        String id = SourceCatalog.of().canonicalId(state.sourceId());
        if (!id.equals(state.sourceId())) {
            state = ConditionalState.of(id, state.uri(), state.validators(), state.checkedAt().orElse(null));
        }
        ConditionalState before = states.put(state.sourceId(), state);
        // A confirmation of the same download (a 304) keeps what a newer version recorded of it.
        boolean sameDownload = before != null && before.uri().equals(state.uri())
                && before.validators().equals(state.validators());
        String newer = sameDownload ? null : newerFields.remove(state.sourceId());
        try {
            write();
        } catch (IOException | UncheckedIOException e) {
            if (before == null) {
                states.remove(state.sourceId());
            } else {
                states.put(state.sourceId(), before);
            }
            if (newer != null) {
                newerFields.put(state.sourceId(), newer);
            }
            throw e;
        }
    }

    /// Forgets a source, so its next fetch is unconditional, and rewrites the file.
    ///
    /// @param sourceId the id
    /// @throws IOException when the file cannot be written
    public synchronized void forget(String sourceId) throws IOException {
        String id = SourceCatalog.of().canonicalId(sourceId);
        newerFields.remove(id);
        if (states.remove(id) != null) {
            write();
        }
    }

    private void write() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (ConditionalState s : states.values()) {
            String newer = newerFields.get(s.sourceId());
            lines.add(String.join("\t", s.sourceId(), s.uri().toString(), s.validators().etag().orElse(ABSENT),
                    s.validators().lastModified().orElse(ABSENT), s.checkedAt().map(Instant::toString).orElse(ABSENT))
                    + (newer == null ? "" : "\t" + newer));
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        // Temporary beside the file (same file system), fsynced and renamed; no non-atomic fallback.
        AtomicFiles.write(file, directory, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static ConditionalState parse(Path file, int lineNumber, String[] fields) throws IOException {
        if (fields.length < FIELDS) {
            throw malformed(file, lineNumber, "expected " + FIELDS + " tab-separated fields, found " + fields.length, null);
        }
        try {
            String checkedAt = present(fields[4]);
            return ConditionalState.of(fields[0], new URI(fields[1]), Validators.of(present(fields[2]), present(fields[3])),
                    checkedAt == null ? null : Instant.parse(checkedAt));
        } catch (java.net.URISyntaxException | DateTimeParseException | IllegalArgumentException e) {
            throw malformed(file, lineNumber, e.getMessage(), e);
        }
    }

    /// The field, or null when the file says it is absent.
    private static String present(String field) {
        return field.equals(ABSENT) || field.isEmpty() ? null : field;
    }

    private static Damaged damaged(Path file, String problem, Exception cause) {
        return new Damaged(file + ": " + problem, problem, cause);
    }

    private static Damaged malformed(Path file, int line, String detail, Exception cause) {
        String problem = "line " + line + ": malformed conditional state: " + detail;
        return new Damaged(file + ", " + problem, problem, cause);
    }

    /// A state file whose content is not what this tool writes: a malformed line, bytes that are not
    /// UTF-8 text, a file far larger than any state. Reading it went well, so setting it aside loses
    /// nothing; a file that could not be read at all is a plain [IOException].
    public static final class Damaged extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        /// What is wrong, without the file's path.
        private final String detail;

        Damaged(String message, String detail, Throwable cause) {
            super(message, cause);
            this.detail = detail;
        }

        /// What is wrong with the file, without its path (which [#getMessage()] starts with), for a
        /// message that names the file itself: `line 2: malformed conditional state: ...`.
        ///
        /// @return the detail
        public String detail() {
            return detail;
        }
    }
}
