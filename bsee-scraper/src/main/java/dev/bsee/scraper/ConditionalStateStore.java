package dev.bsee.scraper;

import dev.bsee.core.BseeSource;
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
/// starting with `#` are comments. Tabs and line breaks cannot occur in any of the values (HTTP
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

    private ConditionalStateStore(Path file, Map<String, ConditionalState> states) {
        this.file = file;
        this.states = states;
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
        if (Files.exists(file)) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                ConditionalState state = parse(file, i + 1, line);
                states.put(state.sourceId(), state);
            }
        }
        return new ConditionalStateStore(file, states);
    }

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
            throw new Damaged(file + ": larger than " + (MAX_BYTES >> 20) + " MiB, far more than a download state"
                    + " this tool writes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (CharacterCodingException e) {
            throw new Damaged(file + ": not UTF-8 text, so not a download state this tool writes", e);
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
        return Optional.ofNullable(states.get(sourceId));
    }

    /// Records a source's state and rewrites the file. Call it once the fetched body has been
    /// processed successfully.
    ///
    /// @param state the state from [FetchResult#state()]
    /// @throws IOException when the file cannot be written (the previous file is left intact)
    public synchronized void save(ConditionalState state) throws IOException {
        Objects.requireNonNull(state, "state");
        ConditionalState before = states.put(state.sourceId(), state);
        try {
            write();
        } catch (IOException | UncheckedIOException e) {
            if (before == null) {
                states.remove(state.sourceId());
            } else {
                states.put(state.sourceId(), before);
            }
            throw e;
        }
    }

    /// Forgets a source, so its next fetch is unconditional, and rewrites the file.
    ///
    /// @param sourceId the id
    /// @throws IOException when the file cannot be written
    public synchronized void forget(String sourceId) throws IOException {
        if (states.remove(sourceId) != null) {
            write();
        }
    }

    private void write() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (ConditionalState s : states.values()) {
            lines.add(String.join("\t", s.sourceId(), s.uri().toString(), s.validators().etag().orElse(ABSENT),
                    s.validators().lastModified().orElse(ABSENT), s.checkedAt().map(Instant::toString).orElse(ABSENT)));
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        // Temporary beside the file (same file system), fsynced and renamed; no non-atomic fallback.
        AtomicFiles.write(file, directory, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static ConditionalState parse(Path file, int lineNumber, String line) throws IOException {
        String[] fields = line.split("\t", -1);
        if (fields.length != 5) {
            throw malformed(file, lineNumber, "expected 5 tab-separated fields, found " + fields.length, null);
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

    private static Damaged malformed(Path file, int line, String detail, Exception cause) {
        return new Damaged(file + ", line " + line + ": malformed conditional state: " + detail, cause);
    }

    /// A state file whose content is not what this tool writes: a malformed line, bytes that are not
    /// UTF-8 text, a file far larger than any state. Reading it went well, so setting it aside loses
    /// nothing; a file that could not be read at all is a plain [IOException].
    public static final class Damaged extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        Damaged(String message) {
            super(message);
        }

        Damaged(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
