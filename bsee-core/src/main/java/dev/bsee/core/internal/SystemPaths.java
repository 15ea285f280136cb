package dev.bsee.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Paths made absolute and normal as the system resolves them. [Path#normalize()] drops `x/..` as
/// text; where `x` is a symbolic link the system goes up from the link's target instead, and so do
/// Python's `open()` and the analysis code. `base/lnk/../out`, with `lnk` leading to `real/deep`,
/// is `base/real/out` to them and was `base/out` to the tool: it wrote where nothing read.
public final class SystemPaths {

    private SystemPaths() {
    }

    /// `path` absolute, without `.` and `..` names, each `..` taken as the system takes it: above
    /// the target of a symbolic link it follows (a link leading nowhere is gone up from as text, the
    /// system refuses the path anyway). Paths without a link before a `..` come out as
    /// `toAbsolutePath().normalize()` gives them.
    ///
    /// @param path the path
    /// @return the absolute, normal path
    public static Path absolute(Path path) {
        return resolve(path, null);
    }

    /// The symbolic link that leads nowhere (or back to itself) which a `..` of `path` would go up
    /// from: the system refuses such a path, so a folder named by it can be neither made nor read.
    ///
    /// @param path the path
    /// @return the link, or empty
    public static java.util.Optional<Path> linkLeadingNowhereBeforeDotDot(Path path) {
        Path[] found = new Path[1];
        resolve(path, found);
        return java.util.Optional.ofNullable(found[0]);
    }

    private static Path resolve(Path path, Path[] leadingNowhere) {
        Path absolute = path.toAbsolutePath();
        Path result = absolute.getRoot();
        for (Path name : absolute) {
            String text = name.toString();
            if (text.equals(".")) {
                continue;
            }
            if (!text.equals("..")) {
                result = result.resolve(name);
                continue;
            }
            if (Files.isSymbolicLink(result)) {
                try {
                    result = result.toRealPath();
                } catch (IOException leadsNowhere) {
                    // Gone up from as text, as normalize() does.
                    if (leadingNowhere != null && leadingNowhere[0] == null) {
                        leadingNowhere[0] = result;
                    }
                }
            }
            Path parent = result.getParent();
            result = parent == null ? result : parent;
        }
        return result;
    }
}
