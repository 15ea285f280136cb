package dev.bsee.scraper;

import dev.bsee.core.internal.SafeText;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// Input that cannot be turned into tables: a malformed row, a corrupt or truncated zip, an HTML page
/// served instead of a zip, a zip bomb, an unsafe entry name, undecodable text.
///
/// The message names the archive, the entry and the line where they apply, e.g.
/// `eWellEORRawData.zip: mv_eor_completions.txt: line 12: expected 7 fields, saw 8`; the same parts
/// are available from [#archive()], [#entry()] and [#line()], and [#problem()] says which kind of
/// failure it is, so callers can react without parsing the text.
///
/// Made by [#inArchive], [#inEntry] or, with a line or a cause, [#builder]:
///
/// ```java
/// throw SourceDataException.builder(Problem.MALFORMED_ROW, "expected 7 fields, saw 8")
///         .archive("eWellEORRawData.zip").entry("mv_eor_completions.txt").line(12).build();
/// ```
public final class SourceDataException extends IOException {

    private static final long serialVersionUID = 1L;

    /// What is wrong with the input.
    public enum Problem {
        /// A row has more fields than the header (or the first row) allows.
        MALFORMED_ROW,
        /// The text ends inside a quoted field.
        UNTERMINATED_QUOTE,
        /// The entry holds no text at all, so there are no column names.
        EMPTY_TEXT,
        /// The bytes are not text (a NUL byte), so no charset reads them as pandas would.
        UNDECODABLE_TEXT,
        /// The entry is larger than the configured limit or than one column buffer can hold.
        TOO_LARGE,
        /// The bytes are not a zip archive at all (an HTML error page, for instance).
        NOT_A_ZIP,
        /// The archive is damaged: a bad CRC, bad compressed data, inconsistent sizes.
        CORRUPT_ARCHIVE,
        /// The archive ends early: data or the central directory is missing.
        TRUNCATED_ARCHIVE,
        /// An entry expands far beyond its compressed size or the configured maximum.
        ZIP_BOMB,
        /// An entry name is absolute or climbs out of its folder with `..`.
        UNSAFE_ENTRY_NAME,
        /// The archive has no data entries.
        EMPTY_ARCHIVE,
        /// The archive holds none of the tables its source gave before or is expected to give:
        /// another dataset's archive served at the source's address (a wrong mirror, a misconfigured
        /// proxy), refused so that it does not replace the source's files.
        OTHER_DATASET
    }

    /// What is wrong with the input.
    private final Problem problem;
    /// The description of the problem, without the place.
    private final String detail;
    /// The archive the problem is in, or null.
    private final String archive;
    /// The entry the problem is in, or null.
    private final String entry;
    /// The line the problem is on, or zero when unknown.
    private final long line;

    private SourceDataException(Builder builder) {
        super(format(builder), builder.cause);
        this.problem = builder.problem;
        this.detail = builder.detail;
        this.archive = builder.archive;
        this.entry = builder.entry;
        this.line = builder.line;
    }

    /// A problem with a whole archive, such as a missing central directory:
    /// `archive: detail`.
    ///
    /// @param problem what is wrong
    /// @param archive the archive name
    /// @param detail a sentence describing it, without the location
    /// @return the exception
    public static SourceDataException inArchive(Problem problem, String archive, String detail) {
        return builder(problem, detail).archive(Objects.requireNonNull(archive, "archive")).build();
    }

    /// A problem with one entry of an archive, such as a zip bomb: `archive: entry: detail`.
    ///
    /// @param problem what is wrong
    /// @param archive the archive name
    /// @param entry the entry name
    /// @param detail a sentence describing it, without the location
    /// @return the exception
    public static SourceDataException inEntry(Problem problem, String archive, String entry, String detail) {
        return builder(problem, detail).archive(Objects.requireNonNull(archive, "archive"))
                .entry(Objects.requireNonNull(entry, "entry")).build();
    }

    /// A builder for the other cases: a line, a cause, or a place only partly known.
    ///
    /// @param problem what is wrong
    /// @param detail a sentence describing it, without the location
    /// @return the builder, with no archive, entry, line or cause yet
    public static Builder builder(Problem problem, String detail) {
        return new Builder(problem, detail);
    }

    /// The most characters of an archive or entry name a message shows.
    private static final int NAME_CHARACTERS = 240;

    private static String format(Builder place) {
        StringBuilder text = new StringBuilder();
        if (place.archive != null) {
            text.append(SafeText.clipped(place.archive, NAME_CHARACTERS)).append(": ");
        }
        if (place.entry != null && place.entry.isEmpty()) {
            // An empty name joined as any other gave `a.zip: : the entry name is empty`; the refusal
            // of such a name says it has none.
            if (place.problem != Problem.UNSAFE_ENTRY_NAME) {
                text.append("an entry with an empty name: ");
            }
        } else if (place.entry != null) {
            text.append(SafeText.clipped(place.entry, NAME_CHARACTERS)).append(": ");
        }
        if (place.line > 0) {
            text.append("line ").append(place.line).append(": ");
        }
        // Names and details quote the archive: its control characters must not reach a terminal raw.
        return SafeText.escape(text.append(place.detail).toString());
    }

    /// The place and cause of a [SourceDataException]; every part is optional, and the message
    /// names the parts that are set, in the order archive, entry, line.
    public static final class Builder {
        private final Problem problem;
        private final String detail;
        private String archive;
        private String entry;
        private long line;
        private Throwable cause;

        private Builder(Problem problem, String detail) {
            this.problem = Objects.requireNonNull(problem, "problem");
            this.detail = Objects.requireNonNull(detail, "detail");
        }

        /// The archive the input came from.
        ///
        /// @param archive the archive name, or `null` when there is none (a plain text file)
        /// @return this builder
        public Builder archive(String archive) {
            this.archive = archive;
            return this;
        }

        /// The archive entry (or file) the input came from.
        ///
        /// @param entry the entry name, or `null` when unknown
        /// @return this builder
        public Builder entry(String entry) {
            this.entry = entry;
            return this;
        }

        /// The line of the entry where the problem was found.
        ///
        /// @param line the line, counted from 1
        /// @return this builder
        public Builder line(long line) {
            if (line < 1) {
                throw new IllegalArgumentException("lines are counted from 1: " + line);
            }
            this.line = line;
            return this;
        }

        /// The lower-level failure that revealed the problem.
        ///
        /// @param cause the underlying exception, or `null` for none
        /// @return this builder
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /// The exception.
        ///
        /// @return a new exception with the parts set so far
        public SourceDataException build() {
            return new SourceDataException(this);
        }
    }

    /// What is wrong.
    ///
    /// @return the problem
    public Problem problem() {
        return problem;
    }

    /// The description without the location.
    ///
    /// @return the detail
    public String detail() {
        return detail;
    }

    /// The archive the input came from.
    ///
    /// @return the archive name, or empty
    public Optional<String> archive() {
        return Optional.ofNullable(archive);
    }

    /// The archive entry (or file) the input came from.
    ///
    /// @return the entry name, or empty
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }

    /// The line of the entry, counted from 1, where the problem was found.
    ///
    /// @return the line, or empty
    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }
}
