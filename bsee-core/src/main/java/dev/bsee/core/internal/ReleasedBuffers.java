package dev.bsee.core.internal;

/// Says why a column's values cannot be read once the allocator that held its buffers was closed.
/// Buffers of memory-mapped files (`SpillingBuffers`) are unmapped by the allocator's close, and a
/// read of them then fails in the JDK's words, `IllegalStateException: Already closed`, which name
/// neither the column nor what was closed.
public final class ReleasedBuffers {

    private ReleasedBuffers() {
    }

    /// `failure`, from reading a column's buffer, as the failure it is: the column's buffers were
    /// released with the allocator that held them.
    ///
    /// @param failure what the buffer threw
    /// @return the failure to throw, with `failure` as its cause
    public static IllegalStateException closed(IllegalStateException failure) {
        return new IllegalStateException("cannot read the column: the allocator that held the column's buffers was"
                + " closed, which released them (read a table's columns before closing the buffers, such as"
                + " SpillingBuffers, it was read with)", failure);
    }
}
