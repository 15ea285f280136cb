package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import java.util.zip.ZipException;
import java.util.Locale;

/// The uncompressed bytes of one archive entry, guarded: it stops a zip bomb (more bytes than the
/// configured maximum, or an expansion ratio beyond the limit once past a small grace size, for the
/// entry and, through the archive's [InflationBudget], for all entries together), checks
/// the CRC and size the archive declares when asked to, and turns failures of the compressed data
/// into [SourceDataException]s that name the archive and entry.
public final class EntryStream extends BulkInputStream {

    /// Entries (and archives) that inflate to less than this are not held to the expansion ratio.
    /// The ratio is checked as the bytes inflate, so what it judges is a prefix, which compresses
    /// far better than the whole when it holds a long field or a run of empty columns: with a grace
    /// of 1 MiB, an honest 13 MB entry compressed 11-fold overall was refused at its 1.4th megabyte
    /// as 576-fold. Up to this size nothing is held, which a bomb can use to cost a few seconds at
    /// most; past it, a bomb (deflate reaches about 1,000-fold) is stopped.
    public static final long RATIO_GRACE_BYTES = 16L << 20;

    private final InputStream in;
    private final String archive;
    private final String entry;
    private final LongSupplier compressedBytes;
    private final long maxBytes;
    private final double maxRatio;
    private final OptionalLong declaredSize;
    private final OptionalLong declaredCrc;
    private final InflationBudget budget;
    private final CRC32 crc;
    private long count;

    /// Guards `in`.
    ///
    /// @param in the inflated entry data
    /// @param archive the archive name
    /// @param entry the entry name
    /// @param compressedBytes compressed bytes consumed so far for this entry, counted or bounded by
    ///     what was read, never only what the archive declares
    /// @param maxBytes the most uncompressed bytes allowed
    /// @param maxRatio the largest uncompressed/compressed ratio allowed
    /// @param declaredSize the uncompressed size the archive declares, to check at the end
    /// @param declaredCrc the CRC-32 the archive declares, to check at the end
    /// @param budget the archive's budget, charged with every byte read here
    public EntryStream(InputStream in, String archive, String entry, LongSupplier compressedBytes, long maxBytes,
                       double maxRatio, OptionalLong declaredSize, OptionalLong declaredCrc, InflationBudget budget) {
        this.in = in;
        this.archive = archive;
        this.entry = entry;
        this.compressedBytes = compressedBytes;
        this.maxBytes = maxBytes;
        this.maxRatio = maxRatio;
        this.declaredSize = declaredSize;
        this.declaredCrc = declaredCrc;
        this.budget = budget;
        this.crc = declaredCrc.isPresent() ? new CRC32() : null;
    }

    /// The uncompressed bytes read so far.
    ///
    /// @return the count
    public long count() {
        return count;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (ZipException e) {
            throw fail(Problem.CORRUPT_ARCHIVE, "the compressed data is damaged: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw fail(Problem.TRUNCATED_ARCHIVE, "the archive ends inside this entry"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.util.zip.DataFormatException) {
                throw fail(Problem.CORRUPT_ARCHIVE, "the compressed data is damaged: " + e.getMessage(), e);
            }
            throw e;
        }
        if (n < 0) {
            finish();
            return n;
        }
        count += n;
        if (crc != null) {
            crc.update(b, off, n);
        }
        if (count > maxBytes) {
            throw fail(Problem.ZIP_BOMB, "the entry expands beyond the limit of " + MessageText.count(maxBytes, "byte")
                    + " (" + MessageText.count(count, "byte") + " inflated)", null);
        }
        budget.charge(entry, n);
        if (count > RATIO_GRACE_BYTES) {
            long compressed = Math.max(1, compressedBytes.getAsLong());
            if (count > maxRatio * compressed) {
                throw fail(Problem.ZIP_BOMB, String.format(Locale.ROOT,
                        "the entry expands %.0f times (%s inflated from %s compressed), beyond the limit of %.0f",
                        (double) count / compressed, MessageText.count(count, "byte"), MessageText.number(compressed),
                        maxRatio), null);
            }
        }
        if (declaredSize.isPresent() && count > declaredSize.getAsLong()) {
            throw fail(Problem.CORRUPT_ARCHIVE, "the entry's data runs past the "
                    + MessageText.count(declaredSize.getAsLong(), "byte") + " its header declares: the archive is damaged", null);
        }
        return n;
    }

    private void finish() throws SourceDataException {
        if (declaredSize.isPresent() && count != declaredSize.getAsLong()) {
            throw fail(Problem.CORRUPT_ARCHIVE, "the entry holds " + MessageText.count(count, "byte")
                    + " but its header declares " + MessageText.number(declaredSize.getAsLong()), null);
        }
        if (crc != null && crc.getValue() != declaredCrc.getAsLong()) {
            throw fail(Problem.CORRUPT_ARCHIVE, String.format(Locale.ROOT, "CRC-32 mismatch: the data gives %08x, the archive"
                    + " declares %08x", crc.getValue(), declaredCrc.getAsLong()), null);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private SourceDataException fail(Problem problem, String detail, Throwable cause) {
        return SourceDataException.builder(problem, detail).archive(archive).entry(entry).cause(cause).build();
    }
}
