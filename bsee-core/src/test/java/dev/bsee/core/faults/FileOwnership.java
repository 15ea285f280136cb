package dev.bsee.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/// The owner and group of a file, for tests of what a replacement keeps: an administrator's
/// `chown nobody:nogroup` of an output, which a run by `root` (as the tests run) must carry to the
/// file that replaces it.
///
/// @param owner the owner
/// @param group the group
public record FileOwnership(UserPrincipal owner, GroupPrincipal group) {

    /// Gives `file` to `nobody:nogroup` (uid and gid 65534, which only `root` may do; the tests run
    /// as root, and fail here otherwise rather than pass without the check).
    ///
    /// @param file the file
    /// @return the ownership given
    /// @throws IOException when it cannot be given
    public static FileOwnership giveAway(Path file) throws IOException {
        UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
        FileOwnership given = new FileOwnership(lookup.lookupPrincipalByName("65534"),
                lookup.lookupPrincipalByGroupName("65534"));
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setGroup(given.group());
        view.setOwner(given.owner());
        assertThat(of(file)).as("ownership given to " + file).isEqualTo(given);
        return given;
    }

    /// The ownership of `file` now.
    ///
    /// @param file the file
    /// @return its owner and group
    /// @throws IOException when it cannot be read
    public static FileOwnership of(Path file) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new FileOwnership(attributes.owner(), attributes.group());
    }
}
