package dev.bsee.scraper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/// Generates comma-separated texts that probe pandas' rules: quoting, missing-value strings and
/// near misses, integers at the edges of `int64` and `uint64`, doubles at the edges of the range and of
/// precision, exponents, bools in any case, spaces around values, mixed columns, blank and
/// white-space lines, short rows, extra fields, duplicate and empty header names, non-ASCII text in
/// UTF-8 or ISO-8859-1, byte order marks (also on text that is not UTF-8), `\n` and `\r\n` line ends,
/// NUL bytes in data fields (where pandas' value of the field ends).
///
/// Left out on purpose (each is covered by a fixed case or documented as a deviation): NUL bytes in
/// the header (refused as binary; also where a blank header line makes the first row the header),
/// and lone `\r` line ends together with white-space lines (pandas' backtracking over a `\r`-ended
/// line re-reads earlier text).
public final class CsvTexts {

    private static final String[] NA = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
            "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"};
    private static final String[] NEAR_NA = {" NA", "NA ", "NAN", "na", "Null", "none", "N/a", "#N/A ", "nan.", "-NA"};
    private static final String[] INT_EDGES = {"0", "-0", "+0", "00016", " 00016", "17 ", "\t42", "+7",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
            "18446744073709551615", "18446744073709551616", "99999999999999999999", "-99999999999999999999",
            "9007199254740993", "12345678901234567890x", "1_000", "1,000", "0x1A", "- 1", "+", "-"};
    private static final String[] FLOAT_EDGES = {"1e308", "1.7976931348623157e308", "1.8e308", "2e308", "4.9e-324",
            "5e-324", "2.2250738585072014e-308", "1e-400", "-1e-700", "1e-330", "0e400", "1E5", "1e+5", "1e-5", ".5",
            "5.", "-.5e+3", "1e", "1e+", ".", "-.", "0.1", "0.2", "0.30000000000000004", "2.675", "9.995",
            "123456789012345678901234567890", "0.1234567890123456789", "1.00000000000000000001", "3.14159265358979323846",
            "1e000000000000000001", "1e00000000000000001", "1e99999999999", "1e-99999999999", "inf", "-inf", "+inf",
            "Infinity", "-Infinity", "INF", "iNfInItY", " inf", "inf ", "nan", "1.5 ", " -2.5", "1.5e3 ", "1.2.3",
            "1e5.5", "9007199254740993.0", "-0.0", "0.0"};
    private static final String[] BOOLS = {"True", "False", "TRUE", "FALSE", "true", "false", "tRuE", "fAlSe", " True",
            "True ", "yes", "no", "T", "F", "1", "0"};
    private static final String[] WORDS = {"A-1", "WD   31", " E002", "COX OPERATING LLC", "x", "y", "3/3/2024 12:01:00 AM",
            "9-5/8\"", "7\"", "12\"", "1\"2", "\"3", "a,b", "line\nbreak", "cr\r\nlf", "quote \"q\"", "caf\u00e9", "\u00a0", "\u00e9t\u00e9",
            "\u65e5\u672c", "\ud83d\ude00", "-407200", "G01234", "  ", "#", "'single'", "tab\tin", "ab\u0000cd", "\u0000",
            "12\u00003", "1.5\u0000x", "NA\u0000", "caf\u00e9\u0000\u00e9", "\u0000\"q\""};
    private static final String[] HEADER_POOL = {"A", "B", "A", "A.1", "", "", "Unnamed: 1", "SN_WAR", "x y", " A ",
            "caf\u00e9", "1", "NA", "None", "\u00e9"};

    private CsvTexts() {
    }

    /// One random text with its layout.
    public static PandasComparison.Case next(Random random) {
        int columns = 1 + random.nextInt(5);
        boolean headerless = random.nextInt(5) == 0;
        boolean latin1 = random.nextInt(6) == 0;
        boolean crlf = random.nextBoolean();
        int[] kinds = new int[columns];
        for (int c = 0; c < columns; c++) {
            kinds[c] = random.nextInt(7);
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (headerless) {
            for (int c = 0; c < columns; c++) {
                names.add("c" + c);
            }
        } else {
            List<String> header = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                header.add(random.nextInt(3) == 0 ? pick(random, HEADER_POOL) : "col" + c);
            }
            lines.add(header);
        }
        int rows = random.nextInt(9);
        for (int r = 0; r < rows; r++) {
            List<String> row = new ArrayList<>();
            int width = columns;
            int shape = random.nextInt(12);
            if (shape == 0) {
                width = Math.max(1, columns - 1 - random.nextInt(columns));
            } else if (shape == 1 && r > 0 && random.nextInt(4) == 0) {
                width = columns + 1;
            } else if (shape == 2 && r == 0 && random.nextInt(3) == 0) {
                width = columns + 1;
            }
            for (int c = 0; c < width; c++) {
                row.add(cell(random, kinds[Math.min(c, columns - 1)]));
            }
            lines.add(row);
        }
        if (!headerless && String.join(",", lines.getFirst()).isBlank()) {
            // A blank header line is skipped, and the first row that is not blank becomes the header,
            // where a NUL is refused on purpose: no NUL in such a text.
            lines.replaceAll(line -> line.stream().map(cell -> cell.replace("\u0000", "")).toList());
        }
        StringBuilder text = new StringBuilder();
        boolean byteOrderMark = random.nextInt(10) == 0;
        if (byteOrderMark && !latin1) {
            text.append('\ufeff');
        }
        String end = crlf ? "\r\n" : "\n";
        for (int i = 0; i < lines.size(); i++) {
            int blank = random.nextInt(14);
            if (blank == 0) {
                text.append(end);
            } else if (blank == 1) {
                text.append(random.nextBoolean() ? "  " : " \t ").append(end);
            }
            List<String> line = lines.get(i);
            for (int c = 0; c < line.size(); c++) {
                if (c > 0) {
                    text.append(',');
                }
                text.append(render(random, line.get(c)));
            }
            if (i < lines.size() - 1 || random.nextInt(4) != 0) {
                text.append(end);
            }
        }
        if (latin1) {
            // Make sure the text is not UTF-8, then encode every character as one byte.
            String latin = text.toString().codePoints()
                    .map(cp -> cp > 0xFF ? '?' : cp)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            if (latin.chars().noneMatch(ch -> ch >= 0x80)) {
                latin = latin.isEmpty() || latin.startsWith("\n") || latin.startsWith("\r") ? latin : "\u00e9" + latin;
            }
            byte[] bytes = latin.getBytes(StandardCharsets.ISO_8859_1);
            if (byteOrderMark) {
                // A mark written before text in another charset: pandas reads it as the text ï»¿.
                bytes = withByteOrderMark(bytes);
            }
            return build(bytes, headerless, names);
        }
        return build(text.toString().getBytes(StandardCharsets.UTF_8), headerless, names);
    }

    private static PandasComparison.Case build(byte[] bytes, boolean headerless, List<String> names) {
        return headerless ? PandasComparison.Case.headerless(bytes, names) : PandasComparison.Case.header(bytes);
    }

    private static String cell(Random random, int kind) {
        int mix = random.nextInt(20);
        if (mix == 0) {
            return pick(random, NA);
        }
        if (mix == 1) {
            return pick(random, NEAR_NA);
        }
        if (mix == 2) {
            kind = random.nextInt(7);
        }
        return switch (kind) {
            case 0 -> random.nextInt(3) == 0 ? pick(random, INT_EDGES) : Long.toString(random.nextLong() >> random.nextInt(64));
            case 1 -> random.nextInt(3) == 0 ? pick(random, FLOAT_EDGES) : randomFloat(random);
            case 2 -> pick(random, BOOLS);
            case 3 -> pick(random, WORDS);
            case 4 -> random.nextInt(4) == 0 ? pick(random, NA) : Integer.toString(random.nextInt(2000) - 1000);
            case 5 -> random.nextInt(4) == 0 ? pick(random, NA) : randomFloat(random);
            default -> random.nextBoolean() ? pick(random, WORDS) : Integer.toString(random.nextInt(100));
        };
    }

    private static String randomFloat(Random random) {
        double value = switch (random.nextInt(5)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 2 -> (random.nextInt(2_000_000) - 1_000_000) / 1000.0;
            case 3 -> random.nextGaussian() * 1e6;
            default -> random.nextDouble();
        };
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "1.5";
        }
        return switch (random.nextInt(5)) {
            case 0 -> Double.toString(value);
            case 1 -> String.format("%.17g", value);
            case 2 -> String.format("%.3f", value);
            case 3 -> new java.math.BigDecimal(value).toPlainString();
            default -> String.format("%.12e", value).replace("e+0", "E").replace("e-0", "e-");
        };
    }

    /// Quotes a value when it must be quoted, and sometimes when it need not be.
    private static String render(Random random, String value) {
        boolean needs = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        if (needs || random.nextInt(3) == 0) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /// `bytes` after a UTF-8 byte order mark (`EF BB BF`), whatever their charset.
    static byte[] withByteOrderMark(byte[] bytes) {
        byte[] marked = new byte[bytes.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(bytes, 0, marked, 3, bytes.length);
        return marked;
    }
}
