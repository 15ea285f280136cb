package dev.bsee.scraper.internal.http;

import dev.bsee.core.internal.SafeText;
import dev.bsee.scraper.PortalLink;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/// Finds the "Delimited" download links of the raw-data portal page and names each after its table
/// row.
///
/// The page is ASP.NET WebForms output (tables nested in layout tables, hidden `__VIEWSTATE` fields,
/// scripts); jsoup parses it as a browser would (comments, scripts and styles are not text, every
/// character reference is decoded, `<base href>` moves the base). A link belongs to the innermost
/// table row around it.
///
/// A link counts when its text (or image `alt`, or `title`) contains the word "Delimited". Its
/// label is the text of the first cell of its row that holds no download link ("Delimited" or
/// "Fixed"), text of tables nested in the cell left out, or the file name when there is none.
public final class PortalPage {

    private static final System.Logger LOG = System.getLogger(PortalPage.class.getName());

    private static final Pattern DELIMITED = Pattern.compile("(?i)\\bdelimited\\b");
    private static final Pattern FIXED = Pattern.compile("(?i)\\bfixed\\b");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PortalPage() {
    }

    /// The "Delimited" links of a page, in page order, each address once.
    ///
    /// @param html the page
    /// @param page the page's address, against which relative links resolve
    /// @return the links
    public static List<PortalLink> delimitedLinks(CharSequence html, URI page) {
        Document document = Jsoup.parse(html.toString(), page.toString());
        URI base = baseOf(document, page);
        Map<URI, PortalLink> unique = new LinkedHashMap<>();
        for (Element anchor : document.select("a[href]")) {
            if (!DELIMITED.matcher(caption(anchor)).find()) {
                continue;
            }
            resolve(base, anchor.attr("href")).ifPresent(uri -> unique.putIfAbsent(uri,
                    new PortalLink(label(anchor).orElseGet(() -> fileName(uri)), uri)));
        }
        return List.copyOf(unique.values());
    }

    /// The page's address, or the first `<base href>` resolved against it.
    private static URI baseOf(Document document, URI page) {
        Element base = document.selectFirst("base[href]");
        return base == null ? page : resolve(page, base.attr("href")).orElse(page);
    }

    /// The text of the first cell of the anchor's row that holds no download link.
    private static Optional<String> label(Element anchor) {
        Element row = anchor.closest("tr");
        if (row == null) {
            return Optional.empty();
        }
        for (Element cell : row.children()) {
            if (!cell.nameIs("td") && !cell.nameIs("th") || holdsDownload(cell, row)) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            appendText(cell, text, false);
            String label = normalizeSpace(text.toString());
            if (!label.isEmpty()) {
                return Optional.of(label);
            }
        }
        return Optional.empty();
    }

    private static boolean holdsDownload(Element cell, Element row) {
        for (Element anchor : cell.select("a")) {
            if (anchor.closest("tr") == row) {
                String caption = caption(anchor);
                if (DELIMITED.matcher(caption).find() || FIXED.matcher(caption).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /// An anchor's text with its images' `alt` and `title` text, and its own `title`: a link titled
    /// "Delimited" whose text is "Download" is a Delimited link too.
    private static String caption(Element anchor) {
        StringBuilder text = new StringBuilder();
        appendText(anchor, text, true);
        return normalizeSpace(text.append(' ').append(anchor.attr("title")).toString());
    }

    /// Appends the text under `element`, block elements and line breaks as spaces, nested tables
    /// left out (their rows have labels of their own), image `alt` and `title` text when `withAlt`.
    private static void appendText(Element element, StringBuilder text, boolean withAlt) {
        for (Node child : element.childNodes()) {
            if (child instanceof TextNode node) {
                text.append(node.getWholeText());
            } else if (child instanceof Element inner) {
                switch (inner.normalName()) {
                    case "table", "script", "style" -> {
                        // not the cell's own text
                    }
                    case "img" -> {
                        if (withAlt) {
                            text.append(' ').append(inner.attr("alt")).append(' ').append(inner.attr("title")).append(' ');
                        }
                    }
                    case "br", "p", "div", "li" -> {
                        text.append(' ');
                        appendText(inner, text, withAlt);
                        text.append(' ');
                    }
                    default -> appendText(inner, text, withAlt);
                }
            }
        }
    }

    static String normalizeSpace(String text) {
        return text.replace('\u00a0', ' ').replaceAll("\\s++", " ").strip();
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
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? uri.toString() : name;
    }
}
