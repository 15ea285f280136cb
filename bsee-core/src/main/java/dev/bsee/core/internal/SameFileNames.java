package dev.bsee.core.internal;

import java.text.Normalizer;
import java.util.Locale;

/// When two file names are one file somewhere the output folder may live: macOS and Windows ignore
/// case (`T1.bin`, `t1.bin`), and macOS also the Unicode form of a name (`café.bin` composed, as
/// Windows and most Linux tools write it, and decomposed, as macOS writes it), so of two outputs
/// whose names differ only so the second written replaces the first.
public final class SameFileNames {

    private SameFileNames() {
    }

    /// The name all spellings of `name` that such a file system takes for one file share: composed
    /// (NFC), and folded through lower, upper and lower case, so that `ı` and `I`, `ſ` and `s`, `ß`
    /// and `ẞ`, the Kelvin sign and `K` meet as they do there (lower case alone parts the first two).
    ///
    /// @param name a file name
    /// @return the name to compare
    public static String key(String name) {
        String composed = Normalizer.normalize(name, Normalizer.Form.NFC);
        return composed.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /// Why `earlier` and `later`, two different names of one [#key], are one file, as a message
    /// goes on after "which is `later`".
    ///
    /// @param earlier one name
    /// @param later the other
    /// @return the reason
    public static String why(String earlier, String later) {
        boolean sameForm = Normalizer.normalize(earlier, Normalizer.Form.NFC)
                .equals(Normalizer.normalize(later, Normalizer.Form.NFC));
        return sameForm ? " written in another Unicode form (composed or decomposed), which macOS takes for the same file"
                : " on a file system that ignores case (macOS, Windows)";
    }
}
