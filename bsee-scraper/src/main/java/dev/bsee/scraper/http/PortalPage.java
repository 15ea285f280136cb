package dev.bsee.scraper.http;

import dev.bsee.core.SafeText;
import dev.bsee.scraper.PortalLink;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Finds the "Delimited" download links of the raw-data portal page and names each after its table
/// row.
///
/// The page is ASP.NET WebForms output: well-formed tables (nested in layout tables), anchors with
/// quoted attributes, hidden `__VIEWSTATE` fields, scripts. Rather than a DOM, it walks the tags
/// with a regular expression and keeps a stack of open table rows, so a link belongs to the
/// innermost row around it. Comments, scripts and styles are removed first so that markup inside
/// them cannot count. The expressions use possessive or single-character repetition only, so long
/// attribute values (a view state of hundreds of kilobytes) cannot exhaust the stack.
///
/// A link counts when its text (or image `alt`, or `title`) contains the word "Delimited". Its
/// label is the text of the first cell of its row that holds no download link ("Delimited" or
/// "Fixed"), or the file name when there is none.
public final class PortalPage {

    private static final System.Logger LOG = System.getLogger(PortalPage.class.getName());

    private static final Pattern HIDDEN = Pattern.compile(
            "<!--.*?-->|<script\\b[^>]*+>.*?</script\\s*>|<style\\b[^>]*+>.*?</style\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile(
            "<(/?)([A-Za-z][A-Za-z0-9:-]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z_:][-A-Za-z0-9_:.]*+)\\s*+(?:=\\s*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\\s\"'=<>`]++)))?");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?");
    private static final Pattern DELIMITED = Pattern.compile("(?i)\\bdelimited\\b");
    private static final Pattern FIXED = Pattern.compile("(?i)\\bfixed\\b");
    private static final Map<String, String> NAMED = Map.of(
            "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ",
            "ndash", "\u2013", "mdash", "\u2014", "reg", "\u00ae", "copy", "\u00a9");

    private PortalPage() {
    }

    /// The "Delimited" links of a page, in page order, each address once.
    ///
    /// @param html the page
    /// @param page the page's address, against which relative links resolve
    /// @return the links
    public static List<PortalLink> delimitedLinks(CharSequence html, URI page) {
        String visible = HIDDEN.matcher(html).replaceAll(" ");
        Walker walker = new Walker(page);
        Matcher tag = TAG.matcher(visible);
        int last = 0;
        while (tag.find()) {
            walker.text(visible.substring(last, tag.start()));
            walker.tag(tag.group(1).equals("/"), tag.group(2).toLowerCase(Locale.ROOT), tag.group(3));
            last = tag.end();
        }
        walker.text(visible.substring(last));
        walker.end();
        Map<URI, PortalLink> unique = new LinkedHashMap<>();
        for (PortalLink link : walker.links) {
            unique.putIfAbsent(link.uri(), link);
        }
        return List.copyOf(unique.values());
    }

