package dev.bsee.scraper;

import dev.bsee.core.internal.FileErrors;
import dev.bsee.core.internal.MessageText;
import dev.bsee.scraper.SourceDataException.Problem;
import dev.bsee.scraper.internal.zip.CentralDirectory;
import dev.bsee.scraper.internal.zip.EntryData;
import dev.bsee.scraper.internal.zip.EntryNames;
import dev.bsee.scraper.internal.zip.EntryStream;
import dev.bsee.scraper.internal.zip.InflationBudget;
import dev.bsee.scraper.internal.zip.LocalEntries;
import dev.bsee.scraper.internal.zip.LocalHeader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/// An archive file read through its central directory: every entry is known, checked (names,
/// declared sizes) and counted before the first is parsed, the other entries (folders, files the
/// filter leaves out) are read and checked as the streamed walk reads them, and the data entries run
/// on [EntryWorkers] up to the parallelism, each inflating its own bytes and checking their CRC and
/// size against the directory. Each entry's local header, at the offset the directory gives, must
/// agree with the directory (name, method, CRC-32 and sizes), and the entries must follow one another
/// from the first byte to the directory: `ZipFile` reads the directory alone, the streamed walk the
/// local headers alone, and an archive the two read differently is refused by both (see
/// [CentralDirectory]).
final class FileWalk {

    private static final int DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;

    private final ProcessorSettings settings;
    private final EntrySink sink;

