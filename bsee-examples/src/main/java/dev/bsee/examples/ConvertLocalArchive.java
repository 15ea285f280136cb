package dev.bsee.examples;

import dev.bsee.binary.PickleDialect;
import dev.bsee.binary.PickleWriter;
import dev.bsee.examples.mirror.DemoArchives;
import dev.bsee.scraper.EntrySummary;
import dev.bsee.scraper.ZipStreamProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/// Converts a zip archive already on disk, what the legacy refresh path does with a folder of
/// downloads: production entries (`ogora*delimit.txt`, `mv_productiondata.txt`) are recognised by name and take the 19
/// production columns, their first record data unless it is those names; the others have a header row. A file is seekable, so entries
/// run in parallel.
///
/// Run: `java -cp bsee.jar dev.bsee.examples.ConvertLocalArchive [ZIP [OUTPUT_DIR]]`. Without
/// arguments it converts a copy of the demo production archive.
public final class ConvertLocalArchive {

    private ConvertLocalArchive() {
    }

    /// Converts one archive.
    ///
    /// @param args the zip file and the output folder, both optional
    /// @throws IOException when the archive or a file fails
    public static void main(String[] args) throws IOException {
        Path zip = args.length > 0 ? Path.of(args[0]) : demoArchive();
        Path output = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "bsee-converted"));
        Path temporaries = Files.createTempDirectory(output.toAbsolutePath().getParent(), ".bsee-tmp");

        PickleWriter writer = PickleWriter.builder().dialect(PickleDialect.PORTABLE).build();
        ZipStreamProcessor processor = ZipStreamProcessor.builder().parallelism(2).build();
        List<EntrySummary> entries = processor.process(zip, entry ->
                writer.write(entry.table(), output.resolve(entry.outputName()), temporaries));

        for (EntrySummary entry : entries) {
            System.out.printf("%s -> %s: %d rows, columns %s%n", entry.entryName(), output.resolve(entry.outputName()),
                    entry.rows(), entry.columns());
        }
        Files.delete(temporaries);
    }

    private static Path demoArchive() throws IOException {
        Path zip = Files.createTempFile("ProductionRawData", ".zip");
        Files.write(zip, DemoArchives.of("production").zip());
        return zip;
    }
}
