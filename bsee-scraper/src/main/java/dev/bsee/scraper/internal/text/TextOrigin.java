package dev.bsee.scraper.internal.text;

import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

/// The archive and entry a text comes from. Why a type of its own: the tokenizer, the row shaper and
/// the table assembly each reject bad input, and every one of their errors must name the same source
/// and entry (and the line where it has one), worded one way.
///
/// @param archive the archive name, or `null` for a plain text file
/// @param entry the entry or file name, or `null` when unknown
record TextOrigin(String archive, String entry) {

    /// An error about the record of this text that starts on physical line `line`.
    SourceDataException failure(Problem problem, String detail, long line) {
        return SourceDataException.builder(problem, detail).archive(archive).entry(entry).line(line).build();
    }

    /// An error about the whole text; `cause` may be `null`.
    SourceDataException failure(Problem problem, String detail, Throwable cause) {
        return SourceDataException.builder(problem, detail).archive(archive).entry(entry).cause(cause).build();
    }

    /// A notice about the record of this text that starts on physical line `line`, worded and placed
    /// as an error about it would be.
    String notice(String detail, long line) {
        return failure(Problem.UNDECODABLE_TEXT, detail, line).getMessage();
    }

    /// The entry's name for messages that are not errors about the text.
    String name() {
        return entry == null ? "text" : entry;
    }
}
