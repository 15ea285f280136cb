package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;
import dev.bsee.core.internal.PythonText;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/// A column of `datetime64[ns]` values: nanoseconds since 1970-01-01T00:00Z, with [#NAT] missing.
public final class DateTimeColumn extends FixedWidthColumn implements Column {

    /// numpy's "not a time", the missing value: the smallest `int64`.
    public static final long NAT = Long.MIN_VALUE;

    private DateTimeColumn(ByteBuffer data, BufferScope scope) {
        super(data, Long.BYTES, DType.DATETIME64, scope);
    }

    @Override
    DateTimeColumn within(BufferScope scope) {
        return new DateTimeColumn(data, scope);
    }

    /// A column reading the given little-endian nanosecond values.
    ///
    /// The buffer's remaining bytes are used without copying and must not change afterwards.
    ///
    /// @param littleEndianNanos the values; its remaining bytes must be a multiple of 8
    /// @return the column
    public static DateTimeColumn wrap(ByteBuffer littleEndianNanos) {
        return new DateTimeColumn(littleEndianNanos, BufferScope.OPEN);
    }

    /// A column of the given nanosecond values ([#NAT] for missing).
    ///
    /// @param epochNanos the values
    /// @return the column
    public static DateTimeColumn of(long... epochNanos) {
        java.util.Objects.requireNonNull(epochNanos, "epochNanos");
        return new DateTimeColumn(littleEndian(epochNanos), BufferScope.OPEN);
    }

    /// Nanoseconds since the epoch at `row`, or [#NAT].
    ///
    /// @param row the row, from zero
    /// @return the value
    public long epochNanos(int row) {
        return longAt(row);
    }

    @Override
    public boolean isMissing(int row) {
        return epochNanos(row) == NAT;
    }

    @Override
    public Optional<Object> value(int row) {
        long nanos = epochNanos(row);
        return nanos == NAT ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    @Override
    public String format(int row) {
        long nanos = epochNanos(row);
        return nanos == NAT ? "NaT" : PythonText.timestamp(nanos);
    }
}
