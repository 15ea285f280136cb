package dev.bsee.scraper;

import dev.bsee.core.internal.MessageText;
import dev.bsee.scraper.SourceDataException.Problem;
import dev.bsee.scraper.internal.zip.ArchiveInput;
import dev.bsee.scraper.internal.zip.CentralDirectory;
import dev.bsee.scraper.internal.zip.EntryData;
import dev.bsee.scraper.internal.zip.EntryStream;
import dev.bsee.scraper.internal.zip.InflationBudget;
import dev.bsee.scraper.internal.zip.LocalEntries;
import dev.bsee.scraper.internal.zip.LocalHeader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.ZipException;

/// An archive read as a stream, entry by entry through the local headers ([LocalEntries]), in archive
/// order: the only way to convert a download as it arrives. Nothing says how many entries follow until
/// the central directory at the end, so the walk reads the stream to its end and checks that the
/// directory is there and lists the entries it saw. Each data entry goes to an [EntryPipeline], which
/// parses it here or, with a parallelism above 1, on a worker while the next one is received. A worker
/// then also inflates its entry when the local header declares the compressed size (every BSEE
/// archive): this thread only copies the compressed bytes, so inflating runs on every processor as it
/// does for a file, and the buffers between the threads hold a tenth of the bytes. An entry whose sizes
/// follow it in a data descriptor can only be delimited by reading it (inflating it, or for a stored
/// one finding its descriptor), so it is read here.
final class StreamWalk {

    /// The fixed part of a central directory record.
    private static final int DIRECTORY_RECORD_BYTES = 46;

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
        Path spool = settings.spoolDirectory();
        if (settings.parallelism() > 1 && !Files.isDirectory(spool)) {
            // Checked before the first byte: the spool is used only once entries arrive faster than they
            // are parsed, so a missing folder failed partway through an archive, or only on a smaller heap.
            throw new IOException("the spool directory " + spool + ", where the entries of " + archiveName
                    + " received ahead of their parsers go, is not an existing folder");
        }
        try (EntryPipeline pipeline = new EntryPipeline(archiveName, settings.parallelism(), spool)) {
            return walk(zip, pipeline);
        }
    }

    /// Walks `zip` through `pipeline` (which the caller closes).
    List<EntrySummary> walk(InputStream zip, EntryPipeline pipeline) throws IOException {
        PushbackInputStream sniffable = new PushbackInputStream(zip, ArchiveChecks.SNIFF_BYTES);
        byte[] first = new byte[ArchiveChecks.SNIFF_BYTES];
        int length = sniffable.readNBytes(first, 0, first.length);
        checks.signature(first, length, "stream");
        sniffable.unread(first, 0, length);

        ArchiveInput archive = new ArchiveInput(sniffable);
        InflationBudget budget = new InflationBudget(archiveName, archive::count, settings.maxExpansionRatio());
        LocalEntries entries = new LocalEntries(archive, archiveName);
        int seen = 0;
        // What the directory of the entries read so far takes at least: its records' fixed part and
        // names, which the walk keeps until it compares them.
        long directoryBytes = 0;
        List<LocalHeader> read = new ArrayList<>();
        try {
            while (true) {
                if (!read.isEmpty()) {
                    // The previous entry was read to its end: its data descriptor's values are known now.
                    read.set(read.size() - 1, entries.completed());
                }
                Optional<LocalHeader> next = entries.next();
                if (next.isEmpty()) {
                    break;
                }
                LocalHeader header = next.get();
                seen++;
                String name = header.name();
                directoryBytes += DIRECTORY_RECORD_BYTES + name.length();
                checks.directorySize(directoryBytes, true);
                read.add(header);
                checks.name(name);
                if (header.isDirectory() || !settings.entryFilter().test(name)) {
                    if (!header.isDirectory()) {
                        checks.leftOut(name);
                    }
                    // Read skipped entries through the same guard: a bomb must not be inflated blindly.
                    try (EntryStream data = guard(header, entries.data(), budget)) {
                        data.transferTo(OutputStream.nullOutputStream());
                    }
                    continue;
                }
                checks.claimOutput(name);
                long size = header.declaredSize();
                if (header.delimited()) {
                    checks.declaredSizes(name, size, header.compressedSize());
                } else {
                    checks.declaredSize(name, size);
                }
                if (pipeline.parallel() && header.delimited()) {
                    pipeline.submit(name, entries.compressed(), compressed -> {
                        try (EntryStream data = guard(header, header.inflate(compressed), budget)) {
                            return converter.convert(name, size, data);
                        }
                    });
                } else {
                    try (EntryStream data = guard(header, entries.data(), budget)) {
                        pipeline.submit(name, data, in -> converter.convert(name, size, in));
                    }
                }
            }
        } catch (SourceDataException readerFailure) {
            // The archive's own fault at a later entry (its header cut or refused) comes after the
            // failure of an entry before it still being read: the first in archive order is reported.
            pipeline.throwFailureBefore(readerFailure);
            throw readerFailure;
        }
        // The entries' own failures first: a size that lied about where an entry ends also leaves
        // the walk reading the rest of the archive from the wrong place.
        Optional<String> disagreement;
        try {
            disagreement = CentralDirectory.disagreement(entries.rest(), archive, read);
        } catch (ZipException endless) {
            pipeline.finish();
            throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName, endless.getMessage());
        }
        List<EntrySummary> results = pipeline.finish();
        if (!archive.endsWithEndRecord()) {
            long after = archive.bytesAfterEndRecord();
            if (after > 0) {
                // Not a download cut short: fetching it again gives the same bytes.
                throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName, "the archive does not end"
                        + " with its end-of-central-directory record: " + MessageText.count(after, "byte") + " follow it");
            }
            throw SourceDataException.inArchive(Problem.TRUNCATED_ARCHIVE, archiveName,
                    "the archive ends without its central directory (after " + MessageText.count(archive.count(), "byte")
                            + " and " + MessageText.count(seen, "entry", "entries") + "): the archive is truncated");
        }
        if (disagreement.isPresent()) {
            throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName,
                    "the central directory disagrees with the entries: " + disagreement.get());
        }
        checks.requireData(seen, results.size());
        return results;
    }

    /// The entry's bytes held to the limits, and to the CRC and size its header declares (a data
    /// descriptor's are checked as it is read).
    private EntryStream guard(LocalHeader header, EntryData data, InflationBudget budget) {
        return new EntryStream(data, archiveName, header.name(), data::compressedRead, settings.maxEntryBytes(),
                settings.maxExpansionRatio(), header.delimited() ? OptionalLong.of(header.size()) : OptionalLong.empty(),
                header.declaredCrc(), budget);
    }
}
