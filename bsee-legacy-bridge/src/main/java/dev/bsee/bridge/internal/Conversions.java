package dev.bsee.bridge.internal;

import dev.bsee.binary.PickleWriter;
import dev.bsee.binary.SpillingAllocator;
import dev.bsee.bridge.RefreshConfig;
import dev.bsee.core.BseeSource;
import dev.bsee.core.ProgressListener;
import dev.bsee.scraper.BodyConsumer;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.ConditionalStateStore;
import dev.bsee.scraper.EntrySink;
import dev.bsee.scraper.EntrySummary;
import dev.bsee.scraper.FetchResult;
import dev.bsee.scraper.HttpFetcher;
import dev.bsee.scraper.ZipStreamProcessor;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/// The two ways a source's archive becomes staged `.bin` files, composed from the scraper and the
/// codec: the legacy path reads zip files from a folder, the enhanced path downloads and converts the
/// body as it arrives. Both go through the same [ZipStreamProcessor] and [PickleWriter].
public final class Conversions {

    private static final System.Logger LOG = System.getLogger("dev.bsee.bridge");
    private static final long MIN_HEAP_BUDGET = 16L << 20;

    /// What both paths need from the refresh's settings.
    ///
    /// @param config the configuration
    /// @param listener receives download and entry progress
    /// @param backoff the first retry pause
    /// @param backoffMax the longest retry pause
    public record Settings(RefreshConfig config, ProgressListener listener, Duration backoff, Duration backoffMax) {
        /// Validates the settings.
        public Settings {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(backoffMax, "backoffMax");
        }
    }

    private Conversions() {
    }

    /// The legacy path: every `*.zip` of the source's zip folder (in name order), or the one zip
    /// file named, converted into the staging area.
    ///
    /// @param plan the source
    /// @param settings the settings
    /// @return the converter
    public static SourceRunner.Converter legacy(SourcePlan plan, Settings settings) {
        return (staging, tally) -> {
            Path location = plan.zipLocation().orElseThrow(() -> new IllegalStateException(
                    "legacy source " + plan.id() + " has no zip folder"));
            List<Path> zips = zipFiles(plan.id(), location);
            tally.setAttempts(1);
            ZipStreamProcessor processor = processor(plan, settings, staging,
                    settings.config().processing().parallel() ? Runtime.getRuntime().availableProcessors() : 1);
            EntrySink sink = sink(staging, writer(settings));
            for (Path zip : zips) {
                tally.addBytes(Files.size(zip));
                processor.process(zip, sink);
            }
            return new SourceRunner.Conversion(Optional.of(location.toUri()), false, Optional.empty(), Optional.empty(),
                    () -> { });
        };
    }

    /// The enhanced path: the source's archive downloaded (conditionally when `cache.enabled`) and
    /// converted as its body arrives, or from a spool file beside the output folder when
    /// `processing.in_memory` is false.
    ///
    /// @param plan the source
    /// @param settings the settings
    /// @return the converter
    public static SourceRunner.Converter enhanced(SourcePlan plan, Settings settings) {
        return (staging, tally) -> {
            RefreshConfig config = settings.config();
            BseeSource source = plan.source();
            OutputFolder folder = OutputFolder.of(plan.outputFolder());
            ConditionalStateStore states = openStates(folder, settings);
            String archiveName = archiveName(source);
            boolean inMemory = config.processing().inMemory();
            ZipStreamProcessor processor = processor(plan, settings, staging,
                    config.processing().parallel() ? Runtime.getRuntime().availableProcessors() : 1);
            EntrySink sink = sink(staging, writer(settings));
            try (HttpFetcher fetcher = HttpFetcher.builder()
                    .maxAttempts(config.processing().retries() + 1)
                    .backoff(settings.backoff(), settings.backoffMax())
                    .progressListener(settings.listener())
                    .spoolDirectory(staging.directory())
                    .cacheTtl(config.cache().enabled() ? config.cache().ttl() : Duration.ZERO)
                    .build()) {
                BodyConsumer<List<EntrySummary>> consumer = inMemory
                        ? (body, info) -> {
                            tally.setAttempts(Math.max(1, tally.attempts()));
                            return processor.process(new Counting(body, tally), archiveName, sink);
                        }
                        : fetcher.spooled((file, info) -> processor.process(file, sink));
                FetchResult<List<EntrySummary>> result = config.cache().enabled()
                        ? fetcher.fetch(source, states.state(source), consumer)
                        : fetcher.fetch(source, consumer);
                tally.setAttempts(result.attempts());
                tally.setBytes(result.bytes());
                ConditionalState state = result.state();
                return new SourceRunner.Conversion(Optional.of(source.uri()),
                        result.status() != FetchResult.Status.FETCHED, result.validators().etag(),
                        result.validators().lastModified(), () -> states.save(state));
            }
        };
    }

