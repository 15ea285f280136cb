package dev.bsee.examples;

import dev.bsee.binary.PickleWriter;
import dev.bsee.core.BseeSource;
import dev.bsee.examples.mirror.DemoMirror;
import dev.bsee.scraper.BodyReaders;
import dev.bsee.scraper.EntrySink;
import dev.bsee.scraper.EntrySummary;
import dev.bsee.scraper.HttpFetcher;
import dev.bsee.scraper.ZipStreamProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/// A refresh composed by hand from its three parts: [HttpFetcher] downloads a source's archive,
/// [ZipStreamProcessor] turns each entry of the body into a table as the bytes arrive, and
/// [PickleWriter] writes each table as a `.bin` file; [BodyReaders#ofEntries] joins the first two in
/// one line. The facade `BseeRefresh` does the same with configuration, manifests and locks.
///
/// Run: `java -cp bsee.jar dev.bsee.examples.ComposeRefreshByHand [OUTPUT_DIR]` (default
/// `bsee-example`). It downloads the WAR archive from the embedded demo mirror; for the live site,
/// take the source from `SourceCatalog.of()` instead of `mirror.catalog()`.
public final class ComposeRefreshByHand {

    private ComposeRefreshByHand() {
    }

    /// Downloads and converts the `war` source from a demo mirror.
    ///
    /// @param args the output folder, optionally
    /// @throws IOException when the download or a file fails
    public static void main(String[] args) throws IOException {
        Path output = Path.of(args.length > 0 ? args[0] : "bsee-example");
        try (DemoMirror mirror = DemoMirror.open()) {
            BseeSource war = mirror.catalog().find("war").orElseThrow();
            for (EntrySummary entry : refresh(war, output)) {
                System.out.printf("%s/%s: %d rows, %d columns%n", war.outputSubdirectory(), entry.outputName(),
                        entry.rows(), entry.columns().size());
            }
        }
    }

    /// Downloads `source` and writes one `.bin` per data entry into `output/<subdirectory>`.
    ///
    /// @param source the source to refresh
    /// @param output the base folder
    /// @return what was written, one summary per entry
    /// @throws IOException when the download or a file fails
    public static List<EntrySummary> refresh(BseeSource source, Path output) throws IOException {
        Path folder = Files.createDirectories(output.resolve(source.outputSubdirectory()));
        // Temporaries stay out of the folder: Python code loads every file it finds there.
        Path temporaries = Files.createDirectories(output.resolve(".tmp"));
        PickleWriter writer = PickleWriter.of();
        ZipStreamProcessor processor = ZipStreamProcessor.builder()
                .entryFilter(source.entryFilter())
                .layouts(entry -> source.layout())
                .build();
        EntrySink writeBin = entry -> writer.write(entry.table(), folder.resolve(entry.outputName()), temporaries);
        try (HttpFetcher fetcher = HttpFetcher.builder().maxAttempts(3).build()) {
            return fetcher.fetch(source, BodyReaders.ofEntries(processor, writeBin)).value().orElseThrow();
        }
    }
}
