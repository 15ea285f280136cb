package dev.bsee.core;

import dev.bsee.core.internal.MessageText;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/// The one rule for sizes, durations and quoted bytes in messages, whatever the default locale.
class MessageTextTest {

    /// Only a path the locale's character set cannot hold gets the locale remedy; a path that is
    /// wrong in itself (a NUL) keeps its own reason, and under UTF-8 only bytes that were not UTF-8
    /// (U+FFFD) are unmappable.
    @Test
    void onlyPathsTheLocaleCannotHoldAreUnmappable() {
        String saved = System.getProperty("sun.jnu.encoding");
        try {
            System.setProperty("sun.jnu.encoding", "ANSI_X3.4-1968");
            assertThat(MessageText.unmappableFileName("/tmp/donn\u00e9es")).isTrue();
            assertThat(MessageText.unmappableFileName("/tmp/d\uFFFD\uFFFD")).isTrue();
            assertThat(MessageText.unmappableFileName("/tmp/x\u0000y")).isFalse();
            assertThat(MessageText.unmappableFileName("/tmp/plain")).isFalse();
            System.setProperty("sun.jnu.encoding", "UTF-8");
            assertThat(MessageText.unmappableFileName("/tmp/donn\u00e9es")).isFalse();
            // Bytes that are not UTF-8 arrive as U+FFFD, which would be encoded back as other bytes.
            assertThat(MessageText.unmappableFileName("/tmp/donn\uFFFDes")).isTrue();
            assertThat(MessageText.pathCharsetHint()).contains("not UTF-8").doesNotContain("LC_ALL");
        } finally {
            System.setProperty("sun.jnu.encoding", saved);
        }
    }

