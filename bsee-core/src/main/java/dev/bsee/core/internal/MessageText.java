package dev.bsee.core.internal;


import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;

/// Text for people, the one rule for messages, progress and reports in every module: byte counts in
/// binary units, durations, file system failures, and untrusted bytes quoted so they cannot break a
/// line or a terminal.
/// Built from digits and ASCII only, so the JVM's default locale never changes the text.
///
/// Numbers in a message follow one rule:
/// - A count of things (bytes, rows, entries, lines, columns, files) has its digits grouped by
///   thousands: [#count] (`12,345 rows`, `8,198,486 bytes`), or [#number] where the noun stands
///   elsewhere (`after 1,024 of its 8,198,486 bytes`).
/// - A size is given exactly, `count(n, "byte")`, where its exact value matters: a size read,
///   declared or counted (a mismatch, how far a reading or a download went), and the limit it is
///   held against, and the bytes a refresh's summary says it read. Only a size for a glance
///   (progress, an archive's size in the portal's listing, the space a disk lacks, a budget of the
///   tool's own that is a round binary size) is rounded to a binary unit by [#bytes]
///   (`36.9 MiB`, `page larger than 8.0 MiB`).
/// - A position stays plain digits, as pandas and editors print it: `line 1234567`, `column 12`,
///   `at byte 4096` and the offsets of a zip archive's records.
public final class MessageText {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MessageText() {
    }

    /// The JDK's words for a thread it cannot start, which it throws as an [OutOfMemoryError].
    private static final String NO_NATIVE_THREAD = "unable to create native thread";

    /// What a thread that cannot start means and what to do about it, after `could not start a
    /// thread`: a larger heap, the advice for running out of memory, takes more of what is short.
    public static final String THREAD_LIMIT = "the process is at its limit of threads (ulimit -u) or of memory for"
            + " their stacks, not of heap; raise the limit (ulimit -u 4096) and run it again";

    /// Whether `error` is the JDK's failure to start a thread, not a heap that ran out.
    ///
    /// @param error the error
    /// @return true for `unable to create native thread`
    public static boolean threadLimit(OutOfMemoryError error) {
        return String.valueOf(error.getMessage()).contains(NO_NATIVE_THREAD);
    }