    /// Decodes character references: numeric ones, and the named ones a portal page uses.
    ///
    /// @param text text with references
    /// @return the decoded text
    static String decode(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("#")) {
                int code;
                try {
                    code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                            ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                } catch (NumberFormatException e) {
                    code = -1;
                }
                replacement = Character.isValidCodePoint(code) && code != 0 ? Character.toString(code) : m.group();
            } else {
                replacement = NAMED.getOrDefault(name.toLowerCase(Locale.ROOT), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String normalizeSpace(String text) {
        return text.replace('\u00a0', ' ').replaceAll("\\s++", " ").strip();
    }

    private static Map<String, String> attributes(String raw) {
        Map<String, String> attributes = new HashMap<>();
        Matcher m = ATTRIBUTE.matcher(raw);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3)
                    : m.group(4) != null ? m.group(4) : "";
            attributes.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), decode(value));
        }
        return attributes;
    }

    /// Resolves an `href` the way a browser does: tabs and line breaks removed, backslashes read as
    /// slashes, characters a URI may not hold percent-encoded, dot segments above the root dropped.
    static Optional<URI> resolve(URI base, String href) {
        String cleaned = href.replaceAll("[\\t\\n\\r]", "").strip().replace('\\', '/');
        if (cleaned.isEmpty() || cleaned.startsWith("#")) {
            return Optional.empty();
        }
        int hash = cleaned.indexOf('#');
        if (hash >= 0) {
            cleaned = cleaned.substring(0, hash);
        }
        try {
            URI resolved = base.resolve(new URI(encode(cleaned))).normalize();
            String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || resolved.getHost() == null) {
                return Optional.empty();
            }
            String path = resolved.getRawPath();
            if (path != null && path.startsWith("/..")) {
                // a browser drops ".." segments that would climb above the root; URI.normalize keeps them
                String trimmed = path.replaceFirst("^(?:/\\.\\.(?=/|$))++", "");
                resolved = URI.create(resolved.getScheme() + "://" + resolved.getRawAuthority()
                        + (trimmed.isEmpty() ? "/" : trimmed)
                        + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery()));
            }
            return Optional.of(resolved);
        } catch (URISyntaxException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "skipping link {0}: {1}", SafeText.escape(href),
                    SafeText.escape(e.getMessage()));
            return Optional.empty();
        }
    }

    private static String encode(String href) {
        StringBuilder out = new StringBuilder(href.length());
        for (byte b : href.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>{}|^`".indexOf(c) >= 0) {
                out.append('%').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /// The page's table rows as a stack, and the links found so far.
    private static final class Walker {
        private URI base;
        private final Deque<Row> rows = new ArrayDeque<>();
        private final List<PortalLink> links = new ArrayList<>();
        private Anchor anchor;
        private int tables;

        Walker(URI page) {
            this.base = page;
        }

        void text(String raw) {
            if (raw.isEmpty()) {
                return;
            }
            String text = decode(raw);
            if (anchor != null) {
                anchor.text.append(text);
            }
            Row row = rows.peek();
            if (row != null && row.cell != null) {
                row.cell.text.append(text);
            }
        }

        void tag(boolean closing, String name, String rawAttributes) {
            switch (name) {
                case "base" -> {
                    String href = attributes(rawAttributes).get("href");
                    if (href != null) {
                        resolve(base, href).ifPresent(b -> base = b);
                    }
                }
                case "table" -> {
                    if (closing) {
                        closeAnchor();
                        while (!rows.isEmpty() && rows.peek().table == tables) {
                            finish(rows.pop());
                        }
                        tables = Math.max(0, tables - 1);
                    } else {
                        tables++;
                    }
                }
                case "tr" -> {
                    closeAnchor();
                    Row top = rows.peek();
                    if (top != null && top.table == tables && (closing || top.cell == null)) {
                        // `</tr>`, or a `<tr>` that implicitly closes the previous row of the same table
                        finish(rows.pop());
                    }
                    if (!closing) {
                        rows.push(new Row(tables));
                    }
                }
                case "td", "th" -> {
                    closeAnchor(); // a browser ends an unclosed link with its cell
                    Row row = rows.peek();
                    if (row != null && row.table == tables) {
                        row.cell = closing ? null : row.newCell();
                    }
                }
                case "a" -> {
                    closeAnchor();
                    if (!closing) {
                        Map<String, String> attributes = attributes(rawAttributes);
                        anchor = new Anchor(attributes.get("href"), attributes.getOrDefault("title", ""));
                        Row row = rows.peek();
                        anchor.cell = row == null ? null : row.cell;
                    }
                }
                case "img" -> {
                    if (!closing && anchor != null) {
                        anchor.text.append(' ').append(attributes(rawAttributes).getOrDefault("alt", "")).append(' ');
                    }
                }
                case "br", "p", "div", "li" -> text(" ");
                default -> {
                    // formatting and other tags carry no structure the links depend on
                }
            }
        }

        private void closeAnchor() {
            if (anchor == null) {
                return;
            }
            Anchor closed = anchor;
            anchor = null;
            Row row = rows.peek();
            if (row != null) {
                row.anchors.add(closed);
            } else {
                emit(closed, Optional.empty());
            }
        }

        void end() {
            closeAnchor();
            while (!rows.isEmpty()) {
                finish(rows.pop());
            }
        }

        private void finish(Row row) {
            Optional<String> label = row.cells.stream()
                    .filter(cell -> row.anchors.stream().noneMatch(a -> a.cell == cell && a.isDownload()))
                    .map(cell -> normalizeSpace(cell.text.toString()))
                    .filter(text -> !text.isEmpty())
                    .findFirst();
            for (Anchor a : row.anchors) {
                emit(a, label);
            }
        }

        private void emit(Anchor a, Optional<String> label) {
            if (!a.isDelimited() || a.href == null) {
                return;
            }
            resolve(base, a.href).ifPresent(uri -> links.add(new PortalLink(label.orElseGet(() -> fileName(uri)), uri)));
        }

        private static String fileName(URI uri) {
            String path = uri.getPath() == null ? "" : uri.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            return name.isEmpty() ? uri.toString() : name;
        }
    }

    private static final class Row {
        final int table;
        final List<Cell> cells = new ArrayList<>();
        final List<Anchor> anchors = new ArrayList<>();
        Cell cell;

        Row(int table) {
            this.table = table;
        }

        Cell newCell() {
            Cell c = new Cell();
            cells.add(c);
            return c;
        }
    }

    private static final class Cell {
        final StringBuilder text = new StringBuilder();
    }

    private static final class Anchor {
        final String href;
        final String title;
        final StringBuilder text = new StringBuilder();
        Cell cell;

        Anchor(String href, String title) {
            this.href = href;
            this.title = title;
        }

        private String caption() {
            String t = normalizeSpace(text.toString());
            return t.isEmpty() ? normalizeSpace(title) : t;
        }

        boolean isDelimited() {
            return DELIMITED.matcher(caption()).find();
        }

        boolean isDownload() {
            String c = caption();
            return DELIMITED.matcher(c).find() || FIXED.matcher(c).find();
        }
    }
}
