package dev.bsee.bridge.internal;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SystemPaths;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/// Paths written in configuration files, which come from Windows (`data\modules\bsee\bin`) as often
/// as from Linux.
public final class ConfigPaths {

    /// `$NAME`, `${NAME}` or `%NAME%`, as shells and Windows write a variable in a path.
    private static final java.util.regex.Pattern ENVIRONMENT_VARIABLE =
            java.util.regex.Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?|%[A-Za-z_][A-Za-z0-9_]*%");

    private ConfigPaths() {
    }

    /// A path from configuration text: backslashes and slashes both separate folders; a drive-letter
    /// path (`C:\data`) is accepted only where the file system has drive letters. A leading `~` or an
    /// environment variable (`$HOME`, `${HOME}`, `%USERPROFILE%`) is refused: nothing expands them,
    /// so they would name folders called `~` or `$HOME`.
    ///
    /// @param text the text
    /// @return the path, relative or absolute as written
    /// @throws IllegalArgumentException when the text cannot be a path here
    public static Path parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("expected a path but found an empty value");
        }
        unexpanded(trimmed).ifPresent(why -> {
            throw new IllegalArgumentException("\"" + text + "\" " + why);
        });
        // YAML's `\L`, `\P` and `\_` (`"data\Legacy"`, `"data\_archive"` in double quotes) give a
        // line or a paragraph separator or a no-break space, which made a folder of that name.
        MessageText.controlCharacter(trimmed).or(() -> trimmed.codePoints()
                .filter(c -> c == 0x2028 || c == 0x2029 || c == 0x00A0)
                .mapToObj(c -> String.format(java.util.Locale.ROOT, c == 0x00A0 ? "holds a no-break space (U+%04X)"
                        : "holds a line or paragraph separator (U+%04X)", c))
                .findFirst()).ifPresent(why -> {
            // `"data\bsee"` in double quotes is a backspace, `"data\tables"` a tab: the YAML escape
            // of a Windows path.
            throw new IllegalArgumentException("\"" + dev.bsee.core.internal.SafeText.escape(text) + "\" " + why
                    + ", which no path here should (if the path is in double quotes, a backslash there starts an"
                    + " escape, such as \\b or \\t: write a Windows path in single quotes or with forward slashes)");
        });
        String portable = trimmed.replace('\\', '/');
        boolean driveLetter = portable.matches("[A-Za-z]:.*");
        if (driveLetter && File.separatorChar != '\\') {
            throw new IllegalArgumentException("\"" + text + "\" is a Windows drive path, which this system cannot use;"
                    + " write it as a path of this system (relative ones are under output.base_dir)");
        }
        // A network share (`\\server\share`, or `//server/share`, which Windows reads alike) or the
        // root of the current drive (`\data`): with the backslashes turned, `/server/share` and
        // `/data`, folders at this system's root. Three slashes or more are this system's root.
        boolean share = portable.startsWith("//") && !portable.startsWith("///");
        if ((share || trimmed.startsWith("\\")) && File.separatorChar != '\\') {
            throw new IllegalArgumentException("\"" + text + "\" is a Windows " + (share
                    ? "network share path" : "path from the root of a drive") + ", which this system cannot use;"
                    + " write it as a path of this system (relative ones are under output.base_dir)");
        }
        try {
            // Not normalized here: `lnk/../out` is the system's to resolve once it is absolute
            // (SystemPaths), as the analysis code's open() resolves it.
            return Path.of(portable.replace('/', File.separatorChar));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a path: " + (MessageText.unmappableFileName(text)
                    ? MessageText.pathCharsetHint() : e.getReason()));
        }
    }

    /// Why a path given in Java ([dev.bsee.bridge.RefreshConfig.Output], `LegacyFolders`) cannot
    /// be one a configuration names, or empty: what [#parse(String)] refuses in a file's text, a
    /// control character (a folder named with a line break spans two lines of every listing), a
    /// leading `~` or an environment variable, which nothing expands.
    ///
    /// @param path the path as given
    /// @return what the path should be, for `expected ... but found ...`, or empty
    public static Optional<String> unusable(Path path) {
        String text = path.toString();
        if (MessageText.controlCharacter(text).isPresent()) {
            return Optional.of("a path without control characters");
        }
        if (unexpanded(text).isPresent()) {
            return Optional.of("a path without '~' or environment variables (nothing expands them)");
        }
        return Optional.empty();
    }

    /// Checks the base directory given to a builder (`baseDirectory(...)`), as `--base-dir` is checked:
    /// a control character would name a folder that spans two lines of every listing.
    ///
    /// @param directory the directory
    /// @return `directory`, absolute and normalized
    /// @throws NullPointerException when `directory` is null
    /// @throws IllegalArgumentException when it holds a control character
    public static Path baseDirectoryOption(Path directory) {
        dev.bsee.core.internal.OptionChecks.present("baseDirectory", directory);
        MessageText.controlCharacter(directory.toString()).ifPresent(why -> {
            throw new IllegalArgumentException("baseDirectory " + why + ": "
                    + dev.bsee.core.internal.SafeText.escape(directory.toString()));
        });
        return SystemPaths.absolute(directory);
    }

    /// Why `text` would name a folder other than the one meant, or empty: a leading `~` or an
    /// environment variable (`$HOME`, `${HOME}`, `%USERPROFILE%`), which nothing expands (neither
    /// YAML nor Python's `open()`), so a folder called `~` or `$HOME` would be made.
    ///
    /// @param text the path as written
    /// @return the reason, a phrase to follow the quoted text
    public static Optional<String> unexpanded(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("~")) {
            // Relative to what depends on the key (output.base_dir itself is relative to --base-dir).
            return Optional.of("starts with ~, which is not expanded to a home folder; write the full path, or a"
                    + " relative one");
        }
        java.util.regex.Matcher variable = ENVIRONMENT_VARIABLE.matcher(trimmed);
        if (variable.find()) {
            return Optional.of("refers to the environment variable " + variable.group() + ", which is not expanded;"
                    + " write its value out");
        }
        return Optional.empty();
    }

    /// The base directory a refresh (and a status check of it) works under: a relative
    /// `output.base_dir` resolved against `given`, else `given`, else an absolute `output.base_dir`.
    ///
    /// Why the caller's directory wins over an absolute `output.base_dir`: it is named for this run
    /// (`--base-dir /tmp/try` to try a production configuration out), and the file's would send the
    /// run into the folder the caller meant to keep out of it.
    ///
    /// @param given the directory the caller named (`--base-dir`, `baseDirectory(...)`), absolute
    /// @param config the configuration
    /// @return the absolute directory, or empty when neither names one
    public static Optional<Path> baseDirectory(Optional<Path> given, dev.bsee.bridge.RefreshConfig config) {
        return given.map(dir -> config.output().baseDirectory().filter(configured -> !configured.isAbsolute())
                        .map(configured -> resolve(dir, configured))
                        .orElse(SystemPaths.absolute(dir)))
                .or(() -> config.output().baseDirectory().filter(Path::isAbsolute).map(SystemPaths::absolute));
    }

    /// The configuration's absolute `output.base_dir` when `given` takes its place, for a notice.
    ///
    /// @param given the directory the caller named
    /// @param config the configuration
    /// @return the directory set aside, or empty
    public static Optional<Path> overriddenBaseDirectory(Optional<Path> given, dev.bsee.bridge.RefreshConfig config) {
        return given.flatMap(dir -> config.output().baseDirectory().filter(Path::isAbsolute).map(SystemPaths::absolute)
                .filter(configured -> !configured.equals(SystemPaths.absolute(dir))));
    }

    /// `path` when absolute, else `path` under `base`.
    ///
    /// @param base the directory relative paths start from
    /// @param path the path
    /// @return the absolute path, normal as the system resolves it ([SystemPaths#absolute(Path)])
    public static Path resolve(Path base, Path path) {
        return SystemPaths.absolute(base.toAbsolutePath().resolve(path));
    }
}
