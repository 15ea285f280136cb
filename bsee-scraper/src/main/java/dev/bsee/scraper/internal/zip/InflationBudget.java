package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/// The expansion limit of a whole archive, counted on facts only: the bytes all its entries have
/// actually inflated so far (skipped entries too), against the bytes of the archive actually read
/// (a stream) or its size on disk (a file). No size an archive declares enters the sum, so a
/// central directory, local header or data descriptor that under-states an entry's size, or
/// over-states its compressed size, gains nothing; nor does splitting a bomb into many entries that
/// each stay below [EntryStream#RATIO_GRACE_BYTES].
///
/// One budget is shared by all entries of one archive, also when they run in parallel.
public final class InflationBudget {

    private final String archive;
    private final LongSupplier archiveBytes;
    private final double maxRatio;
    private final AtomicLong inflated = new AtomicLong();

    /// A budget for one archive.
    ///
    /// @param archive the archive name, for messages
    /// @param archiveBytes the archive's bytes read so far (a stream) or its size on disk (a file)
    /// @param maxRatio the largest inflated/archive ratio allowed once past the grace size
    public InflationBudget(String archive, LongSupplier archiveBytes, double maxRatio) {
        this.archive = archive;
        this.archiveBytes = archiveBytes;
        this.maxRatio = maxRatio;
    }

    /// Counts `bytes` more inflated bytes of `entry` and refuses the archive when the total is
    /// past the ratio.
    ///
    /// @param entry the entry the bytes come from, for the message
    /// @param bytes bytes just inflated
    /// @throws SourceDataException a [Problem#ZIP_BOMB] naming the archive, the entry, the bytes
    ///     inflated, the archive's bytes and the limit
    public void charge(String entry, long bytes) throws SourceDataException {
        long total = inflated.addAndGet(bytes);
        if (total <= EntryStream.RATIO_GRACE_BYTES) {
            return;
        }
        long compressed = Math.max(1, archiveBytes.getAsLong());
        if (total > maxRatio * compressed) {
            throw SourceDataException.inEntry(Problem.ZIP_BOMB, archive, entry, String.format(Locale.ROOT,
                    "the archive's entries expand %.0f times (%s inflated so far from %s of archive),"
                            + " beyond the limit of %.0f", (double) total / compressed, MessageText.count(total, "byte"),
                    MessageText.count(compressed, "byte"), maxRatio));
        }
    }
}
