package dev.bsee.bridge.internal;

import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.FileReport;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.core.DType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Writes the journal of a commit of many files, as a refresh of an archive of tens of thousands of
/// entries does, in a JVM whose heap holds their descriptions but not a tree of them; prints the
/// journal's size. With a third argument, `recover`, it then completes the commit as the next
/// refresh would (reading the journal, writing the manifest) and reads the manifest back, printing
/// how many files it lists. Run by [CommitFaultsTest].
final class JournalHeapChild {

    private JournalHeapChild() {
    }

    public static void main(String[] args) throws Exception {
        OutputFolder folder = OutputFolder.of(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        List<FileReport> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(new FileReport("e" + i + ".txt", "e" + i + ".bin", 1, List.of("a"), List.of(DType.INT64),
                    String.format("%064x", i), 600, null));
        }
        Manifest manifest = new Manifest("many", RefreshPath.ENHANCED, Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.parse("2024-05-01T02:00:00Z"), PickleDialect.PORTABLE, files);
        folder.writeJournal(new OutputFolder.Journal(List.of(), List.of(), manifest, Optional.of(manifest), List.of()));
        System.out.println("journal of " + Files.size(folder.journalFile()) + " bytes");
        if (args.length > 2 && args[2].equals("recover")) {
            // Only what the reading holds from here on.
            files = null;
            manifest = null;
            try (FolderLock lock = folder.lock("test", java.time.Duration.ZERO)) {
                System.out.println("recovered: " + folder.recover());
            }
            System.out.println("manifest of " + Files.size(folder.manifestFile()) + " bytes listing "
                    + folder.manifest().orElseThrow().files().size() + " files");
        }
    }
}
