package dev.bsee.scraper.internal.text;

import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.util.Optional;
import java.util.OptionalLong;

/// The archive and entry a text comes from. Why a type of its own: the tokenizer, the row shaper and
/// the table assembly each reject bad input, and every one of their errors must name the same source
/// and entry (and the line where it has one), worded one way.
///
/// @param archive the archive name
/// @param entry the entry or file name
record TextOrigin(Optional<String> archive, Optional<String> entry) {

    /// An error about this text; `line` is the physical line the offending record starts on.
    SourceDataException failure(Problem problem, String detail, OptionalLong line, Throwable cause) {
        return cause == null ? new SourceDataException(problem, detail, archive, entry, line)
                : new SourceDataException(problem, detail, archive, entry, line, cause);
    }

    SourceDataException failure(Problem problem, String detail, long line) {
        return failure(problem, detail, OptionalLong.of(line), null);
    }

    /// The entry's name for messages that are not errors about the text.
    String name() {
        return entry.orElse("text");
    }
}
