package dev.bsee.scraper;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.TableLayout;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/// The options of a [ZipStreamProcessor], as its builder checked them, shared by the walks of one
/// archive.
///
/// @param source what entry events name as their source; null for the archive's file name
record ProcessorSettings(Predicate<String> entryFilter, Function<String, TableLayout> layouts,
                         Supplier<BufferAllocator> allocators, double maxExpansionRatio, long maxEntryBytes,
                         ProgressListener listener, int parallelism, Path spoolDirectory, String source) {

    /// The source entry events of `archiveName` name.
    String eventSource(String archiveName) {
        return source == null ? archiveName : source;
    }
}
