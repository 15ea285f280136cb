package dev.bsee.scraper;

import dev.bsee.core.BseeSource;
import dev.bsee.core.TableLayout;
import dev.bsee.core.UpdateCadence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/// Archives shaped like BSEE downloads, and the helpers the download tests share.
final class TestArchives {

    private TestArchives() {
    }

    /// A zip with two APD-like text entries of pseudo-random rows, deterministic for a seed. The
    /// rows are random enough that the archive is roughly `rows * 40` bytes.
    static byte[] zip(long seed, int rows) {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : List.of("mv_apddata_all.txt", "mv_apd_lease.txt")) {
                zip.putNextEntry(new ZipEntry(name));
                StringBuilder text = new StringBuilder("API_WELL_NUMBER,MMS_COMPANY_NUM,WATER_DEPTH,WELL_NAME\r\n");
                for (int i = 0; i < rows; i++) {
                    text.append(String.format("%012d,%05d,%d,\"%s %d\"\r\n", random.nextLong(1_000_000_000_000L),
                            random.nextInt(100_000), random.nextInt(3000), Long.toString(random.nextLong(), 36),
                            random.nextInt(9)));
                }
                zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static BseeSource source(URI uri) {
        return source(uri, Duration.ofSeconds(5));
    }

    static BseeSource source(URI uri, Duration requestTimeout) {
        return new BseeSource("well", uri, UpdateCadence.DAILY, requestTimeout, "apd", BseeSource.TEXT_ENTRIES,
                TableLayout.headerRow());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /// A reader that reads the whole body in uneven reads (1 byte to 8 KiB) and returns its SHA-256.
    static BodyReader<String> hashing() {
        return (body, info) -> {
            MessageDigest digest = digest();
            byte[] buffer = new byte[8192];
            int[] sizes = {1, 7, 8192, 333, 4096, 64};
            int n;
            for (int i = 0; (n = body.read(buffer, 0, sizes[i % sizes.length])) >= 0; i++) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        };
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> filesIn(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
