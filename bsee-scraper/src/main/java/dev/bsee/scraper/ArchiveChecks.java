package dev.bsee.scraper;

import dev.bsee.core.ProgressEvent;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.internal.SameFileNames;
import dev.bsee.scraper.SourceDataException.Problem;
import dev.bsee.scraper.internal.zip.EntryNames;
import dev.bsee.scraper.internal.zip.EntryStream;
import dev.bsee.scraper.internal.zip.ZipSignature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/// The checks both walks make on one archive before any entry is parsed, each failing with a
/// [SourceDataException] that names the archive (and the entry): the signature, safe and distinct
/// entry names, declared sizes within the limits, at least one data entry. It also tells the listener
/// which entries it left out as not data.
final class ArchiveChecks {

    private static final System.Logger LOG = System.getLogger(ArchiveChecks.class.getName());

    /// Bytes read from the start of an archive to recognise it.
    static final int SNIFF_BYTES = 64;

    private final String archiveName;
    private final ProcessorSettings settings;
    /// The data entries seen so far, by their output name's [SameFileNames#key].
    private final Map<String, String> outputs = new HashMap<>();
    /// How many entry names have each hash code.
    private final Map<Integer, Integer> namesByHash = new HashMap<>();
    /// The entries that are neither folders nor data, in archive order.
    private final List<String> leftOut = new ArrayList<>();

    ArchiveChecks(String archiveName, ProcessorSettings settings) {
        this.archiveName = archiveName;
        this.settings = settings;
    }

    /// The first bytes are a zip's local entry header; `what` ("stream", "file") is the input.
    void signature(byte[] first, int length, String what) throws SourceDataException {
        if (ZipSignature.startsWithEntry(first, length)) {
            return;
        }
        if (ZipSignature.isEmptyArchive(first, length)) {
            throw SourceDataException.inArchive(Problem.EMPTY_ARCHIVE, archiveName, "the archive has no entries");
        }
        String detail = length == 0 ? "not a zip archive: the " + what + " is empty"
                : "not a zip archive: " + ZipSignature.describeStart(first, length);
        throw SourceDataException.inArchive(Problem.NOT_A_ZIP, archiveName, detail);
    }

    /// The name is neither absolute nor climbs out of its folder, and not one of many names made to
    /// share a hash code.
    void name(String name) throws SourceDataException {
        Optional<String> unsafe = EntryNames.unsafeBecause(name);
        if (unsafe.isPresent()) {
            throw SourceDataException.inEntry(Problem.UNSAFE_ENTRY_NAME, archiveName, name, unsafe.get());
        }
        // The JDK's ZipFile finds an entry by a chain of the names of its hash code: names made to
        // collide (blocks of "Aa" and "BB") made every lookup walk all of them, and 32,768 such
        // entries took a minute, far more than the square of their count allows. Names that share a
        // hash by chance number two or three in the largest archive.
        int sharing = namesByHash.merge(name.hashCode(), 1, Integer::sum);
        if (sharing > MAX_NAMES_PER_HASH) {
            throw SourceDataException.inArchive(Problem.CORRUPT_ARCHIVE, archiveName, "more than "
                    + MAX_NAMES_PER_HASH + " entry names share one hash code (" + SafeText.clipped(SafeText.escape(name), 80)
                    + " among them), as only names made to collide do; finding their entries would take time"
                    + " that grows as the square of their count");
        }
    }

    /// The most entry names of one archive that may share a hash code ([#name(String)]).
    static final int MAX_NAMES_PER_HASH = 64;

    /// No earlier data entry of the archive gives the same output file, also on a file system that
    /// ignores case or the Unicode form of a name ([SameFileNames]: `T1.txt` and `t1.txt` would
    /// overwrite each other there), and the output name fits a file name with room for the temporary
    /// names it is written under.
    void claimOutput(String name) throws SourceDataException {
        String output = EntryNames.outputName(name);
        Optional<String> tooLong = EntryNames.outputNameTooLong(output);
        if (tooLong.isPresent()) {
            throw SourceDataException.inEntry(Problem.UNSAFE_ENTRY_NAME, archiveName, name, tooLong.get());
        }
        String earlier = outputs.putIfAbsent(SameFileNames.key(output), name);
        if (earlier != null) {
            String earlierOutput = EntryNames.outputName(earlier);
            String why = earlier.equals(name) ? "the archive holds two entries of this name, and both would be " + output
                    : earlierOutput.equals(output) ? "entry " + earlier + " also gives " + output
                            + (folderOf(earlier).equals(folderOf(name)) ? ""
                            : " (entries of different folders are written to one folder)")
                    : "entry " + earlier + " gives " + earlierOutput + ", which is " + output
                            + SameFileNames.why(earlierOutput, output);
            throw SourceDataException.inEntry(Problem.UNSAFE_ENTRY_NAME, archiveName, name, why);
        }
    }

