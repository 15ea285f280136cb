package dev.bsee.binary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/// Writes files so that readers see either the previous complete file or the new complete one, never
/// a partial one: the content goes to a temporary file, which is flushed to disk (`fsync`) and then
/// renamed over the target in one atomic step.
///
/// The caller names the directory for temporaries, so they can be kept out of folders that other
/// programs scan (the Python analysis code loads every file in an output folder). It must be on the
/// same file system as the target, because only a rename within one file system is atomic.
///
/// ```java
/// AtomicFiles.write(outputDir.resolve("manifest.json"), stateDir, out -> out.write(json));
/// ```
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /// Writes `target` atomically with what `content` writes to the stream it is given.
    ///
    /// The stream is buffered; `content` need not (and should not) close it. When `content` or any
    /// later step fails, the temporary file is removed and `target` keeps its previous content (or
    /// stays absent).
    ///
    /// @param target the file to create or replace; its directory must exist
    /// @param temporaryDirectory where the temporary file goes; must exist, on the file system of `target`
    /// @param content writes the file's bytes
    /// @throws IOException when writing fails, or the directories are missing or on different file systems
    public static void write(Path target, Path temporaryDirectory, IoConsumer<? super OutputStream> content)
            throws IOException {
        // The project's one implementation; this class keeps it available to applications.
        dev.bsee.core.internal.AtomicFiles.write(target, temporaryDirectory, content == null ? null : content::accept);
    }
}
