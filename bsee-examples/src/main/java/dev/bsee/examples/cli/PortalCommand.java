package dev.bsee.examples.cli;

import dev.bsee.core.internal.HttpAddresses;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.BseeSource;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.TableLayout;
import dev.bsee.core.UpdateCadence;
import dev.bsee.scraper.DownloadException;
import dev.bsee.scraper.HttpFetcher;
import dev.bsee.scraper.LinkCheck;
import dev.bsee.scraper.Portal;
import dev.bsee.scraper.PortalLink;
import dev.bsee.scraper.PortalReport;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `bsee portal`: reads the raw-data portal page, lists its "Delimited" downloads, and says for each
/// catalog source it checks (the three a refresh runs by default, every one with `--all`) whether its
/// address is among them.
@Command(name = "portal", mixinStandardHelpOptions = true,
        description = {"Lists the \"Delimited\" downloads of the BSEE raw-data portal and checks that the "
                + "catalog's sources are among them: the three a refresh runs by default, or every one with --all.",
                "Exit code 0 when every source is listed, 1 when one is missing or the page cannot be read."})
final class PortalCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = {"The portal page; by default",
            "  ${DEFAULT-VALUE}"})
    private URI url = SourceCatalog.PORTAL;

    @Option(names = "--head", description = "Ask each link for its size and last-modified date (one HEAD request each).")
    private boolean head;

    @Option(names = "--source", paramLabel = "ID=URL",
            description = "Check this address for source ID instead of the built-in one (repeatable; a new ID adds a source;"
                    + " a path without a host is taken on --site, or on the live site).")
    private Map<String, URI> sources = new LinkedHashMap<>();

    @Option(names = "--site", paramLabel = "URL",
            description = "Take every catalog address relative to this site (a mirror or proxy) instead of the live one.")
    private URI site;

    @Option(names = "--all", description = "Check every catalog source, not only the three a refresh runs by default.")
    private boolean all;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
            description = "Requests per page or link before giving up (default: ${DEFAULT-VALUE}).")
    private int attempts;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Links are matched against every source the catalog knows, so an archive a source downloads
        // when configured is never "listed, but no source downloads them"; the sources shown and
        // checked are those a refresh runs by default, unless --all asks for the whole catalog.
        SourceCatalog catalog = catalog();
        Set<String> shown = new HashSet<>();
        sources.keySet().forEach(id -> shown.add(catalog.find(id).map(BseeSource::id).orElse(id)));
        shown.addAll(all ? catalog.sources().stream().map(BseeSource::id).toList() : catalog.defaultSelection());
        if (attempts < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--attempts must be at least 1: " + attempts);
        }
        checkPage(spec.commandLine(), "--url", url);
        PortalReport report;
        HttpFetcher.Builder builder = HttpFetcher.builder().maxAttempts(attempts);
        try {
            ProxyVariables.environment().ifPresent(proxies -> {
                builder.proxy(proxies);
                proxies.authenticator().ifPresent(builder::authenticator);
            });
        } catch (IllegalArgumentException e) {
            err.println("bsee portal: " + e.getMessage());
            return BseeCommand.USAGE;
        }
        try (HttpFetcher fetcher = builder.build()) {
            report = new Portal(fetcher).discover(url, catalog, head ? Portal.Probe.HEAD : Portal.Probe.NONE);
        } catch (DownloadException e) {
            err.println("bsee portal: " + e.getMessage());
            return BseeCommand.FAILED;
        }
        List<PortalReport.Listing> listings = report.sources().stream()
                .filter(listing -> shown.contains(listing.sourceId())).toList();
        if (report.links().isEmpty()) {
            // Not the portal as it was read before (an error page, a new layout): listing every
            // source as no longer listed would say they were all withdrawn.
            err.println("bsee portal: no \"Delimited\" links found on " + SafeText.url(report.page())
                    + "; the page layout may have changed");
            return BseeCommand.FAILED;
        }
        print(report, listings, out);
        return listings.stream().allMatch(listing -> listing.link().isPresent()) ? 0 : BseeCommand.FAILED;
    }

    private SourceCatalog catalog() {
        SourceCatalog every;
        try {
            every = site == null ? SourceCatalog.of() : SourceCatalog.of(site);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--site: " + e.getMessage());
        }
        SourceCatalog catalog = every;
        for (Map.Entry<String, URI> override : sources.entrySet()) {
            String id = override.getKey();
            // A relative address is a path on the site the catalog's own addresses resolve against
            // (`--site`, else the live one), as the catalog's are; it would otherwise match no link.
            URI address = every.site().resolve(override.getValue());
            HttpAddresses.unusableServer(address).ifPresent(why -> {
                throw new CommandLine.ParameterException(spec.commandLine(), "--source " + id + " must name a server a"
                        + " download can reach: " + SafeText.url(address) + " (" + why + ")");
            });
            String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || address.getHost() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--source " + id
                        + ": an http or https address, or a path on the site, is needed, not " + override.getValue());
            }
            try {
                BseeSource source = catalog.find(id).map(s -> s.withUri(address))
                        .orElseGet(() -> new BseeSource(id, address, UpdateCadence.IRREGULAR,
                                Duration.ofMinutes(10), id, BseeSource.TEXT_ENTRIES, TableLayout.headerRow()));
                catalog = catalog.with(source);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--source " + id + ": " + e.getMessage());
            }
        }
        return catalog;
    }

    private void print(PortalReport report, List<PortalReport.Listing> listings, PrintWriter out) {
        // Addresses without their passwords; labels are the page's text, escaped for the terminal.
        out.println("Portal " + SafeText.url(report.page()) + ": " + MessageText.count(report.links().size(), "\"Delimited\" link"));
        out.println();
        out.println("Configured sources");
        int idWidth = listings.stream().mapToInt(s -> s.sourceId().length()).max().orElse(0);
        for (PortalReport.Listing listing : listings) {
            String id = pad(listing.sourceId(), idWidth);
            if (listing.link().isPresent()) {
                PortalLink link = listing.link().get();
                out.println("  " + id + "  listed      " + SafeText.escape(link.label()) + "  " + SafeText.url(link.uri())
                        + check(link));
            } else {
                out.println("  " + id + "  NOT LISTED  " + SafeText.url(listing.uri()));
            }
        }
        if (report.unknownLinks().isEmpty()) {
            // A heading with nothing under it reads as output cut short.
            out.flush();
            return;
        }
        out.println();
        out.println("Listed, but no source downloads them (" + report.unknownLinks().size() + ")");
        int labelWidth = report.unknownLinks().stream().mapToInt(l -> SafeText.escape(l.label()).length()).max().orElse(0);
        for (PortalLink link : report.unknownLinks()) {
            out.println("  " + pad(SafeText.escape(link.label()), labelWidth) + "  " + SafeText.url(link.uri()) + check(link));
        }
        out.flush();
    }

    private static String check(PortalLink link) {
        return link.check().map(check -> switch (check) {
            case LinkCheck.Available a -> "  [" + (a.size().isPresent() ? MessageText.bytes(a.size().getAsLong()) : "size unknown")
                    + ", " + a.lastModified().map(DATE::format).orElse("date unknown") + "]";
            case LinkCheck.Failed f -> "  [unavailable: " + f.problem() + "]";
        }).orElse("");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /// Refuses a portal page address that no download could fetch, as a usage error naming `option`:
    /// a wrong value, as refresh --site says of its own, not a page that failed to download.
    static void checkPage(CommandLine commandLine, String option, java.net.URI page) {
        // The server first: a host the JDK cannot take (`bsee_mirror`, a non-ASCII name) leaves an
        // address without a host, which was then "not an absolute http address", as --site said.
        HttpAddresses.unusableServer(page).ifPresent(why -> {
            throw new CommandLine.ParameterException(commandLine, option + " must name a server a download can reach: "
                    + SafeText.url(page) + " (" + why + ")");
        });
        if (!HttpAddresses.isHttp(page)) {
            throw new CommandLine.ParameterException(commandLine, option + " must be an absolute http or https address: "
                    + SafeText.url(page));
        }
    }
}
