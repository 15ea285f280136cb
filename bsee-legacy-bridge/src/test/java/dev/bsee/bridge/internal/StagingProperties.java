package dev.bsee.bridge.internal;

import dev.bsee.bridge.FileReport;
import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// The size and SHA-256 a staged file's report gives are those of the bytes on disk, whatever the
/// writer's calls: single bytes, short writes, writes longer than the slices the hash is taken in,
/// from any offset of a larger array.
class StagingProperties {

    @Property(tries = 60)
    void theReportDescribesTheBytesOnDisk(@ForAll("writes") List<Tuple3<Integer, Integer, Integer>> writes)
            throws Exception {
        Path base = Files.createTempDirectory("staging-properties");
        try {
            OutputFolder folder = OutputFolder.of(base.resolve("bin/apd"));
            byte[] source = new byte[300_000];
            new java.util.Random(writes.size()).nextBytes(source);
            Table table = Table.builder().column("X", Int64Column.of(new long[] {1})).build();
            try (Staging staging = folder.stage()) {
                FileReport report = staging.write("a.txt", "a.bin", table, (t, out) -> {
                    for (Tuple3<Integer, Integer, Integer> write : writes) {
                        int off = Math.min(write.get1(), source.length);
                        int len = Math.min(write.get2(), source.length - off);
                        if (write.get3() == 0) {
                            out.write(source[off]);
                        } else {
                            out.write(source, off, len);
                        }
                    }
                });
                byte[] written = Files.readAllBytes(staging.directory().resolve("a.bin"));
                assertThat(report.bytes()).isEqualTo(written.length);
                assertThat(report.sha256()).isEqualTo(
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written)));
            }
        } finally {
            dev.bsee.core.internal.FileTrees.delete(base);
        }
    }

    @Provide
    Arbitrary<List<Tuple3<Integer, Integer, Integer>>> writes() {
        Arbitrary<Integer> lengths = Arbitraries.oneOf(Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(32_000, 140_000), Arbitraries.of(1 << 15, (1 << 15) + 1, 1 << 16));
        return Arbitraries.integers().between(0, 299_999).flatMap(off -> lengths.flatMap(len ->
                Arbitraries.integers().between(0, 3).map(kind -> Tuple.of(off, len, kind))))
                .list().ofMaxSize(12);
    }
}
