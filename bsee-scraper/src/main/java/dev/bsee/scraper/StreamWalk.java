package dev.bsee.scraper;

import dev.bsee.scraper.SourceDataException.Problem;
import dev.bsee.scraper.internal.zip.ArchiveInput;
import dev.bsee.scraper.internal.zip.CentralDirectory;
import dev.bsee.scraper.internal.zip.EntryStream;
import dev.bsee.scraper.internal.zip.InflationBudget;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/// An archive read as a stream, entry by entry through the local headers, in archive order: the
/// only way to convert a download as it arrives. Nothing says how many entries follow until the
/// central directory at the end, so the walk reads the stream to its end and checks that the
/// directory is there and lists the entries it saw. Each data entry goes to an [EntryPipeline],
/// which parses it here or, with a parallelism above 1, on a worker while the next one is received.
final class StreamWalk {

    private static final int ZIP64_ENTRY_COUNT = 0xFFFF;

    private final ProcessorSettings settings;
    private final String archiveName;
    private final ArchiveChecks checks;
    private final EntryConverter converter;

    StreamWalk(ProcessorSettings settings, String archiveName, EntrySink sink) {
        this.settings = settings;
        this.archiveName = archiveName;
        this.checks = new ArchiveChecks(archiveName, settings);
        this.converter = new EntryConverter(settings, archiveName, sink);
    }

    List<EntrySummary> walk(InputStream zip) throws IOException {
        try (EntryPipeline pipeline = new EntryPipeline(archiveName, settings.parallelism(), settings.spoolDirectory())) {
            return walk(zip, pipeline);
        }
    }

    private List<EntrySummary> walk(InputStream zip, EntryPipeline pipeline) throws IOException {
        PushbackInputStream sniffable = new PushbackInputStream(zip, ArchiveChecks.SNIFF_BYTES);
        byte[] first = new byte[ArchiveChecks.SNIFF_BYTES];
        int length = sniffable.readNBytes(first, 0, first.length);
        checks.signature(first, length, "stream");
        sniffable.unread(first, 0, length);

        ArchiveInput archive = new ArchiveInput(sniffable);
        InflationBudget budget = new InflationBudget(archiveName, archive::count, settings.maxExpansionRatio());
        ZipInputStream entries = new ZipInputStream(archive, StandardCharsets.UTF_8);
        List<ZipEntry> read = new ArrayList<>();
        while (true) {
            ZipEntry entry = nextEntry(entries);
            if (entry == null) {
                break;
            }
            read.add(entry);
            String name = entry.getName();
            checks.name(name);
            long start = archive.count();
            EntryStream data = new EntryStream(entries, archiveName, name, () -> archive.count() - start,
                    settings.maxEntryBytes(), settings.maxExpansionRatio(), OptionalLong.empty(), OptionalLong.empty(),
                    budget);
            if (entry.isDirectory() || !settings.entryFilter().test(name)) {
                // Read skipped entries through the same guard: a bomb must not be inflated blindly.
                data.transferTo(OutputStream.nullOutputStream());
                continue;
            }
            checks.claimOutput(name);
            long size = entry.getSize();
            checks.declaredSize(name, size);
            pipeline.submit(name, data, in -> converter.convert(name, size, in));
        }
        archive.drain();
        int seen = read.size();
        OptionalInt declared = archive.centralDirectoryEntries();
        if (declared.isEmpty()) {
            throw SourceDataException.inArchive(Problem.TRUNCATED_ARCHIVE, archiveName,
                    "the archive ends without its central directory (after " + archive.count() + " bytes and "
                            + seen + " entries): the download is incomplete");
        }
        if (declared.getAsInt() != ZIP64_ENTRY_COUNT && declared.getAsInt() != seen) {
            throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName, "the central directory lists "
                    + declared.getAsInt() + " entries but the archive holds " + seen);
        }
        Optional<String> disagreement = CentralDirectory.disagreement(archive.tail(), archive.count(), read);
        if (disagreement.isPresent()) {
            throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName,
                    "the central directory disagrees with the entries: " + disagreement.get());
        }
        List<EntrySummary> results = pipeline.finish();
        checks.requireData(seen, results.size());
        return results;
    }

    private ZipEntry nextEntry(ZipInputStream entries) throws IOException {
        try {
            return entries.getNextEntry();
        } catch (ZipException e) {
            throw failure(Problem.CORRUPT_ARCHIVE, "a local entry header is damaged: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw failure(Problem.TRUNCATED_ARCHIVE, "the archive ends inside an entry header", e);
        } catch (IllegalArgumentException e) {
            throw failure(Problem.CORRUPT_ARCHIVE, "an entry name is not valid UTF-8", e);
        }
    }

    private SourceDataException failure(Problem problem, String detail, Throwable cause) {
        return SourceDataException.builder(problem, detail).archive(archiveName).cause(cause).build();
    }
}
