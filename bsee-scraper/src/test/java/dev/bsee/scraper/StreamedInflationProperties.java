package dev.bsee.scraper;

import dev.bsee.scraper.RawZip.Item;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/// Random small archives (entries of random size, stored or deflated, sizes in the local header or in
/// a data descriptor, stored entries too, as a writer that cannot seek back writes them; with or
/// without zip64 fields, ended with or without zip64 end records) read as a stream, with one thread
/// and with two, give exactly the pickles the file walk gives.
class StreamedInflationProperties {

    @Provide
    Arbitrary<List<Item>> archives() {
        Arbitrary<Item> item = Combinators.combine(
                Arbitraries.integers().between(1, 3000), Arbitraries.integers().between(0, 1000),
                Arbitraries.of(RawZip.STORED, RawZip.DEFLATED), Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as((rows, seed, method, descriptor, zip64) -> new Item("", StreamedInflationTest.rows(rows, seed)
                        .getBytes(StandardCharsets.UTF_8), method, descriptor, zip64));
        return item.list().ofMinSize(1).ofMaxSize(5).map(items -> IntStream.range(0, items.size())
                .mapToObj(i -> new Item("e" + i + ".txt", items.get(i).text(), items.get(i).method(),
                        items.get(i).descriptor(), items.get(i).zip64()))
                .toList());
    }

    @Property(tries = 40, shrinking = ShrinkingMode.BOUNDED)
    void streamedAndFileWalksAgree(@ForAll("archives") List<Item> items, @ForAll boolean zip64End) throws IOException {
        RawZip.Archive written = RawZip.of(items);
        byte[] archive = zip64End ? written.zip64End(true).bytes() : written.bytes();
        Path dir = Files.createTempDirectory("bsee-walks");
        try {
            Path file = dir.resolve("random.zip");
            Files.write(file, archive);
            Map<String, String> fromFile = Collections.synchronizedMap(new TreeMap<>());
            ZipStreamProcessor.builder().parallelism(2).build()
                    .process(file, e -> fromFile.put(e.entryName(), StreamedInflationTest.pickleDigest(e)));
            assertThat(fromFile).hasSize(items.size());
            for (int threads : new int[] {1, 2}) {
                Map<String, String> streamed = Collections.synchronizedMap(new TreeMap<>());
                ZipStreamProcessor.builder().parallelism(threads).spoolDirectory(dir).build()
                        .process(new ByteArrayInputStream(archive), "random.zip",
                                e -> streamed.put(e.entryName(), StreamedInflationTest.pickleDigest(e)));
                assertThat(streamed).as(threads + " threads").isEqualTo(fromFile);
            }
            try (var left = Files.list(dir)) {
                assertThat(left).as("only the archive is left").containsExactly(file);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
