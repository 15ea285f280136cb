package dev.bsee.binary;

import java.io.IOException;

/// Accepts a value and may fail with an [IOException]; the content callback of [AtomicFiles].
///
/// @param <T> the accepted type
@FunctionalInterface
public interface IoConsumer<T> {

    /// Consumes `value`.
    ///
    /// @param value the value
    /// @throws IOException when writing fails
    void accept(T value) throws IOException;
}