    /// The download state beside the folder. It only saves downloads, so a damaged file is set
    /// aside (renamed, for whoever wants to look) and the source is fetched unconditionally.
    private static ConditionalStateStore openStates(OutputFolder folder, Settings settings) throws IOException {
        try {
            return ConditionalStateStore.open(folder.stateFile());
        } catch (IOException damaged) {
            Path aside = folder.stateFile().resolveSibling("state.damaged");
            Files.move(folder.stateFile(), aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.WARNING, "download state " + folder.stateFile() + " is damaged and was moved to "
                    + aside + "; the next download is unconditional: " + damaged.getMessage());
            return ConditionalStateStore.open(folder.stateFile());
        }
    }

    /// A processor whose column buffers spill into the staging area past a heap budget, so an
    /// entry of any size fits the heap, and spill files left by a killed refresh are removed with
    /// its other temporaries. The budget is 60% of the heap, shared by the entries in flight: a
    /// production entry needs about 60 MB of buffers, and a budget smaller than an entry makes it
    /// spill, which is slower and, through the mapped pages, no smaller in resident memory.
    private static ZipStreamProcessor processor(SourcePlan plan, Settings settings, Staging staging, int parallelism) {
        int entries = Math.max(1, parallelism);
        long budget = Math.max(MIN_HEAP_BUDGET, Runtime.getRuntime().maxMemory() / 100 * 60 / entries);
        Path spill = staging.directory();
        return ZipStreamProcessor.builder()
                .entryFilter(plan.source().entryFilter())
                .layouts(plan::layoutFor)
                .allocators(() -> SpillingAllocator.create(spill, budget))
                .progressListener(settings.listener())
                .parallelism(entries)
                .spoolDirectory(spill)
                .build();
    }

    private static PickleWriter writer(Settings settings) {
        return PickleWriter.builder().dialect(settings.config().output().dialect()).build();
    }

    private static EntrySink sink(Staging staging, PickleWriter writer) {
        return entry -> staging.write(entry.entryName(), entry.outputName(), entry.table(), writer::write);
    }

    /// The zip files of a legacy location: the file itself, or a folder's `*.zip` in name order.
    static List<Path> zipFiles(String sourceId, Path location) throws IOException {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        if (!Files.isDirectory(location)) {
            throw new NoSuchFileException(location.toString(), null,
                    "the zip folder of parameters.filepath." + sourceId + ".zip does not exist");
        }
        List<Path> zips = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(location,
                file -> Files.isRegularFile(file) && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))) {
            files.forEach(zips::add);
        }
        if (zips.isEmpty()) {
            throw new NoSuchFileException(location.toString(), null,
                    "no zip archives in the folder of parameters.filepath." + sourceId + ".zip");
        }
        zips.sort(null);
        return zips;
    }

    /// The archive's file name from its address, e.g. `APDRawData.zip`.
    static String archiveName(BseeSource source) {
        String path = Optional.ofNullable(source.uri().getPath()).orElse("");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? source.id() + ".zip" : name;
    }

    /// Counts body bytes as the processor reads them, so a failed download still reports them.
    private static final class Counting extends FilterInputStream {
        private final SourceRunner.Tally tally;

        Counting(InputStream in, SourceRunner.Tally tally) {
            super(in);
            this.tally = tally;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                tally.addBytes(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                tally.addBytes(n);
            }
            return n;
        }
    }
}
