package dev.bsee.scraper;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import dev.bsee.scraper.internal.http.PortalPage;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/// Reads the BSEE raw-data portal ([SourceCatalog#PORTAL]) and compares its "Delimited" downloads
/// with a [SourceCatalog]: which configured sources are still listed, and which listed datasets no
/// source downloads.
///
/// ```java
/// try (HttpFetcher fetcher = HttpFetcher.builder().build()) {
///     PortalReport report = new Portal(fetcher).discover(SourceCatalog.PORTAL, SourceCatalog.of(), Portal.Probe.HEAD);
/// }
/// ```
///
/// Addresses match when host, port and path are equal, ignoring the scheme (a page may list `http`
/// links to files served over `https`) and the case of host and path (the portal runs on IIS, whose
/// paths are case-insensitive); the query too, where the source's address has one (a link's own
/// query, `CompanyRawData.zip?v=2`, is a cache-buster on the same file). A source of several archives
/// (the yearly production series) is listed by a link to any of them.
public final class Portal {

    /// The most bytes the portal page may have, decoded; a larger page is refused as too large. The
    /// real one is well under a megabyte. The page, its parsed tree and a record per link take
    /// about 20 times its size of heap: a page of 16 MiB and 200,000 links ran `bsee portal`'s
    /// 200 MiB out.
    public static final int MAX_PAGE_BYTES = 2 << 20;
    /// `HEAD` requests in flight at once: enough to be quick, few enough to be polite.
    private static final int PARALLEL_PROBES = 4;

    private final HttpFetcher fetcher;

    /// A portal reader that uses `fetcher` for its requests (timeouts, retries, redirect policy,
    /// User-Agent).
    ///
    /// @param fetcher the fetcher
    public Portal(HttpFetcher fetcher) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    /// Whether to ask each link for its size and date.
    public enum Probe {
        /// Only read the page.
        NONE,
        /// Send a `HEAD` request per link (a one-byte ranged `GET` where `HEAD` is refused).
        HEAD
    }

    /// Fetches the page and compares it with the catalog.
    ///
    /// @param page the portal page, usually [SourceCatalog#PORTAL]
    /// @param catalog the sources to look for
    /// @param probe whether to check each link
    /// @return the report
    /// @throws DownloadException when the page cannot be fetched
    public PortalReport discover(URI page, SourceCatalog catalog, Probe probe) throws DownloadException {
        Objects.requireNonNull(probe, "probe");
        List<PortalLink> links = links(page);
        if (probe == Probe.HEAD) {
            links = check(links);
        }
        return report(page, links, catalog);
    }

    /// Fetches the page and returns its "Delimited" links.
    ///
    /// @param page the portal page
    /// @return the links, in page order, each address once
    /// @throws DownloadException when the page cannot be fetched
    public List<PortalLink> links(URI page) throws DownloadException {
        Objects.requireNonNull(page, "page");
        return parse(fetcher.engine().text(page, "portal page", MAX_PAGE_BYTES), page);
    }

    /// Checks each link with a `HEAD` request, a few at a time. A link that fails carries a
    /// [LinkCheck.Failed] rather than failing the whole report.
    ///
    /// @param links the links
    /// @return the links with their checks, in the same order
    public List<PortalLink> check(List<PortalLink> links) {
        Semaphore permits = new Semaphore(PARALLEL_PROBES);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PortalLink>> futures = new ArrayList<>();
            for (PortalLink link : links) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return link.withCheck(fetcher.engine().probe(link.uri()));
                    } catch (DownloadException e) {
                        return link.withCheck(new LinkCheck.Failed(e.detail() + " [" + e.attempts()
                                + (e.attempts() == 1 ? " attempt]" : " attempts]")));
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<PortalLink> checked = new ArrayList<>(links.size());
            for (Future<PortalLink> future : futures) {
                checked.add(future.get());
            }
            return checked;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking portal links", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking a portal link failed", e.getCause());
        }
    }

    /// The "Delimited" links of a portal page's markup.
    ///
    /// @param html the page
    /// @param page the page's address, against which relative links resolve
    /// @return the links, in page order, each address once
    public static List<PortalLink> parse(CharSequence html, URI page) {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(page, "page");
        return PortalPage.delimitedLinks(html, page);
    }

    /// Compares links with a catalog. A link counts as known when it is any archive of a catalog
    /// source, the years of a yearly series included; each source is listed by its own address.
    ///
    /// @param page the page the links came from
    /// @param links the links
    /// @param catalog the sources
    /// @return the report
    public static PortalReport report(URI page, List<PortalLink> links, SourceCatalog catalog) {
        java.util.Objects.requireNonNull(page, "page");
        java.util.Objects.requireNonNull(links, "links");
        java.util.Objects.requireNonNull(catalog, "catalog");
        List<PortalReport.Listing> listings = new ArrayList<>();
        Set<PortalLink> used = new HashSet<>();
        for (BseeSource source : catalog.sources()) {
            // A yearly series' other archives (ogora2019delimit.zip, ...) are the source's too: a link
            // to any of them lists the series.
            List<URI> addresses = new ArrayList<>(List.of(source.uri()));
            for (BseeSource.Archive archive : source.archives(java.time.Year.now(java.time.ZoneOffset.UTC).getValue())) {
                addresses.add(archive.uri());
            }
            List<PortalLink> own = links.stream()
                    .filter(l -> addresses.stream().anyMatch(address -> sameResource(address, l.uri()))).toList();
            used.addAll(own);
            Optional<PortalLink> match = own.stream().filter(l -> sameResource(source.uri(), l.uri())).findFirst()
                    .or(() -> own.stream().findFirst());
            listings.add(new PortalReport.Listing(source.id(), source.uri(), match.orElse(null)));
        }
        List<PortalLink> unknown = links.stream().filter(l -> !used.contains(l)).toList();
        return new PortalReport(page, links, listings, unknown);
    }

    /// Whether a link names the file of a source's address on the portal.
    ///
    /// @param address the source's address
    /// @param link the link
    /// @return true when they match as described on this class
    static boolean sameResource(URI address, URI link) {
        boolean query = address.getRawQuery() != null;
        return key(address, query).equals(key(link, query));
    }

    private static String key(URI uri, boolean withQuery) {
        URI u = uri.normalize();
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        if ((port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"))) {
            port = -1;
        }
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        String path = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath().toLowerCase(Locale.ROOT);
        return host + ":" + port + path + (!withQuery || u.getQuery() == null ? "" : "?" + u.getQuery());
    }
}