    FileWalk(ProcessorSettings settings, EntrySink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    List<EntrySummary> walk(Path zipFile) throws IOException {
        String archiveName = zipFile.getFileName().toString();
        if (Thread.currentThread().isInterrupted()) {
            // Said as an interrupt while the entries are read is; the file's channel would throw the
            // JDK's ClosedByInterruptException, whose message is null, naming nothing.
            throw EntryWorkers.interrupted(archiveName);
        }
        ArchiveChecks checks = new ArchiveChecks(archiveName, settings);
        byte[] first = new byte[ArchiveChecks.SNIFF_BYTES];
        int length;
        try (InputStream head = Files.newInputStream(zipFile)) {
            length = head.readNBytes(first, 0, first.length);
        } catch (IOException e) {
            // A read that fails (EIO, a special file) says only why: name the file too.
            throw FileErrors.naming(zipFile, e);
        }
        checks.signature(first, length, "file");
        Optional<Long> directory = diagnose(zipFile, CentralDirectory::directoryBytes);
        if (directory.isPresent()) {
            // Before ZipFile reads it all into the heap.
            checks.directorySize(directory.get(), false);
        }
        ZipFile archive;
        try {
            // Names without the UTF-8 flag in code page 437, as the streamed walk and Python read them.
            archive = new ZipFile(zipFile.toFile(), EntryNames.UNFLAGGED_NAMES);
        } catch (ZipException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("bad compression method") || reason.contains("encrypted entry")) {
                // The local header says so (a password-protected archive, bzip2), else only the directory.
                throw unsupportedEntry(zipFile, archiveName).or(() -> unsupportedRecord(zipFile, archiveName, e))
                        .orElseGet(() -> SourceDataException.builder(Problem.CORRUPT_ARCHIVE,
                                "the archive cannot be opened: " + reason).archive(archiveName).cause(e).build());
            }
            Optional<SourceDataException> damaged = damagedRecord(zipFile, archiveName, e);
            if (damaged.isPresent()) {
                throw damaged.get();
            }
            boolean noEnd = reason.contains("END header");
            Optional<String> endProblem = noEnd ? diagnose(zipFile, CentralDirectory::endRecordProblem) : Optional.empty();
            if (endProblem.isPresent()) {
                // An end record that contradicts the archive: not a file cut short, as ZipFile's words make it.
                throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE, endProblem.get()).archive(archiveName)
                        .cause(e).build();
            }
            // How many bytes follow the end-of-central-directory record, when one is found.
            long after = noEnd ? diagnose(zipFile, channel -> Optional.of(CentralDirectory.bytesAfterEndRecord(channel)))
                    .orElse(-1L) : -1;
            if (after > 0) {
                // ZipFile finds no zip64 end record behind trailing bytes; not a file cut short.
                throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE, "the archive does not end with its"
                        + " end-of-central-directory record: " + MessageText.count(after, "byte") + " follow it").archive(archiveName)
                        .cause(e).build();
            }
            if (noEnd) {
                // Without the JDK's exception as its cause: the one-line message repeated its words
                // (`...not a whole zip: zip END header not found`), which say nothing more.
                throw SourceDataException.builder(Problem.TRUNCATED_ARCHIVE,
                        "the archive has no central directory: the file is truncated or not a whole zip")
                        .archive(archiveName).build();
            }
            throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE,
                    // The JDK's words for a name flagged UTF-8 that is not, as the streamed walk says it.
                    reason.contains("bad entry name") ? "an entry name marked as UTF-8 is not valid UTF-8 ("
                            + reason + ")"
                            // The JDK's limit on a record with its name, extra field and comment: a
                            // name of 65,500 bytes, which Python's zipfile and the streamed walk read.
                            : reason.contains("bad header size") ? "a central directory record is longer than the"
                            + " 65,535 bytes this reader of archive files takes (an entry's name, extra field and"
                            + " comment together)"
                            : "the archive cannot be opened: " + reason)
                    .archive(archiveName).cause(e).build();
        } catch (java.io.EOFException e) {
            // The end record's comment runs past the end of the file: the file was cut short.
            throw SourceDataException.builder(Problem.TRUNCATED_ARCHIVE, "the archive ends inside its"
                    + " end-of-central-directory record: the file is truncated").archive(archiveName).cause(e).build();
        }
        try (archive) {
            List<ZipEntry> all;
            try {
                all = new ArrayList<>(Collections.list(archive.entries()));
            } catch (IllegalArgumentException e) {
                throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE, "an entry name marked as UTF-8 is not valid UTF-8")
                        .archive(archiveName).cause(e).build();
            }
            List<ZipEntry> data = new ArrayList<>();
            List<ZipEntry> skipped = new ArrayList<>();
            for (ZipEntry entry : all) {
                checks.name(entry.getName());
                boolean folder = EntryNames.isFolder(entry.getName());
                if (!folder && settings.entryFilter().test(entry.getName())) {
                    checks.claimOutput(entry.getName());
                    checks.declaredSizes(entry.getName(), entry.getSize(), entry.getCompressedSize());
                    data.add(entry);
                } else {
                    skipped.add(entry);
                    if (!folder) {
                        checks.leftOut(entry.getName());
                    }
                }
            }
            checks.requireData(all.size(), data.size());
            localHeadersAgree(zipFile, archiveName, all);
            // ZipFile does not tell how many compressed bytes an entry really took: no entry can take
            // more than the whole file, and the budget holds all entries to the file's real size.
            long fileBytes = Files.size(zipFile);
            InflationBudget budget = new InflationBudget(archiveName, () -> fileBytes, settings.maxExpansionRatio());
            for (ZipEntry entry : skipped) {
                // Read through the same guard as the data, as the streamed walk reads every entry: a
                // damaged or bomb folder or metadata entry fails the archive by either walk.
                try (EntryStream guarded = guard(archive, entry, archiveName, fileBytes, budget)) {
                    guarded.transferTo(OutputStream.nullOutputStream());
                }
            }
            EntryConverter converter = new EntryConverter(settings, archiveName, sink);
            return EntryWorkers.runAll(archiveName, settings.parallelism(), data, WarmUpGate.JVM, entry -> {
                try (EntryStream guarded = guard(archive, entry, archiveName, fileBytes, budget)) {
                    return converter.convert(entry.getName(), entry.getSize(), guarded);
                }
            });
        }
    }

    /// The entry's bytes held to the limits, and to the CRC and size its directory record declares.
    private EntryStream guard(ZipFile archive, ZipEntry entry, String archiveName, long fileBytes,
            InflationBudget budget) throws IOException {
        long compressed = Math.min(entry.getCompressedSize(), fileBytes);
        return new EntryStream(archive.getInputStream(entry), archiveName, entry.getName(), () -> compressed,
                settings.maxEntryBytes(), settings.maxExpansionRatio(), OptionalLong.of(entry.getSize()),
                OptionalLong.of(entry.getCrc()), budget);
    }

    /// What a second look at the archive finds after `ZipFile` refused it, or empty when it finds
    /// nothing or the file cannot be read again: the caller's own words follow then.
    private static <T> Optional<T> diagnose(Path zipFile, Diagnosis<T> diagnosis) {
        try (FileChannel channel = FileChannel.open(zipFile)) {
            return diagnosis.of(channel);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /// One look at a refused archive's bytes.
    private interface Diagnosis<T> {
        Optional<T> of(FileChannel channel) throws IOException;
    }

    /// The refusal of the first entry whose local header gives a compression method the walks do not
    /// read, or says it is encrypted, as the streamed walk words it; `ZipFile` refuses such an archive
    /// as it opens it, naming neither the entry nor the reason. Empty when no local header says so.
    private static Optional<SourceDataException> unsupportedEntry(Path zipFile, String archiveName) {
        return diagnose(zipFile, channel -> {
            try {
                for (long offset : CentralDirectory.localHeaderOffsets(channel).offsets()) {
                    if (offset < channel.size()) {
                        new LocalEntries(Channels.newInputStream(channel.position(offset)), archiveName).next();
                    }
                }
            } catch (SourceDataException refused) {
                return Optional.of(refused);
            }
            return Optional.empty();
        });
    }

    /// The entry the central directory alone marks encrypted or compressed otherwise, named.
    private static Optional<SourceDataException> unsupportedRecord(Path zipFile, String archiveName, ZipException e) {
        return diagnose(zipFile, channel -> CentralDirectory.unsupportedEntry(channel).map(found -> SourceDataException
                .builder(Problem.CORRUPT_ARCHIVE, found.getValue() + ", its local header does not").archive(archiveName)
                .entry(found.getKey()).cause(e).build()));
    }

    /// The entry whose central directory record has a damaged extra field, named, when the directory
    /// has one: `ZipFile` refuses such an archive as it opens it (on JDK 25), naming no entry.
    private static Optional<SourceDataException> damagedRecord(Path zipFile, String archiveName, ZipException e) {
        return diagnose(zipFile, channel -> CentralDirectory.damagedRecord(channel).map(found -> {
            SourceDataException refused = refused(archiveName, found);
            refused.addSuppressed(e);
            return refused;
        }));
    }

    private static SourceDataException refused(String archiveName, CentralDirectory.RefusedRecord record) {
        return SourceDataException.builder(Problem.CORRUPT_ARCHIVE, record.getMessage()).archive(archiveName)
                .entry(record.entry()).cause(record).build();
    }

    /// Refuses the archive when an entry's local header disagrees with its central directory record, or
    /// when the entries do not follow one another from the archive's first byte to the directory: a gap
    /// may hold an entry the directory leaves out (a reader of the local headers sees it, `ZipFile`
    /// does not), an overlap is one entry's bytes read as another's.
    private static void localHeadersAgree(Path zipFile, String archiveName, List<ZipEntry> entries) throws IOException {
        try (FileChannel channel = FileChannel.open(zipFile)) {
            CentralDirectory.Listing listing;
            try {
                listing = CentralDirectory.localHeaderOffsets(channel);
            } catch (CentralDirectory.RefusedRecord e) {
                throw refused(archiveName, e);
            } catch (ZipException e) {
                throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName,
                        "the central directory cannot be checked against the local headers: " + e.getMessage());
            } catch (ClosedByInterruptException e) {
                throw EntryWorkers.interrupted(archiveName);
            }
            long[] offsets = listing.offsets();
            if (offsets.length != entries.size()) {
                throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName, "the central directory lists "
                        + MessageText.count(offsets.length, "record") + " but "
                        + MessageText.count(entries.size(), "entry", "entries") + " were read from it");
            }
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                ZipEntry entry = entries.get(i);
                long offset = offsets[i];
                LocalEntries local = offset < channel.size()
                        ? new LocalEntries(Channels.newInputStream(channel.position(offset)), archiveName) : null;
                Optional<LocalHeader> header = local != null ? local.next() : Optional.empty();
                Optional<String> disagreement = header.isEmpty()
                        ? Optional.of("the central directory places it at " + offset + ", where no local header is")
                        : disagreement(entry, header.get());
                if (disagreement.isPresent()) {
                    throw SourceDataException.inEntry(Problem.CORRUPT_ARCHIVE, archiveName, entry.getName(),
                            "the central directory disagrees with the local header: " + disagreement.get());
                }
                // The header was read with reads of its exact length, so the channel stands where the data starts.
                spans.add(new Span(entry, offset, channel.position() + entry.getCompressedSize(),
                        !header.get().delimited()));
                if (!header.get().delimited() && header.get().method() == LocalHeader.STORED) {
                    Optional<String> early = streamedEnd(local, entry);
                    if (early.isPresent()) {
                        throw SourceDataException.inEntry(Problem.CORRUPT_ARCHIVE, archiveName, entry.getName(),
                                early.get());
                    }
                }
            }
            // Not Comparator.comparingLong, whose lambda is spun at first use: the ahead-of-time
            // cache keeps this class's lambdas, not those of the JDK's combinators.
            spans.sort((a, b) -> Long.compare(a.offset(), b.offset()));
            long next = 0;
            for (int i = 0; i <= spans.size(); i++) {
                long start = i < spans.size() ? spans.get(i).offset() : listing.directoryOffset();
                Optional<String> gap = i == 0 ? between(next, start) : spans.get(i - 1).endsBefore(channel, start);
                if (gap.isPresent()) {
                    throw SourceDataException.inEntry(Problem.CORRUPT_ARCHIVE, archiveName,
                            spans.get(Math.max(0, i - 1)).entry().getName(), gap.get());
                }
                next = i < spans.size() ? spans.get(i).dataEnd() : next;
            }
        }
    }

    /// Why a reader of the local headers (the streamed walk) would end a stored entry whose sizes
    /// follow it in a data descriptor elsewhere than the central directory does, or empty: nothing
    /// but the first descriptor that fits the bytes before it tells such a reader where the data
    /// ends, so data that holds one the directory reads past (an archive inside it, written to a
    /// stream) is read as two different archives by the two walks.
    private static Optional<String> streamedEnd(LocalEntries local, ZipEntry entry) {
        EntryData data = local.data();
        try (data) {
            data.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return Optional.of("a reader of the local headers does not end the entry where the central directory"
                    + " does, after " + MessageText.count(entry.getCompressedSize(), "byte") + ": after "
                    + MessageText.count(data.compressedRead(), "byte") + ", "
                    + e.getMessage());
        }
        return data.compressedRead() == entry.getCompressedSize() ? Optional.empty()
                : Optional.of("its data holds what reads as its data descriptor after " + MessageText.number(data.compressedRead())
                        + " of its " + MessageText.count(entry.getCompressedSize(), "byte") + ": a reader of the local headers ends the"
                        + " entry there, the central directory does not");
    }

    private static Optional<String> between(long end, long start) {
        if (start == end) {
            return Optional.empty();
        }
        return Optional.of("the entries do not follow one another as the central directory lists them: "
                + (start > end ? "bytes " + end + " to " + start + " belong to no entry it lists"
                : "the bytes at " + start + " belong to two entries"));
    }

    /// Where one entry's local header starts and its data ends.
    private record Span(ZipEntry entry, long offset, long dataEnd, boolean descriptor) {

        /// Why the next entry (or the directory) at `start` does not follow this one, its data
        /// descriptor included, or empty. A descriptor must be one of the four forms (with or without
        /// its signature, 4- or 8-byte sizes) and state the CRC and sizes the directory does.
        Optional<String> endsBefore(FileChannel channel, long start) throws IOException {
            if (!descriptor) {
                return between(dataEnd, start);
            }
            long length = start - dataEnd;
            if (length < 0) {
                // The data the directory declares runs into what follows: no room for a descriptor.
                return between(dataEnd, start);
            }
            if (length != 12 && length != 16 && length != 20 && length != 24) {
                return Optional.of("the entries do not follow one another as the central directory lists them: "
                        + MessageText.count(length, "byte") + " follow the data at " + dataEnd + ", not a data descriptor");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
            channel.position(dataEnd);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read on until full: the span lies inside the file
            }
            bytes.flip();
            boolean signed = length == 16 || length == 24;
            if (signed && bytes.getInt() != DATA_DESCRIPTOR_SIGNATURE) {
                return Optional.of("the data descriptor at " + dataEnd + " has no signature");
            }
            long crc = Integer.toUnsignedLong(bytes.getInt());
            boolean wide = length >= 20;
            long compressed = wide ? bytes.getLong() : Integer.toUnsignedLong(bytes.getInt());
            long size = wide ? bytes.getLong() : Integer.toUnsignedLong(bytes.getInt());
            if (crc != entry.getCrc() || compressed != entry.getCompressedSize() || size != entry.getSize()) {
                // A zip64 descriptor's sizes are unsigned: past 2^63 they are no negative counts.
                String declared = size < 0 ? MessageText.unsignedNumber(size) + " bytes" : MessageText.count(size, "byte");
                return Optional.of(String.format(Locale.ROOT, "the data descriptor declares CRC-32 %08x and %s from %s,"
                        + " the central directory %08x and %s from %s", crc, declared, MessageText.unsignedNumber(compressed),
                        entry.getCrc(), MessageText.count(entry.getSize(), "byte"), MessageText.number(entry.getCompressedSize())));
            }
            return Optional.empty();
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
            return Optional.of(String.format(Locale.ROOT, "the central directory declares CRC-32 %08x, the local header %08x",
                    entry.getCrc(), header.crc()));
        }
        if (header.delimited() && (header.size() != entry.getSize()
                || header.compressedSize() != entry.getCompressedSize())) {
            return Optional.of("the central directory declares " + MessageText.count(entry.getSize(), "byte") + " from "
                    + MessageText.number(entry.getCompressedSize()) + ", the local header "
                    + MessageText.count(header.size(), "byte") + " from " + MessageText.number(header.compressedSize()));
        }
        return Optional.empty();
    }
}
