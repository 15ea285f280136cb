package dev.bsee.core.peer;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A long-lived Python process with pandas, the ground truth of the interop tests.
 *
 * <p>Two peers exist: {@link Kind#PANDAS15} (Debian 12: pandas 1.5, numpy 1.24) and
 * {@link Kind#PANDAS22} (Debian 13 in a debootstrap folder, entered with {@code chroot}: pandas 2.2,
 * numpy 2.2). {@code scripts/provision-peers.sh} installs both and writes their commands to the file
 * named by the system property {@code bsee.peers.file}. The process runs with {@code -W error}:
 * every warning is an error.
 *
 * <p>Files the peer must read go through {@link #stage(Path)} (or are written under
 * {@link #newFile(String)}), because the Debian 13 peer sees only its own root.
 *
 * <p>When a peer is missing, tests abort loudly (skipped, with a message on stderr); with
 * {@code -Dbsee.peers.required=true} (CI) they fail instead.
 */
public final class PandasPeer implements AutoCloseable {

    /** The two pandas generations the {@code .bin} files must load in. */
    public enum Kind {
        /** Debian 12 {@code python3-pandas}: pandas 1.5, numpy 1.24. */
        PANDAS15("BSEE_PEER_PANDAS15"),
        /** Debian 13 {@code python3-pandas}: pandas 2.2, numpy 2.2. */
        PANDAS22("BSEE_PEER_PANDAS22");

        private final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private final Kind kind;
    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader replies;
    private final Path hostExchange;
    private final String peerExchange;
    private final Path chrootRoot;
    private final JsonNode versions;

    private PandasPeer(Kind kind, List<String> command, Path chrootRoot) throws IOException {
        this.kind = kind;
        this.chrootRoot = chrootRoot;
        String id = "bsee-peer-" + UUID.randomUUID();
        if (chrootRoot != null) {
            hostExchange = chrootRoot.resolve("tmp").resolve(id);
            peerExchange = "/tmp/" + id;
        } else {
            hostExchange = Files.createTempDirectory(id);
            peerExchange = hostExchange.toString();
        }
        Files.createDirectories(hostExchange);
        Path script = hostExchange.resolve("peer.py");
        try (InputStream in = PandasPeer.class.getResourceAsStream("peer.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> full = new ArrayList<>(command);
        full.add("-W");
        full.add("error");
        full.add(peerExchange + "/peer.py");
        ProcessBuilder builder = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        process = builder.start();
        requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        versions = call("result = versions()", Map.of());
    }

    /**
     * Starts a peer, or aborts (skips) the calling test loudly when it is not provisioned, or fails
     * when {@code bsee.peers.required} is true.
     *
     * @param kind which pandas
     * @return the running peer; close it after the test class
     */
    public static PandasPeer start(Kind kind) {
        String problem;
        try {
            Path file = Path.of(System.getProperty("bsee.peers.file", "/var/cache/bsee-peers/peers.env"));
            if (Files.isRegularFile(file)) {
                Properties peers = new Properties();
                try (var reader = Files.newBufferedReader(file)) {
                    peers.load(reader);
                }
                String command = peers.getProperty(kind.key);
                if (command != null && !command.isBlank()) {
                    List<String> words = List.of(command.trim().split("\\s+"));
                    Path root = words.getFirst().equals("chroot") ? Path.of(words.get(1)) : null;
                    return new PandasPeer(kind, words, root);
                }
                problem = file + " names no " + kind.key;
            } else {
                problem = "no peers file " + file + " (run scripts/provision-peers.sh)";
            }
        } catch (IOException | RuntimeException e) {
            problem = "could not start: " + e;
        }
        String message = "pandas peer " + kind + " unavailable: " + problem;
        if (Boolean.getBoolean("bsee.peers.required")) {
            throw new AssertionError(message);
        }
        System.err.println("!!! SKIPPING INTEROP TEST: " + message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** @return which peer this is */
    public Kind kind() {
        return kind;
    }

    /** @return pandas, numpy and python versions, e.g. {@code pandas 2.2.3, numpy 2.2.4} */
    public String versions() {
        return "pandas " + versions.get("pandas").asText() + ", numpy " + versions.get("numpy").asText();
    }

    /** @return the pandas version string */
    public String pandasVersion() {
        return versions.get("pandas").asText();
    }

    /**
     * A fresh path in a folder the peer can read, for Java to write a file the peer then reads with
     * {@link #peerPath(Path)}.
     *
     * @param name the file name
     * @return the host path
     */
    public Path newFile(String name) {
        try {
            Path dir = Files.createTempDirectory(hostExchange, "f");
            return dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The path under which the peer sees a file made with {@link #newFile(String)}.
     *
     * @param hostPath a path inside the exchange folder
     * @return the path as the peer sees it
     */
    public String peerPath(Path hostPath) {
        Path relative = hostExchange.relativize(hostPath.toAbsolutePath());
        if (relative.startsWith("..")) {
            throw new IllegalArgumentException(hostPath + " is not in the peer's exchange folder; use stage()");
        }
        return peerExchange + "/" + relative.toString().replace('\\', '/');
    }

    /**
     * Makes any host file readable by the peer (a copy into its exchange folder when it lives in
     * another root) and returns the path the peer sees.
     *
     * @param hostFile the file
     * @return the path as the peer sees it
     */
    public String stage(Path hostFile) {
        if (chrootRoot == null) {
            return hostFile.toAbsolutePath().toString();
        }
        Path copy = newFile(hostFile.getFileName().toString());
        try {
            try {
                Files.createLink(copy, hostFile.toAbsolutePath());
            } catch (IOException | UnsupportedOperationException linkFailed) {
                Files.copy(hostFile, copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return peerPath(copy);
    }

    /**
     * Runs Python code in the peer. The code sees {@code args} (the given map as a dict), {@code pd},
     * {@code np}, {@code pickle} and the helpers of {@code peer.py} ({@code describe},
     * {@code frame_from_spec}, {@code read_csv_like_legacy}, {@code same_frame}, {@code same_blocks}, {@code same_objects},
     * {@code load_pickle}),
     * and sets {@code result} to something JSON can carry. Warnings are errors.
     *
     * @param code Python statements
     * @param args arguments, converted to JSON
     * @return the {@code result}
     * @throws PeerError when the code raised (the message holds the Python traceback)
     */
    public JsonNode call(String code, Map<String, ?> args) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("code", code);
        request.put("args", args);
        request.put("strict_warnings", true);
        try {
            requests.write(JSON.writeValueAsString(request));
            requests.write('\n');
            requests.flush();
            String line = replies.readLine();
            if (line == null) {
                throw new IOException("pandas peer " + kind + " exited with " + process.waitFor());
            }
            JsonNode reply = JSON.readTree(line);
            if (!reply.get("ok").asBoolean()) {
                throw new PeerError(kind + " (" + versions() + "): " + reply.get("error").asText());
            }
            return reply.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the JSON mapper the peer protocol uses (NaN and Infinity as bare literals) */
    public static ObjectMapper json() {
        return JSON;
    }

    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException ignored) {
            // the process is going away anyway
        }
        process.destroy();
        try (Stream<Path> files = Files.walk(hostExchange)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the folder is under a temporary directory
        }
    }

    @Override
    public String toString() {
        return kind + " (" + (versions == null ? "starting" : versions()) + ")";
    }

    /** Python raised while running test code. */
    public static final class PeerError extends RuntimeException {
        PeerError(String message) {
            super(message);
        }
    }
}
