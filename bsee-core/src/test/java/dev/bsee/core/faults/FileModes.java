package dev.bsee.core.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/// Modes for tests of what a replacement keeps of the file it replaces.
public final class FileModes {

    private FileModes() {
    }

    /// A mode with more than `created`, a file just written, got from the umask, so that a file
    /// replacing one of this mode is seen to keep what it adds (the mode is added, not copied):
    /// `rw-rw-rw-`, more than any umask leaves but `000`; under `000`, which leaves all of it, that and
    /// the owner's execute bit.
    ///
    /// @param created a file just written
    /// @return the mode
    /// @throws IOException when the mode cannot be read
    public static Set<PosixFilePermission> moreThanANewFileGets(Path created) throws IOException {
        Set<PosixFilePermission> more = PosixFilePermissions.fromString("rw-rw-rw-");
        if (Files.getPosixFilePermissions(created).containsAll(more)) {
            more.add(PosixFilePermission.OWNER_EXECUTE);
        }
        return more;
    }
}
