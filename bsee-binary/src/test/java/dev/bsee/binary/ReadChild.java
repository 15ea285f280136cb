package dev.bsee.binary;

import java.nio.file.Path;

/// Reads the file given as its argument in a JVM of its own (a small heap, say) and prints the row
/// count or the refusal; an `OutOfMemoryError` ends it with its stack trace, as any JVM's.
public final class ReadChild {
    private ReadChild() {
    }

    /// Reads `args[0]`.
    ///
    /// @param args the file
    /// @throws Exception never: a refusal is printed
    public static void main(String[] args) throws Exception {
        try {
            System.out.println("rows " + PickleReader.of().read(Path.of(args[0])).rowCount());
        } catch (PickleFormatException e) {
            System.out.println("refused " + e.getMessage());
        }
    }
}
