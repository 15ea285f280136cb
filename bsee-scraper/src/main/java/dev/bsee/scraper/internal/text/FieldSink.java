package dev.bsee.scraper.internal.text;

import dev.bsee.scraper.SourceDataException;

/// What [TextTokenizer] emits: the fields of each record, in order, and the record's end.
///
/// Why a callback rather than records handed back: the tokenizer then owns no row storage and makes
/// no copy of its own; a field is a slice of its read buffer, valid only during the call, and the
/// receiver decides what to keep (the header's names, the first row's fields, or each cell straight
/// into its column's store). The tokenizer has one receiver in production ([RowShaper]), so the JIT
/// inlines these calls.
interface FieldSink {

    /// A record starts on physical line `line` (counted from 1); blank lines start none.
    void beginRecord(long line) throws SourceDataException;

    /// One field of the current record: `length` bytes at `offset` of `bytes`, valid only during the
    /// call, of which the value is the first `kept`: all of them, or those before the field's first
    /// NUL byte, where pandas' strings end. `digitsOnly` says whether no kept byte is other than an
    /// ASCII digit; the receiver checks the length (an empty field may come with either value).
    void field(byte[] bytes, int offset, int length, int kept, boolean digitsOnly) throws SourceDataException;

    /// The current record ends.
    void endRecord() throws SourceDataException;
}
