package dev.bsee.binary;

/// Thrown by a projected read of a file when one of its shortcuts (payloads left in the file,
/// skimmed object lists; see [SkimmedItems]) cannot give exactly what the ordinary read gives: a
/// memo entry stored twice, an item of a skimmed list that is no string or missing value, the file
/// changing under the read. [PickleReader] then reads the file again the ordinary way, which gives
/// the table, or the refusal, of a whole read.
///
/// The shortcuts make the same checks as the ordinary read, in the same order, up to the point
/// they give up, so a pickle refused before that point is refused with the same message either way.
final class LazyReadAbandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final LazyReadAbandoned INSTANCE = new LazyReadAbandoned();

    private LazyReadAbandoned() {
        super("the projected read's shortcuts do not apply", null, false, false);
    }
}
