package dev.bsee.scraper.http;

/// Shows bytes of unknown content in a message.
final class Bytes {

    private Bytes() {
    }

    /// The bytes as a quoted string: printable ASCII as is, the rest as escapes (`\n`, `\x00`).
    static String quote(byte[] bytes) {
        if (bytes.length == 0) {
            return "nothing (the body is empty)";
        }
        StringBuilder out = new StringBuilder(bytes.length + 8).append('"');
        for (byte value : bytes) {
            int b = value & 0xff;
            switch (b) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.append((char) b);
                    } else {
                        out.append(String.format("\\x%02X", b));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
