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
///
/// @param version the Maven version, e.g. `0.1.0`; `development` when the classes were not built
///     by Maven (an IDE compiling the sources)
/// @param commit the abbreviated git commit, when the build ran in a git checkout
public record BuildInfo(String version, Optional<String> commit) {

    private static final BuildInfo CURRENT = read();

    /// Validates the parts.
    public BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
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
                filled(properties.getProperty("commit")));
    }

    /// A value the build filled in: not missing, blank or an unreplaced `${...}` placeholder.
    private static Optional<String> filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? Optional.empty() : Optional.of(value.strip());
    }
}
