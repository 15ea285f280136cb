package dev.bsee.binary;

import dev.bsee.core.Table;
import dev.bsee.core.internal.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/// Writes a [Table] as a pickled pandas `DataFrame`: the `.bin` files that Python reads with
/// `pickle.load(f)` or `pandas.read_pickle(path)` unchanged.
///
/// The pickle has the structure pandas itself writes (protocol 4, framed; one consolidated block per
/// dtype with the column order kept through block placements; `RangeIndex`, `Index` or `MultiIndex`
/// rows; duplicate column names allowed). Missing `object` values are written as float NaN, as
/// `pandas.read_csv` produces them. The [PickleDialect] chooses the numpy module names.
///
/// Writing streams: column buffers are copied to the output as they are (strings from their UTF-8
/// bytes, without decoding), through one 64 KiB frame buffer, so memory use does not grow with the
/// table. Writers are immutable and thread-safe.
///
/// ```java
/// PickleWriter writer = PickleWriter.builder().dialect(PickleDialect.PORTABLE).build();
/// writer.write(table, binDir.resolve("mv_apd_data_all.bin"), stagingDir);
/// ```
public final class PickleWriter {
    private final PickleDialect dialect;

    private PickleWriter(Builder builder) {
        this.dialect = builder.dialect;
    }

    /// A writer with the defaults ([PickleDialect#PORTABLE]).
    ///
    /// @return the writer
    public static PickleWriter of() {
        return builder().build();
    }

    /// A builder for a configured writer.
    ///
    /// @return a new builder
    public static Builder builder() {
        return new Builder();
    }

    /// The dialect this writer writes.
    ///
    /// @return the dialect
    public PickleDialect dialect() {
        return dialect;
    }

    /// Writes `table` as one pickle to `output`, which is flushed but not closed.
    ///
    /// @param table the table
    /// @param output where the pickle goes
    /// @throws IOException when writing to `output` fails
    public void write(Table table, OutputStream output) throws IOException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(output, "output");
        new DataFrameEncoder(output, dialect).write(table);
    }

    /// Writes `table` to the file `target` atomically: readers of `target` see the
    /// previous file until the new one is complete and on disk, and a failure leaves no temporary file.
    ///
    /// @param table the table
    /// @param target the `.bin` file to create or replace
    /// @param temporaryDirectory where the temporary file is written; must be on the file system of `target`
    /// @throws IOException when writing or moving fails
    public void write(Table table, Path target, Path temporaryDirectory) throws IOException {
        Objects.requireNonNull(table, "table");
        AtomicFiles.write(target, temporaryDirectory, output -> write(table, output));
    }

    @Override
    public String toString() {
        return "PickleWriter[" + dialect + "]";
    }

    /// Configures a [PickleWriter]; not thread-safe, reusable.
    public static final class Builder {
        private PickleDialect dialect = PickleDialect.PORTABLE;

        private Builder() {
        }

        /// Sets the numpy module names the pickle refers to; [PickleDialect#PORTABLE] by default.
        ///
        /// @param dialect the dialect
        /// @return this builder
        public Builder dialect(PickleDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /// The writer.
        ///
        /// @return an immutable writer
        public PickleWriter build() {
            return new PickleWriter(this);
        }
    }
}
