package dev.bsee.scraper;

import dev.bsee.scraper.SourceDataException.Problem;
import dev.bsee.scraper.internal.zip.CentralDirectory;
import dev.bsee.scraper.internal.zip.EntryStream;
import dev.bsee.scraper.internal.zip.InflationBudget;
import dev.bsee.scraper.internal.zip.LocalEntries;
import dev.bsee.scraper.internal.zip.LocalHeader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/// An archive file read through its central directory: every entry is known, checked (names,
/// declared sizes) and counted before the first is parsed, and the data entries run on
/// [EntryWorkers] up to the parallelism, each inflating its own bytes and checking their CRC and
/// size against the directory. Each entry's local header, at the offset the directory gives, must
/// agree with the directory (name, method, CRC-32 and sizes): `ZipFile` reads the directory alone,
/// the streamed walk the local headers alone, and an archive the two read differently is refused by
/// both (see [CentralDirectory]).
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
            localHeadersAgree(zipFile, archiveName, all);
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

    /// Refuses the archive when an entry's local header disagrees with its central directory record.
    private static void localHeadersAgree(Path zipFile, String archiveName, List<ZipEntry> entries) throws IOException {
        try (FileChannel channel = FileChannel.open(zipFile)) {
            Optional<long[]> offsets = CentralDirectory.localHeaderOffsets(channel);
            if (offsets.isEmpty()) {
                return;
            }
            if (offsets.get().length != entries.size()) {
                throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName, "the central directory lists "
                        + offsets.get().length + " records but " + entries.size() + " entries were read from it");
            }
            for (int i = 0; i < entries.size(); i++) {
                ZipEntry entry = entries.get(i);
                long offset = offsets.get()[i];
                Optional<LocalHeader> header = offset < channel.size()
                        ? new LocalEntries(Channels.newInputStream(channel.position(offset)), archiveName).next()
                        : Optional.empty();
                Optional<String> disagreement = header.isEmpty()
                        ? Optional.of("the central directory places it at " + offset + ", where no local header is")
                        : disagreement(entry, header.get());
                if (disagreement.isPresent()) {
                    throw SourceDataException.inEntry(Problem.CORRUPT_ARCHIVE, archiveName, entry.getName(),
                            "the central directory disagrees with the local header: " + disagreement.get());
                }
            }
        }
    }

    private static Optional<String> disagreement(ZipEntry entry, LocalHeader header) {
        if (!header.name().equals(entry.getName())) {
            return Optional.of("the local header names it " + header.name());
        }
        if (header.method() != entry.getMethod()) {
            return Optional.of("the central directory gives compression method " + entry.getMethod()
                    + ", the local header " + header.method());
        }
        if (header.delimited() && header.crc() != entry.getCrc()) {
            return Optional.of(String.format("the central directory declares CRC-32 %08x, the local header %08x",
                    entry.getCrc(), header.crc()));
        }
        if (header.delimited() && (header.size() != entry.getSize()
                || header.compressedSize() != entry.getCompressedSize())) {
            return Optional.of("the central directory declares " + entry.getSize() + " bytes from "
                    + entry.getCompressedSize() + ", the local header " + header.size() + " from "
                    + header.compressedSize());
        }
        return Optional.empty();
    }
}