    private static String folderOf(String entryName) {
        String portable = entryName.replace('\\', '/');
        return portable.substring(0, Math.max(0, portable.lastIndexOf('/')));
    }

    /// The uncompressed size the archive declares (negative when it declares none) is within the limit.
    void declaredSize(String name, long size) throws SourceDataException {
        if (size > settings.maxEntryBytes()) {
            throw SourceDataException.inEntry(Problem.ZIP_BOMB, archiveName, name, "the entry declares "
                    + MessageText.count(size, "byte") + ", beyond the limit of " + MessageText.number(settings.maxEntryBytes()));
        }
    }

    /// The declared size and the declared expansion are within the limits.
    void declaredSizes(String name, long size, long compressedSize) throws SourceDataException {
        declaredSize(name, size);
        long compressed = Math.max(1, compressedSize);
        double maxRatio = settings.maxExpansionRatio();
        if (size > EntryStream.RATIO_GRACE_BYTES && size > maxRatio * compressed) {
            throw SourceDataException.inEntry(Problem.ZIP_BOMB, archiveName, name, String.format(Locale.ROOT,
                    "the entry declares a %.0f-fold expansion (%s from %s), beyond the limit of %.0f",
                    (double) size / compressed, MessageText.count(size, "byte"), MessageText.number(compressed), maxRatio));
        }
    }

    /// The most bytes of central directory an archive may have: `ZipFile` holds the whole directory
    /// in memory, and the streamed walk every entry's name until the directory, so a directory of a
    /// good share of the heap ran the JVM out of memory. A BSEE archive's takes a few KiB, one of
    /// 200,000 entries 11 MiB; an eighth of the heap (24 MiB in the tool's), at least 16 MiB.
    static long maxDirectoryBytes() {
        return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /// The central directory, of `bytes` or (for a stream, counted from the entries' names) at least
    /// so many, is within [#maxDirectoryBytes()].
    void directorySize(long bytes, boolean atLeast) throws SourceDataException {
        long max = maxDirectoryBytes();
        if (bytes > max) {
            String takes = atLeast ? "more than the" : MessageText.count(bytes, "byte") + ", more than the";
            throw SourceDataException.inArchive(Problem.TOO_LARGE, archiveName, String.format(Locale.ROOT,
                    "the central directory takes %s %s this reader holds in memory with a heap of %s MiB"
                            + " (a BSEE archive's takes a few KiB)", takes, MessageText.count(max, "byte"),
                            MessageText.number(Runtime.getRuntime().maxMemory() >> 20)));
        }
    }

    /// Notes an entry that is neither a folder nor data, which the walk reads past.
    void leftOut(String name) {
        leftOut.add(name);
    }

    /// The archive has entries, and some are data. When it has others too (a `.csv`, a PDF of the
    /// field definitions), the listener hears which were left out: a person who converts an archive
    /// expects every table in it, and the summary counts only the entries written.
    void requireData(int entries, int dataEntries) throws SourceDataException {
        if (entries == 0) {
            throw SourceDataException.inArchive(Problem.EMPTY_ARCHIVE, archiveName, "the archive has no entries");
        }
        if (dataEntries == 0) {
            // Named: an entry whose name a damaged directory garbled is no data entry either, and
            // "none of the 1 entry" left the user to find out which it was.
            String named = leftOut.isEmpty() ? ""
                    : " (left out: " + MessageText.names(leftOut.stream().map(SafeText::escape).toList()) + ")";
            throw SourceDataException.inArchive(Problem.EMPTY_ARCHIVE, archiveName, (entries == 1
                    ? "its one entry is not a data entry the filter accepts"
                    : "none of the " + MessageText.count(entries, "entry", "entries") + " is a data entry the filter accepts")
                    + named);
        }
        if (!leftOut.isEmpty()) {
            String message = MessageText.count(leftOut.size(), "entry", "entries") + (leftOut.size() == 1 ? " is" : " are")
                    + " not data by name and left out: "
                    + MessageText.names(leftOut.stream().map(SafeText::escape).toList());
            LOG.log(System.Logger.Level.INFO, "{0}: {1}", SafeText.escape(archiveName), message);
            settings.listener().onEvent(new ProgressEvent.Notice(settings.eventSource(archiveName), message));
        }
    }
}
