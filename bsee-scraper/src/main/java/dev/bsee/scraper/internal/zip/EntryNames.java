package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/// Rules for archive entry names: which are unsafe, and what a data entry's output file is called.
public final class EntryNames {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    /// The general purpose flag that marks an entry's name as UTF-8.
    public static final int UTF8_FLAG = 1 << 11;
    /// The zip specification's code page for names without [#UTF8_FLAG], as Python's `zipfile`
    /// reads them: every byte is a character.
    public static final Charset UNFLAGGED_NAMES = Charset.forName("IBM437");

    private EntryNames() {
    }

    /// Why `name` is unsafe (absolute, a drive path, a `..` segment, a NUL character), or empty when
    /// it is fine. Output names never use the folder part, but an archive that carries such names was
    /// not made by BSEE and is refused whole.
    ///
    /// @param name the entry name as stored
    /// @return the reason, or empty
    public static Optional<String> unsafeBecause(String name) {
        if (name.isEmpty()) {
            return Optional.of("an entry's name is empty");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("the entry name contains a NUL character");
        }
        if (name.startsWith("/") || name.startsWith("\\")) {
            return Optional.of("the entry name is an absolute path");
        }
        if (DRIVE.matcher(name).matches()) {
            return Optional.of("the entry name starts with a drive letter");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return Optional.of("the entry name climbs out of its folder with ..");
            }
        }
        return Optional.empty();
    }

    /// An entry's name as Python's `zipfile` reads it, and so as the legacy system named its files:
    /// UTF-8 when the entry's flags carry [#UTF8_FLAG], else code page 437 (so a name written as
    /// UTF-8 by a tool that does not set the flag reads as code page 437 text, as in Python).
    ///
    /// @param bytes the name as stored
    /// @param flags the entry's general purpose flags
    /// @return the name
    /// @throws CharacterCodingException when a name marked UTF-8 is not
    public static String decode(byte[] bytes, int flags) throws CharacterCodingException {
        if ((flags & UTF8_FLAG) == 0) {
            return new String(bytes, UNFLAGGED_NAMES);
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /// The longest output file name, in UTF-8 bytes: file systems hold 255, and the temporary names
    /// an output is written under add a prefix and a suffix to it.
    public static final int MAX_OUTPUT_NAME_BYTES = 200;

    /// Why `output` (an [#outputName]) cannot be a file name, or empty when it can.
    ///
    /// @param output the output file name
    /// @return the reason, or empty
    public static Optional<String> outputNameTooLong(String output) {
        int bytes = output.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return bytes <= MAX_OUTPUT_NAME_BYTES ? Optional.empty() : Optional.of("the output file name would be "
                + MessageText.count(bytes, "byte") + " long, beyond the " + MAX_OUTPUT_NAME_BYTES + " a file name may safely have");
    }

    /// Whether an entry is a folder: its name ends with `/`, or with `\` as a zip made by some Windows
    /// tools writes it (`CompanyRawData\`); the entry names' other rules take `\` as a separator too.
    ///
    /// @param name the entry name
    /// @return true for a folder entry
    public static boolean isFolder(String name) {
        return name.endsWith("/") || name.endsWith("\\");
    }

    /// The last path segment of `name`.
    ///
    /// @param name the entry name
    /// @return the base name
    public static String baseName(String name) {
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    /// The output file for a data entry: its base name with the extension replaced by `.bin`
    /// (`eWellEORRawData/mv_eor_completions.txt` gives `mv_eor_completions.bin`), as the Python system
    /// named it with `os.path.splitext`: the dots a name starts with are not an extension's, so `.txt`
    /// and `..txt` have none and give `.txt.bin` and `..txt.bin`.
    ///
    /// @param name the entry name
    /// @return the output file name
    public static String outputName(String name) {
        String base = baseName(name);
        int dot = base.lastIndexOf('.');
        boolean extension = false;
        for (int i = 0; i < dot && !extension; i++) {
            extension = base.charAt(i) != '.';
        }
        return (extension ? base.substring(0, dot) : base) + ".bin";
    }
}
