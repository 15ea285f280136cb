package dev.bsee.scraper;

import dev.bsee.core.SafeText;
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
        /// pandas would give a column a type a [dev.bsee.core.Table] cannot hold (`uint64`, or
        /// `bool` values mixed with missing values).
        UNSUPPORTED_COLUMN,
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
        EMPTY_ARCHIVE
    }

    /// What is wrong with the input.
    private final Problem problem;
    /// The description of the problem, without the place.
    private final String detail;
    /// The archive the problem is in.
    private final String archive;
    /// The entry the problem is in, or empty.
    private final String entry;
    /// The line the problem is on, or zero when unknown.
    private final long line;

    /// An exception about the given place in the input.
    ///
    /// @param problem what is wrong
    /// @param detail a sentence describing it, without the location
    /// @param archive the archive name, if any
    /// @param entry the entry (or file) name, if any
    /// @param line the line number from 1, if any
    public SourceDataException(Problem problem, String detail, Optional<String> archive, Optional<String> entry,
                               OptionalLong line) {
        this(problem, detail, archive, entry, line, null);
    }

    /// An exception about the given place in the input, caused by a lower-level failure.
    ///
    /// @param problem what is wrong
    /// @param detail a sentence describing it, without the location
    /// @param archive the archive name, if any
    /// @param entry the entry (or file) name, if any
    /// @param line the line number from 1, if any
    /// @param cause the underlying exception
    public SourceDataException(Problem problem, String detail, Optional<String> archive, Optional<String> entry,
                               OptionalLong line, Throwable cause) {
        super(format(detail, archive, entry, line), cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.archive = archive.orElse(null);
        this.entry = entry.orElse(null);
        this.line = line.orElse(0);
    }

    private static String format(String detail, Optional<String> archive, Optional<String> entry, OptionalLong line) {
        StringBuilder text = new StringBuilder();
        archive.ifPresent(a -> text.append(a).append(": "));
        entry.ifPresent(e -> text.append(e).append(": "));
        line.ifPresent(l -> text.append("line ").append(l).append(": "));
        // Names and details quote the archive: its control characters must not reach a terminal raw.
        return SafeText.escape(text.append(detail).toString());
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
