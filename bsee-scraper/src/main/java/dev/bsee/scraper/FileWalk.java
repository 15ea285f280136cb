package dev.bsee.scraper;

import dev.bsee.scraper.SourceDataException.Problem;
import dev.bsee.scraper.internal.zip.EntryStream;
import dev.bsee.scraper.internal.zip.InflationBudget;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/// An archive file read through its central directory: every entry is known, checked (names,
/// declared sizes) and counted before the first is parsed, and the data entries run on
/// [EntryWorkers] up to the parallelism, each inflating its own bytes and checking their CRC and
/// size against the directory.
final class FileWalk {

    private final ProcessorSettings settings;
    private final EntrySink sink;

    FileWalk(ProcessorSettings settings, EntrySink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    List<EntrySummary> walk(Path zipFile) throws IOException {
        String archiveName = zipFile.getFileName().toString();
        ArchiveChecks checks = new ArchiveChecks(archiveName, settings);
        byte[] first = new byte[ArchiveChecks.SNIFF_BYTES];
        int length;
        try (InputStream head = Files.newInputStream(zipFile)) {
            length = head.readNBytes(first, 0, first.length);
        }
        checks.signature(first, length, "file");
        ZipFile archive;
        try {
            archive = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            boolean noEnd = String.valueOf(e.getMessage()).contains("END header");
            throw SourceDataException.builder(noEnd ? Problem.TRUNCATED_ARCHIVE : Problem.CORRUPT_ARCHIVE,
                    noEnd ? "the archive has no central directory: the file is truncated or not a whole zip"
                            : "the archive cannot be opened: " + e.getMessage())
                    .archive(archiveName).cause(e).build();
        }
        try (archive) {
            List<ZipEntry> all;
            try {
                all = new ArrayList<>(Collections.list(archive.entries()));
            } catch (IllegalArgumentException e) {
                throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE, "an entry name is not valid UTF-8")
                        .archive(archiveName).cause(e).build();
            }
            List<ZipEntry> data = new ArrayList<>();
            for (ZipEntry entry : all) {
                checks.name(entry.getName());
                if (!entry.isDirectory() && settings.entryFilter().test(entry.getName())) {
                    checks.claimOutput(entry.getName());
                    checks.declaredSizes(entry.getName(), entry.getSize(), entry.getCompressedSize());
                    data.add(entry);
                }
            }
            checks.requireData(all.size(), data.size());
            // ZipFile does not tell how many compressed bytes an entry really took: no entry can take
            // more than the whole file, and the budget holds all entries to the file's real size.
            long fileBytes = Files.size(zipFile);
            InflationBudget budget = new InflationBudget(archiveName, () -> fileBytes, settings.maxExpansionRatio());
            EntryConverter converter = new EntryConverter(settings, archiveName, sink);
            return EntryWorkers.runAll(archiveName, settings.parallelism(), data, entry -> {
                long compressed = Math.min(entry.getCompressedSize(), fileBytes);
                try (EntryStream guarded = new EntryStream(archive.getInputStream(entry), archiveName, entry.getName(),
                        () -> compressed, settings.maxEntryBytes(), settings.maxExpansionRatio(),
                        OptionalLong.of(entry.getSize()), OptionalLong.of(entry.getCrc()), budget)) {
                    return converter.convert(entry.getName(), entry.getSize(), guarded);
                }
            });
        }
    }
}