    /// `could not start a thread ON (REASON): ` and [#THREAD_LIMIT], where the reason is the
    /// messages of `error` and its causes without the JDK's `unable to create native thread`,
    /// which the sentence already says (the refresh's own stall is worded as the JDK words it and
    /// holds the JDK's error as its cause: the words came twice).
    ///
    /// @param on where, with its leading space (` on eor.zip`), or empty
    /// @param error an error [#threadLimit(OutOfMemoryError)] holds for
    /// @return the sentence, unescaped
    public static String threadLimit(String on, OutOfMemoryError error) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (Throwable t : Causes.of(error)) {
            String text = t.getMessage() == null ? "" : t.getMessage().strip();
            String message = text.startsWith(NO_NATIVE_THREAD)
                    ? text.substring(NO_NATIVE_THREAD.length()).replaceFirst("^[:;,]?\\s*", "") : text;
            if (!message.isEmpty() && parts.stream().noneMatch(part -> part.contains(message))) {
                parts.add(message);
            }
        }
        return "could not start a thread" + on + (parts.isEmpty() ? "" : " (" + String.join(": ", parts) + ")")
                + ": " + THREAD_LIMIT;
    }

    /// Why a path the JVM cannot encode is refused: under the C or POSIX locale the JVM encodes file
    /// names as ASCII, so any other character is unusable (and an argument holding one arrives
    /// already replaced by U+FFFD). The remedy is a UTF-8 locale, which `bin/bsee` sets itself
    /// under the C locale. Under a UTF-8 locale only bytes that are not UTF-8 (a Latin-1 name) are
    /// unusable: the JVM decodes each as U+FFFD and encodes that back as three other bytes, so the
    /// path would name another file; the remedy is then a UTF-8 name.
    ///
    /// @return the reason and the remedy, to follow the path in a message
    public static String pathCharsetHint() {
        String charset = System.getProperty("sun.jnu.encoding", "the locale's");
        if (charset.equalsIgnoreCase("UTF-8")) {
            return "it holds bytes that are not UTF-8 (each shown as U+FFFD), and Java, which names files by UTF-8"
                    + " text, would use a file or folder of another name: rename it to a UTF-8 name (convmv)";
        }
        return "the locale's character set for file names (" + charset + ") cannot hold its characters: run bsee"
                + " under a UTF-8 locale (LC_ALL=C.UTF-8; bin/bsee does so under the C locale)";
    }

    /// Whether `text` cannot be a file name because of the locale: the JVM encodes file names in the
    /// locale's character set, which under the C locale is ASCII, and an argument (or the current
    /// folder) whose bytes it could not decode arrives holding U+FFFD, under any locale. Encoded
    /// again, U+FFFD is neither the bytes given nor a `?`, so the file it names is another one, made
    /// beside the one meant (a U+FFFD really in a name is taken for such bytes too: no other sign
    /// tells them apart).
    ///
    /// @param text a path as given
    /// @return true when the path, as the JVM holds it, cannot name the file given
    public static boolean unmappableFileName(String text) {
        if (text.indexOf('\uFFFD') >= 0) {
            return true;
        }
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (charset.equalsIgnoreCase("UTF-8")) {
            return false;
        }
        try {
            return !java.nio.charset.Charset.forName(charset).newEncoder().canEncode(text);
        } catch (IllegalArgumentException unknownCharset) {
            return false;
        }
    }

    /// [#names] without its brackets, for a sentence that lists names (`missing a.bin, b.bin, ...
    /// and 997 more`): a folder of tens of thousands of stray files made one line of megabytes.
    ///
    /// @param names the names
    /// @return the list as text
    public static String joined(java.util.Collection<?> names) {
        String listed = names(names);
        return listed.substring(1, listed.length() - 1);
    }

    /// The first names of `names` for a message, as `[a, b, c, ... and 997 more]`: a file of a
    /// million columns would otherwise make a message of megabytes. Each name is escaped
    /// ([SafeText#escape]): a file's column names may hold line ends and escape codes, which an
    /// application logging the message would pass on.
    ///
    /// @param names the names
    /// @return the list as text
    public static String names(java.util.Collection<?> names) {
        int shown = 20;
        StringBuilder text = new StringBuilder("[");
        java.util.Iterator<?> iterator = names.iterator();
        for (int i = 0; i < Math.min(shown, names.size()); i++) {
            text.append(i == 0 ? "" : ", ").append(SafeText.escape(String.valueOf(iterator.next())));
        }
        if (names.size() <= shown) {
            return text.append(']').toString();
        }
        text.append(", ");
        return text.append("... and ").append(number(names.size() - shown)).append(" more]").toString();
    }

    /// A count of things: `1 file`, `2 files`, `0 files`, `12,345 rows`.
    ///
    /// @param count how many
    /// @param noun the singular, made plural with an `s`
    /// @return the text
    public static String count(long count, String noun) {
        return count(count, noun, noun + "s");
    }

    /// A count of things whose plural is not made with an `s`: `1 entry`, `12,345 entries`.
    ///
    /// @param count how many
    /// @param singular the noun for one
    /// @param plural the noun for any other count
    /// @return the text
    public static String count(long count, String singular, String plural) {
        return number(count) + " " + (count == 1 ? singular : plural);
    }

    /// A count whose noun stands elsewhere in the sentence, grouped as [#count] groups it: `8,198,486`.
    ///
    /// @param count how many
    /// @return the digits
    public static String number(long count) {
        return grouped(Long.toString(count));
    }

    /// A count read from a file as an unsigned 64-bit number (a pickle's `BINBYTES8` length),
    /// grouped as [#number] groups it: `18,446,744,073,709,551,615` for `-1`.
    ///
    /// @param count the count, its sign bit the highest of 64
    /// @return the digits
    public static String unsignedNumber(long count) {
        return grouped(Long.toUnsignedString(count));
    }

    /// `digits` (an optional minus sign, then digits) with a comma before each group of three from
    /// the right, as `%,d` in the root locale writes them. Not through [java.util.Formatter]: its
    /// first grouped number loads the locale's number symbols, about 10 ms of a refresh's start and
    /// of every command's last line.
    private static String grouped(String digits) {
        int first = digits.startsWith("-") ? 1 : 0;
        int length = digits.length() - first;
        if (length <= 3) {
            return digits;
        }
        StringBuilder text = new StringBuilder(digits.length() + (length - 1) / 3).append(digits, 0, first);
        int lead = (length - 1) % 3 + 1;
        text.append(digits, first, first + lead);
        for (int at = first + lead; at < digits.length(); at += 3) {
            text.append(',').append(digits, at, at + 3);
        }
        return text.toString();
    }

    /// A byte count in binary units: `512 B`, `1.5 KiB`, `36.9 MiB`.
    ///
    /// @param bytes the count
    /// @return the text
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return oneDecimal(value) + " " + UNITS[unit];
    }

    /// A duration: `250 ms`, `4.2 s`, `3 min 20 s`, `5 min`, `2 h 5 min`.
    ///
    /// @param duration the duration
    /// @return the text
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return oneDecimal(millis / 1000.0) + " s";
        }
        long seconds = duration.toSeconds();
        return seconds < 3600 ? seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s")
                : seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }

    /// An age or a period of days, as status shows them: `45 min`, `37 h`, `36 h 20 min`, `3 d`,
    /// `22.5 d` (minutes below an hour, hours and minutes below two days, days to a tenth beyond).
    /// Each is cut, never rounded up, so that an age past a period never reads as that period or
    /// less beside it ("45 d ago (stale after 45 d)" was 44.96 days).
    ///
    /// @param age the age, zero or more
    /// @return the text
    public static String age(Duration age) {
        long minutes = age.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        long tenths = minutes / 144;
        return tenths / 10 + (tenths % 10 == 0 ? "" : "." + tenths % 10) + " d";
    }

    /// A number rounded half-up to one decimal, `12.3`, without the default locale's digits.
    ///
    /// @param value a finite, non-negative number
    /// @return the text
    public static String oneDecimal(double value) {
        long tenths = Math.round(value * 10);
        return tenths / 10 + "." + tenths % 10;
    }

    /// What a file system failure did to which file, as one sentence. The JDK's own message of an
    /// `AccessDeniedException` or a `NoSuchFileException` is the path alone (`A -> B` for a move),
    /// which says nothing of what happened; the others carry their reason (`A: No space left on
    /// device`) and are kept.
    ///
    /// @param failure the failure
    /// @return the text
    public static String fileFailure(FileSystemException failure) {
        return switch (failure) {
            case NoSuchFileException e -> "no such file or folder: " + e.getFile()
                    + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
            // A move names its destination as the other file: the folder that refused is the destination's.
            case AccessDeniedException e -> "access denied: " + (e.getOtherFile() == null ? e.getFile()
                    : "moving " + e.getFile() + " to " + e.getOtherFile());
            case NotDirectoryException e -> "not a folder: " + e.getFile();
            // Files.createDirectories meeting a file where a folder of the path should be.
            case java.nio.file.FileAlreadyExistsException e when e.getFile() != null && e.getOtherFile() == null
                    && e.getReason() == null -> e.getFile() + " already exists: it is " + fileKind(Path.of(e.getFile()));
            default -> failure.getMessage();
        };
    }

    /// Why a file system operation failed, without the paths, for a sentence that names them
    /// already (`cannot move a.bin to DIR/a.bin: Operation not permitted`): the system's reason, or
    /// what the exception's type says (`access denied`, `no such file or folder`).
    ///
    /// @param failure the failure
    /// @return the reason
    public static String systemReason(FileSystemException failure) {
        if (failure.getReason() != null) {
            return failure.getReason();
        }
        return switch (failure) {
            case AccessDeniedException denied -> "access denied";
            case NoSuchFileException missing -> "no such file or folder";
            case NotDirectoryException notFolder -> "not a folder";
            default -> fileFailure(failure);
        };
    }

    /// Why `path`, a path as given (a configuration's value, a command-line argument), names no folder
    /// the tool should use: it holds a control character, which YAML's escapes and the shell's `$'\n'`
    /// put in a path, and a folder named with a line break spans two lines of every listing.
    ///
    /// @param path the path as given
    /// @return `holds a control character (U+000A)`, or empty
    public static java.util.Optional<String> controlCharacter(String path) {
        return path.codePoints().filter(Character::isISOControl).findFirst()
                .stream().mapToObj(c -> String.format(java.util.Locale.ROOT, "holds a control character (U+%04X)", c))
                .findFirst();
    }

    /// What is at `path`, not following a link, for a message that refuses it: "a symbolic link",
    /// "a folder", "a file", "a pipe, socket or device" (anything else the file system holds), or
    /// "nothing".
    ///
    /// @param path the path
    /// @return the description
    public static String fileKind(Path path) {
        if (Files.isSymbolicLink(path)) {
            return "a symbolic link";
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "a folder";
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return "a file";
        }
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "a pipe, socket or device" : "nothing";
    }

    /// The most bytes one name in a path may have on the file systems the tool runs on (`NAME_MAX`
    /// of ext4, XFS, Btrfs, tmpfs and APFS).
    public static final int MAX_NAME_BYTES = 255;

    /// The longest path Linux takes in a system call, in bytes (`PATH_MAX` less its terminating NUL).
    static final int MAX_PATH_BYTES = 4095;

    /// The bytes a folder's path leaves for what the tool makes below and beside it: its
    /// bookkeeping, a run's staging folder and an entry's file name (200 bytes at most).
    static final int ROOM_BELOW = 512;

    /// Why the system cannot take `folder`'s path for a folder the tool writes into: a name in it
    /// past 255 bytes, or the whole past 4,095 with 512 bytes left for the tool's own
    /// folders and files below it. The system's "File name too long" named a path never given.
    ///
    /// @param folder the folder
    /// @return the reason, the path escaped, or empty
    public static java.util.Optional<String> pathTooLong(Path folder) {
        Path given = SystemPaths.absolute(folder);
        for (Path name : given) {
            int bytes = name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                return java.util.Optional.of(SafeText.escape(folder.toString()) + " holds a name of " + number(bytes)
                        + " bytes, past the " + MAX_NAME_BYTES + " a file name may have: give a folder whose names are shorter");
            }
        }
        // The tool's own folders and files go below (and beside) the folder: `data/modules/bsee/bin/
        // <folder>/.bsee/...`, a convert's `.DIR.tmp/run-.../<entry>.bin`. A folder that leaves them
        // no room failed later on the system's "File name too long", naming a path never given.
        int pathBytes = given.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (pathBytes + ROOM_BELOW > MAX_PATH_BYTES) {
            return java.util.Optional.of(SafeText.escape(folder.toString()) + " is " + number(pathBytes)
                    + " bytes long: with the " + ROOM_BELOW + " the tool's own folders and files below it may take,"
                    + " past the " + number(MAX_PATH_BYTES) + " a path may have; give a shorter path");
        }
        return java.util.Optional.empty();
    }

    /// Why `folder` cannot be used or made as a folder: it, or the nearest path above it that
    /// exists, is something else (a file, a pipe, a link that leads to no folder). Making the folder
    /// then fails with the system's bare "Not a directory", naming a path the user never gave. Links
    /// that lead to folders are followed, as making the folder follows them. A link at `folder`
    /// itself that leads nowhere is left to the caller, which says where it leads in its own words.
    /// A path the system cannot take at all (a name past 255 bytes, the whole past 4,095) is said
    /// so: the system's "File name too long" came as "does not exist" from `bsee status`, and as a
    /// source's failure from `bsee refresh`.
    ///
    /// @param folder the folder a command writes into, made if missing
    /// @return `X is a file, not a folder` or `X is under Y, which is a file, not a folder`, the
    ///     paths escaped for a terminal; empty when the folder exists, `folder` is a link that leads
    ///     nowhere, or nothing that exists stands in the way of making it
    public static java.util.Optional<String> notAFolder(Path folder) {
        java.util.Optional<Path> nowhere = SystemPaths.linkLeadingNowhereBeforeDotDot(folder);
        if (nowhere.isPresent()) {
            // The system refuses the path; as text it would name another folder, which nothing reads.
            return java.util.Optional.of(SafeText.escape(folder.toString()) + " goes up (..) from "
                    + SafeText.escape(nowhere.get().toString()) + ", a link " + whereLinkLeads(nowhere.get()));
        }
        Path given = SystemPaths.absolute(folder);
        java.util.Optional<String> tooLong = pathTooLong(folder);
        if (tooLong.isPresent()) {
            return tooLong;
        }
        for (Path at = given; at != null; at = at.getParent()) {
            if (Files.isDirectory(at)) {
                return java.util.Optional.empty();
            }
            if (at.equals(given) && Files.isSymbolicLink(at) && !Files.exists(at)) {
                return java.util.Optional.empty();
            }
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                String kind = fileKind(at) + ", not a folder";
                return java.util.Optional.of(SafeText.escape(folder.toString()) + (at.equals(given) ? " is " + kind
                        : " is under " + SafeText.escape(at.toString()) + ", which is " + kind));
            }
        }
        return java.util.Optional.empty();
    }

    /// What a symbolic link that leads nowhere leads to: "which does not exist", or, for links that
    /// lead to one another round, "which leads back through links to itself" (the system says "does
    /// not exist" of both).
    ///
    /// @param link a symbolic link whose target does not exist
    /// @return the words
    public static String whereLinkLeads(Path link) {
        java.util.Set<Path> seen = new java.util.HashSet<>();
        Path at = link.toAbsolutePath().normalize();
        // Linux follows at most 40 links in one path.
        for (int hops = 0; hops <= 40 && Files.isSymbolicLink(at); hops++) {
            if (!seen.add(at)) {
                return "which leads back through links to itself";
            }
            try {
                at = at.resolveSibling(Files.readSymbolicLink(at)).normalize();
            } catch (java.io.IOException | RuntimeException e) {
                return "which does not exist";
            }
        }
        return Files.isSymbolicLink(at) ? "which leads back through links to itself" : "which does not exist";
    }

    /// Bytes of unknown content (what came instead of a zip archive, a page's first bytes) as a
    /// double-quoted string: control characters escaped by [SafeText#escape(String)], the project's
    /// one rule for outside text (`\n`, `\r`, `\t`, `\e`, `\x00`), and, because these are bytes in
    /// quotes, `"` and `\` escaped with a backslash and every byte from 0x7f up as `\xNN`; cut after
    /// `max` bytes with `...`.
    ///
    /// @param bytes the bytes
    /// @param length how many of them are valid
    /// @param max the most to show
    /// @return the quoted text
    public static String quote(byte[] bytes, int length, int max) {
        int shown = Math.min(length, max);
        StringBuilder text = new StringBuilder(shown + 8).append('"');
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            if (b == '"' || b == '\\') {
                text.append('\\').append((char) b);
            } else if (b >= 0x7f) {
                text.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
            } else {
                text.append(SafeText.escape(String.valueOf((char) b)));
            }
        }
        text.append('"');
        if (length > max) {
            text.append("...");
        }
        return text.toString();
    }
}
