package dev.bsee.core;

import dev.bsee.core.internal.SystemPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SystemPathsTest {

    @TempDir
    Path dir;

    /// `..` after a symbolic link goes above the link's target, as the system (and Python's
    /// `open()`) goes: `normalize()` dropped the link as text, and the tool wrote into a folder the
    /// analysis code never read.
    @Test
    void dotDotAfterALinkGoesAboveItsTarget() throws IOException {
        Path deep = Files.createDirectories(dir.resolve("real/deep"));
        Path link = Files.createSymbolicLink(dir.resolve("lnk"), deep);
        Path nowhere = Files.createSymbolicLink(dir.resolve("nowhere"), dir.resolve("gone/away"));

        assertThat(SystemPaths.absolute(link.resolve("../out"))).isEqualTo(deep.toRealPath().getParent().resolve("out"));
        assertThat(SystemPaths.absolute(link.resolve("../out")).getParent()).isEqualTo(link.resolve("..").toRealPath());
        // Without a link before the `..`, and for a link leading nowhere, as normalize() gives it.
        assertThat(SystemPaths.absolute(dir.resolve("real/./deep/../x"))).isEqualTo(dir.resolve("real/x"));
        assertThat(SystemPaths.absolute(nowhere.resolve("../y"))).isEqualTo(dir.resolve("y"));
        assertThat(SystemPaths.absolute(link.resolve("inside/.."))).isEqualTo(link);
        assertThat(SystemPaths.absolute(Path.of("/.."))).isEqualTo(Path.of("/"));
        assertThat(SystemPaths.linkLeadingNowhereBeforeDotDot(nowhere.resolve("../y"))).contains(nowhere);
        assertThat(SystemPaths.linkLeadingNowhereBeforeDotDot(link.resolve("../out"))).isEmpty();
        assertThat(SystemPaths.linkLeadingNowhereBeforeDotDot(nowhere.resolve("y"))).isEmpty();
    }

    /// A folder that goes up from a link leading nowhere is one the system refuses: said so by every
    /// command that makes or reads a folder, where the convert wrote to the folder the text named.
    @Test
    void aFolderGoingUpFromALinkLeadingNowhereIsNotAFolder() throws IOException {
        Path nowhere = Files.createSymbolicLink(dir.resolve("nowhere"), dir.resolve("gone/away"));

        assertThat(dev.bsee.core.internal.MessageText.notAFolder(nowhere.resolve("../out"))).hasValue(
                nowhere.resolve("../out") + " goes up (..) from " + nowhere + ", a link which does not exist");
    }
}
