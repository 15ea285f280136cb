package dev.bsee.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/// The version of this SDK and the commit it was built from, as the build wrote them: the one
/// source of both for `bsee --version` and the HTTP `User-Agent` header.
///
/// ```java
/// BuildInfo build = BuildInfo.current();
/// System.out.println(build.version() + build.commit().map(c -> " (" + c + ")").orElse(""));
/// ```
public final class BuildInfo {

    private static final BuildInfo CURRENT = read();

    private final String version;
    private final String commit;  // null: not built in a git checkout

    private BuildInfo(String version, String commit) {
        this.version = Objects.requireNonNull(version, "version");
        this.commit = commit;
    }

    /// What the build of this library wrote.
    ///
    /// @return the build's version and commit
    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo read() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            System.getLogger(BuildInfo.class.getName()).log(System.Logger.Level.DEBUG, "no build.properties", e);
        }
        return new BuildInfo(filled(properties.getProperty("version")).orElse("development"),
                filled(properties.getProperty("commit")).orElse(null));
    }

    /// A value the build filled in: not missing, blank or an unreplaced `${...}` placeholder.
    private static Optional<String> filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? Optional.empty() : Optional.of(value.strip());
    }

    /// The Maven version, e.g. `0.1.0`; `development` when the classes were not built by Maven (an
    /// IDE compiling the sources).
    ///
    /// @return the version
    public String version() {
        return version;
    }

    /// The abbreviated git commit the build ran in.
    ///
    /// @return the commit, or empty when the build did not run in a git checkout
    public Optional<String> commit() {
        return Optional.ofNullable(commit);
    }

    /// The version and, when known, the commit: `0.1.0 (3f2a9c1)`.
    ///
    /// @return the text
    @Override
    public String toString() {
        return commit == null ? version : version + " (" + commit + ")";
    }
}
