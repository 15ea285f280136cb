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
record ProcessorSettings(Predicate<String> entryFilter, Function<String, TableLayout> layouts,
                         Supplier<BufferAllocator> allocators, double maxExpansionRatio, long maxEntryBytes,
                         ProgressListener listener, int parallelism, Path spoolDirectory) {
}