    @Test
    void sizesAndDurationsReadTheSameInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.ROOT, Locale.forLanguageTag("ar-EG"), Locale.GERMANY)) {
                Locale.setDefault(locale);
                assertThat(List.of(MessageText.bytes(1023), MessageText.bytes(1536), MessageText.bytes(36_939_268),
                        MessageText.bytes(Long.MAX_VALUE)))
                        .as(locale.toLanguageTag()).containsExactly("1023 B", "1.5 KiB", "35.2 MiB", "8388608.0 TiB");
                assertThat(List.of(MessageText.duration(Duration.ofMillis(250)), MessageText.duration(Duration.ofMillis(4_249)),
                        MessageText.duration(Duration.ofSeconds(200)), MessageText.duration(Duration.ofMinutes(5)),
                        MessageText.duration(Duration.ofMinutes(125)), MessageText.duration(Duration.ofHours(1))))
                        .as(locale.toLanguageTag()).containsExactly("250 ms", "4.2 s", "3 min 20 s", "5 min", "2 h 5 min", "1 h");
                // Ages and the periods after which a source is stale, as status shows them: a
                // bi-monthly source's 22.5 days were shown as 22 (cli.md says 22.5).
                assertThat(List.of(MessageText.age(Duration.ofMinutes(45)), MessageText.age(Duration.ofHours(37)),
                        MessageText.age(Duration.ofHours(48)), MessageText.age(Duration.ofHours(540)),
                        MessageText.age(Duration.ofHours(65)), MessageText.age(Duration.ofDays(45).plusMinutes(3)),
                        MessageText.age(Duration.ofHours(36).plusMinutes(20)),
                        MessageText.age(Duration.ofDays(45).minusMinutes(58))))
                        .as(locale.toLanguageTag()).containsExactly("45 min", "37 h", "2 d", "22.5 d", "2.7 d", "45 d",
                                "36 h 20 min", "44.9 d");
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    /// Counts are grouped by thousands with ASCII commas whatever the locale (German groups with
    /// dots, Arabic with its own digits); a count of one takes the singular.
    @Test
    void countsAreGroupedByThousandsInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.ROOT, Locale.forLanguageTag("ar-EG"), Locale.GERMANY)) {
                Locale.setDefault(locale);
                assertThat(List.of(MessageText.count(8_198_486, "byte"), MessageText.count(1, "byte"),
                        MessageText.count(0, "row"), MessageText.count(999, "row"), MessageText.count(1, "entry", "entries"),
                        MessageText.count(12_345, "entry", "entries"), MessageText.number(-1_234_567),
                        MessageText.number(Long.MAX_VALUE), MessageText.unsignedNumber(-1), MessageText.unsignedNumber(4096)))
                        .as(locale.toLanguageTag()).containsExactly("8,198,486 bytes", "1 byte", "0 rows", "999 rows",
                                "1 entry", "12,345 entries", "-1,234,567", "9,223,372,036,854,775,807",
                                "18,446,744,073,709,551,615", "4,096");
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    /// The grouping is the root locale's `%,d`, for every count and its unsigned reading.
    @Property
    void numbersAreGroupedAsTheRootLocalesFormatGroupsThem(@ForAll long count) {
        assertThat(MessageText.number(count)).isEqualTo(String.format(Locale.ROOT, "%,d", count));
        assertThat(MessageText.unsignedNumber(count))
                .isEqualTo(String.format(Locale.ROOT, "%,d", new java.math.BigInteger(Long.toUnsignedString(count))));
    }

    @Test
    void quotedBytesCannotBreakALineOrATerminal() {
        // Control characters as SafeText escapes them, so bytes and text read alike in messages.
        byte[] bytes = "<!DOCTYPE html>\n\"a\\b\"\t\r\u0000\u001b[2J".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(MessageText.quote(bytes, bytes.length, 100))
                .isEqualTo("\"<!DOCTYPE html>\\n\\\"a\\\\b\\\"\\t\\r\\x00\\e[2J\"");
        byte[] high = {(byte) 0xff, (byte) 0x80, 'x'};
        assertThat(MessageText.quote(high, 3, 2)).isEqualTo("\"\\xff\\x80\"...");
        assertThat(MessageText.quote(high, 0, 2)).isEqualTo("\"\"");
    }

    /// A sentence that names the files takes the system's reason alone; the JDK's own message of a
    /// move (`A -> B: reason`) would name them a second time.
    @Test
    void systemReasonIsTheReasonWithoutThePaths() {
        assertThat(MessageText.systemReason(new java.nio.file.FileSystemException("/a", "/b", "Operation not permitted")))
                .isEqualTo("Operation not permitted");
        assertThat(MessageText.systemReason(new java.nio.file.AccessDeniedException("/a", "/b", null)))
                .isEqualTo("access denied");
        assertThat(MessageText.systemReason(new java.nio.file.NoSuchFileException("/a"))).isEqualTo("no such file or folder");
        assertThat(MessageText.systemReason(new java.nio.file.NotDirectoryException("/a"))).isEqualTo("not a folder");
    }

    /// `Files.createDirectories` of `--out FILE/x` throws with the file's path alone as its message.
    @Test
    void aFileInTheWayOfAFolderIsNamedWithWhatItIs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("afile"));
        java.nio.file.FileSystemException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                java.nio.file.FileSystemException.class, () -> java.nio.file.Files.createDirectories(file));

        assertThat(MessageText.fileFailure(failure)).isEqualTo(file + " already exists: it is a file");
    }

    /// What stands in the way of a folder a command writes into: the path itself or the nearest one
    /// above it that exists, when that is no folder; links that lead to folders are followed.
    @Test
    void whatStandsInTheWayOfAFolderIsNamedAtOrAboveIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("afile"));
        java.nio.file.Path linkToFolder = java.nio.file.Files.createSymbolicLink(dir.resolve("to-dir"), dir);
        java.nio.file.Path dangling = java.nio.file.Files.createSymbolicLink(dir.resolve("nowhere"), dir.resolve("gone"));

        assertThat(MessageText.notAFolder(dir)).isEmpty();
        assertThat(MessageText.notAFolder(dir.resolve("new/deeper"))).isEmpty();
        assertThat(MessageText.notAFolder(linkToFolder.resolve("new"))).isEmpty();
        assertThat(MessageText.notAFolder(file)).contains(file + " is a file, not a folder");
        assertThat(MessageText.notAFolder(file.resolve("a/b")))
                .contains(file.resolve("a/b") + " is under " + file + ", which is a file, not a folder");
        assertThat(MessageText.notAFolder(dangling)).isEmpty();
        assertThat(MessageText.notAFolder(dangling.resolve("x")))
                .contains(dangling.resolve("x") + " is under " + dangling + ", which is a symbolic link, not a folder");
    }

    /// A path the system cannot take is said so, whether or not it exists: `bsee status` said "does
    /// not exist" of a folder whose path is past `PATH_MAX`, and `bsee refresh` failed a source on
    /// the system's "File name too long".
    @Test
    void aPathTheSystemCannotTakeIsSaidSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path longName = dir.resolve("n".repeat(256)).resolve("below");
        java.nio.file.Path longPath = dir.resolve(String.join("/", java.util.Collections.nCopies(50, "p".repeat(100))));

        assertThat(MessageText.notAFolder(dir.resolve("n".repeat(255)))).isEmpty();
        assertThat(MessageText.notAFolder(longName)).contains(longName + " holds a name of 256 bytes, past the 255 a"
                + " file name may have: give a folder whose names are shorter");
        int bytes = longPath.toString().length();
        assertThat(MessageText.notAFolder(longPath)).contains(longPath + " is " + MessageText.number(bytes)
                + " bytes long: with the 512 the tool's own folders and files below it may take, past the 4,095 a"
                + " path may have; give a shorter path");
        // Short of the limit itself, but leaving no room for the tool's own folders below it.
        java.nio.file.Path almost = java.nio.file.Path.of("/" + "q".repeat(200) + "/" + "r".repeat(200)).resolve(
                String.join("/", java.util.Collections.nCopies(18, "s".repeat(200))));
        assertThat(almost.toString().length()).isBetween(3584, 4095);
        assertThat(MessageText.notAFolder(almost)).hasValueSatisfying(why -> assertThat(why).contains("past the 4,095"));
    }

    /// A thread that cannot start is said as the thread limit, with the JDK's reason and no more
    /// of its `unable to create native thread` than the sentence's own words: a refresh's stall,
    /// worded as the JDK words it around the JDK's own error, said those words twice.
    @Test
    void aThreadThatCannotStartIsSaidOnceAsTheThreadLimit() {
        OutOfMemoryError jdk = new OutOfMemoryError("unable to create native thread: possibly out of memory or"
                + " process/resource limits reached");
        OutOfMemoryError stalled = new OutOfMemoryError("unable to create native thread: nothing of the refresh has"
                + " moved for 60 s, and no thread can be started");
        stalled.initCause(jdk);

        assertThat(MessageText.threadLimit(jdk)).isTrue();
        assertThat(MessageText.threadLimit(stalled)).isTrue();
        assertThat(MessageText.threadLimit(new OutOfMemoryError("Java heap space"))).isFalse();
        assertThat(MessageText.threadLimit(new OutOfMemoryError())).isFalse();
        assertThat(MessageText.threadLimit(" on eor.zip", jdk)).isEqualTo("could not start a thread on eor.zip"
                + " (possibly out of memory or process/resource limits reached): " + MessageText.THREAD_LIMIT);
        assertThat(MessageText.threadLimit("", stalled)).isEqualTo("could not start a thread (nothing of the refresh"
                + " has moved for 60 s, and no thread can be started: possibly out of memory or process/resource limits"
                + " reached): " + MessageText.THREAD_LIMIT);
        assertThat(MessageText.threadLimit("", new OutOfMemoryError("unable to create native thread")))
                .isEqualTo("could not start a thread: " + MessageText.THREAD_LIMIT);
        assertThat(MessageText.THREAD_LIMIT).contains("ulimit -u 4096").doesNotContain("-Xmx");
    }
}
