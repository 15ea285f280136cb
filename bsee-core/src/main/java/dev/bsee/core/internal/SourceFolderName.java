package dev.bsee.core.internal;

import java.util.Optional;

/// The rule for the name of a source's folder below `data/modules/bsee/bin`, one for the Java API
/// ([dev.bsee.core.BseeSource]) and the configuration (`sources.<id>.output`): what either takes,
/// the other takes too, in the same words.
public final class SourceFolderName {

    /// The folder beside the sources' folders where their manifests, locks and temporaries live.
    public static final String BOOKKEEPING = ".bsee";

    private SourceFolderName() {
    }

    /// Why `name` cannot name a folder below `data/modules/bsee/bin`, or empty when it can: a
    /// phrase to follow "a relative folder name". Besides leaving that folder (absolute, a drive,
    /// `..`), a name may not be the folder itself (`.`, which holds every source's folder), nor lie
    /// in [#BOOKKEEPING], whose temporaries a status check deletes as stale; a control character
    /// (NUL among them) names no file, and a line break splits every listing of it.
    ///
    /// @param name the name as given
    /// @return the reason, or empty
    public static Optional<String> unusable(String name) {
        if (name.isBlank()) {
            return Optional.of("that is not empty");
        }
        if (name.startsWith("/") || name.contains("\\") || name.matches("(?s)[A-Za-z]:.*")) {
            return Optional.of("below data/modules/bsee/bin, not an absolute path");
        }
        if (name.contains("..")) {
            return Optional.of("without '..'");
        }
        if (MessageText.controlCharacter(name).isPresent()) {
            return Optional.of("without control characters");
        }
        for (String segment : name.split("/")) {
            if (segment.equals(BOOKKEEPING) || name.equals(".")) {
                return Optional.of("other than '.' and without '" + BOOKKEEPING + "'");
            }
            if (segment.equals(".")) {
                // `./apd`: the folder's name is its id in the bookkeeping (`.bsee/<name>`), one
                // spelling each. "other than '.'" was said of a name that is not '.'.
                return Optional.of("without '.' as a part of it (" + name.replaceAll("(^|/)\\.(?=/|$)", "$1")
                        .replaceAll("/+", "/").replaceAll("^/|/$", "") + ", not " + name + ")");
            }
        }
        return Optional.empty();
    }
}
