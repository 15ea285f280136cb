package dev.bsee.bridge.internal;

import dev.bsee.core.internal.Causes;
import dev.bsee.core.internal.FileErrors;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.internal.MessageText;
import dev.bsee.bridge.RefreshError;
import dev.bsee.scraper.DownloadException;
import dev.bsee.scraper.SourceDataException;

import java.nio.file.FileSystemException;
import java.util.List;
import java.util.OptionalInt;

/// Turns what went wrong into a [RefreshError] that names the source, entry and line where known.
final class Failures {

    private Failures() {
    }

    static RefreshError describe(String source, Exception failure) {
        RefreshError.Kind kind = kind(failure);
        return Causes.find(failure, SourceDataException.class)
                .map(data -> new RefreshError(kind, source, data.entry().orElse(null), data.line().orElse(-1), message(failure)))
                .or(() -> Causes.find(failure, FileErrors.EntryWriteFailure.class)
                        .map(write -> new RefreshError(kind, source, write.entry(), -1, message(failure))))
                .orElseGet(() -> new RefreshError(kind, source, null, -1, message(failure)));
    }

    /// The kind of the outermost download or data failure in the chain: a download that ended inside
    /// the archive carries the archive's complaint as its cause, and is still the download's fault.
    /// An entry that ran out of heap is this machine's: the same bytes read with a larger heap, so
    /// someone here has to act rather than wait for the data center.
    static RefreshError.Kind kind(Throwable failure) {
        for (Throwable cause : Causes.of(failure)) {
            if (cause instanceof DownloadException download) {
                return download.kind() == DownloadException.Kind.INTERRUPTED ? RefreshError.Kind.LOCAL : RefreshError.Kind.DOWNLOAD;
            }
            if (cause instanceof SourceDataException data) {
                return Causes.find(data, OutOfMemoryError.class).isPresent() ? RefreshError.Kind.LOCAL : RefreshError.Kind.DATA;
            }
        }
        return RefreshError.Kind.LOCAL;
    }

    /// The attempts a download made before it failed, when the failure says.
    static OptionalInt attempts(Exception failure) {
        return failure instanceof DownloadException download ? OptionalInt.of(download.attempts()) : OptionalInt.empty();
    }

    /// A message that stands on its own: file system exceptions say which file and what happened,
    /// anything unexpected names its type.
    static String message(Throwable failure) {
        return SafeText.escape(SafeText.withoutUserInfo(unescaped(reason(failure))));
    }

    /// Why a step failed, for a sentence that names the file already (`cannot read X: access
    /// denied`): a file system failure's reason without its paths, else [#message(Throwable)].
    static String why(java.io.IOException failure) {
        return reason(failure) instanceof FileSystemException fs
                ? SafeText.escape(MessageText.systemReason(fs)) : message(failure);
    }

    /// Why a source that ran out of memory failed, worded as an entry that did
    /// (`the entry needs more heap than this JVM has`), with the JDK's reason; the process's limit
    /// of threads, which the JDK words as running out of memory, is said as what it is, since a
    /// larger heap takes more of what is short.
    static String outOfMemory(OutOfMemoryError e) {
        if (MessageText.threadLimit(e)) {
            return MessageText.threadLimit("", e);
        }
        String reason = e.getMessage() == null ? "OutOfMemoryError" : e.getMessage();
        return String.format(java.util.Locale.ROOT, "the source needs more heap than this JVM has (%,d MiB: %s);"
                + " a larger -Xmx or fewer sources at once reads it", Runtime.getRuntime().maxMemory() >> 20, reason);
    }

    private static String unescaped(Throwable failure) {
        String text = failure.getMessage();
        return switch (failure) {
            case OutOfMemoryError e -> outOfMemory(e);
            case FileSystemException e -> MessageText.fileFailure(e);
            case java.io.IOException e when text != null && !text.isBlank() -> text;
            // The JDK's channels say an interrupt by their class's name alone.
            case java.nio.channels.ClosedByInterruptException e -> "interrupted";
            default -> failure.getClass().getSimpleName() + (text == null ? "" : ": " + text);
        };
    }

    /// The exception that says what happened: wrappers (`UncheckedIOException`, an execution
    /// exception) and exceptions without a message of their own give way to their cause.
    private static Throwable reason(Throwable failure) {
        List<Throwable> chain = Causes.of(failure);
        Throwable shown = failure;
        for (int next = 1; next < chain.size()
                && (shown instanceof java.io.UncheckedIOException || shown instanceof java.util.concurrent.ExecutionException
                || shown instanceof java.util.concurrent.CompletionException
                || shown.getMessage() == null || shown.getMessage().isBlank()); next++) {
            shown = chain.get(next);
        }
        return shown;
    }
}
