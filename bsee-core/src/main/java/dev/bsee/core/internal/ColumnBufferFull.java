package dev.bsee.core.internal;

import java.util.Locale;

/// A column buffer asked to hold more than one buffer can (a [java.nio.ByteBuffer] reaches 2 GiB):
/// the data is too large to convert, not a fault of the code, so readers of text turn it into a
/// refusal that names the archive and the entry.
public final class ColumnBufferFull extends IllegalStateException {

    /// @param limit the most bytes one buffer holds
    public ColumnBufferFull(long limit) {
        super(String.format(Locale.ROOT, "a column needs more than %,d bytes, the most one column buffer holds", limit));
    }
}
