package dev.bsee.examples.cli;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.bridge.BseeStatus;
import dev.bsee.bridge.ConfigException;
import dev.bsee.bridge.Freshness;
import dev.bsee.bridge.RefreshConfig;
import dev.bsee.bridge.SourceStatus;
import dev.bsee.bridge.StatusReport;
import dev.bsee.core.SourceCatalog;
import dev.bsee.scraper.PortalLink;
import dev.bsee.scraper.PortalReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/// `bsee status --base-dir DIR [--json] [--portal[=URL]]`: says for every source in use whether its
/// folder is fresh, complete and as the refresh wrote it, for people and for schedulers.
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks every source folder under DIR/data/modules/bsee/bin: last refresh and age against the "
                + "source's cadence, files and rows, the archive's ETag and Last-Modified, expected entries missing, "
                + "files changed since the refresh wrote them (SHA-256) and files that do not belong there. An "
                + "interrupted refresh is completed first.",
                "Exit code 0 when all is well, 1 when anything is stale, missing, tampered or cannot be checked "
                        + "(each named on standard output), 2 when the configuration is missing, unreadable or invalid "
                        + "or no base directory is known."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--base-dir", converter = BseeCommand.FolderPath.class, paramLabel = "DIR",
            description = "The directory the refresh wrote under (or an absolute output.base_dir in --config).")
    private Path baseDirectory;

    @Option(names = "--config", paramLabel = "FILE.yml",
            description = {"The refresh configuration, for folders it moves:", "  sources.<id>.output, parameters.filepath.<id>.bin"})
    private Path config;

    @Option(names = "--json", description = "Print the status as JSON instead of a summary.")
    private boolean json;

    @Option(names = "--portal", paramLabel = "URL", arity = "0..1", fallbackValue = "https://www.data.bsee.gov/Main/RawData.aspx",
            // An address or a dotted key starts a line of its own: picocli wraps at a dot followed
            // by a letter, which split `https://www.` from `data.bsee.gov/...`, so copied text broke.
            description = {"Also compare the raw-data portal's \"Delimited\" links with the catalog; the default page is",
                    "  ${FALLBACK-VALUE}"})
    private URI portal;

    @Option(names = "--site", paramLabel = "URL",
            description = {"Take every catalog address relative to this site (a mirror or proxy) instead of the"
                    + " --config's", "  site.base_url (default: the live site)."})
    private URI site;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "10", converter = BseeCommand.Seconds.class,
            description = "How long to wait for a refresh writing a folder (default: ${DEFAULT-VALUE}).")
    private Duration lockWait;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RefreshConfig settings = null;
        if (config != null) {
            try {
                settings = RefreshConfig.fromYaml(config);
            } catch (ConfigException e) {
                // A usage error, as for refresh.
                return fail(BseeCommand.USAGE, e.getMessage());
            } catch (java.nio.file.NoSuchFileException e) {
                return fail(BseeCommand.USAGE, "no such file or folder: " + SafeText.escape(String.valueOf(config)));
            } catch (IOException e) {
                // As a missing one, and as for refresh.
                return fail(BseeCommand.USAGE, BseeCommand.configurationUnread(config, e));
            }
        }
        // The base directory is resolved by BseeStatus as by the refresh: a relative output.base_dir
        // under --base-dir, an absolute one only without --base-dir.
        boolean configuredBase = settings != null && settings.output().baseDirectory().filter(Path::isAbsolute).isPresent();
        if (baseDirectory == null && !configuredBase) {
            // The same rule as refresh: status completes an interrupted commit, so it writes, and it
            // never does that under whatever directory it happens to be started from.
            return fail(BseeCommand.USAGE, "no base directory: pass --base-dir DIR"
                    + (config == null ? ", or --config FILE whose output.base_dir is an absolute path"
                    : ", or set output.base_dir to an absolute path in " + SafeText.escape(config.toString())));
        }
        if (settings != null) {
            BseeCommand.sayBaseDirectoryOverride(err, "status", baseDirectory, settings, config);
        }
        BseeStatus.Builder status = BseeStatus.builder().lockWait(lockWait);
        if (baseDirectory != null) {
            status.baseDirectory(baseDirectory);
        }
        if (settings != null) {
            status.config(settings);
        }
        if (site != null) {
            try {
                status.catalog(SourceCatalog.of(site));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--site: " + e.getMessage());
            }
        }
        if (portal != null) {
            PortalCommand.checkPage(spec.commandLine(), "--portal", portal);
            status.portal(portal);
            try {
                ProxyVariables.environment().ifPresent(proxies -> {
                    status.proxy(proxies);
                    proxies.authenticator().ifPresent(status::authenticator);
                });
            } catch (IllegalArgumentException e) {
                return fail(BseeCommand.USAGE, e.getMessage());
            }
        }
        StatusReport report = status.check();
        if (json) {
            JsonFailure.report(out, report.toJson());
        } else {
            print(report, out);
        }
        out.flush();
        return report.healthy() ? BseeCommand.OK : BseeCommand.FAILED;
    }

    private int fail(int exitCode, String message) {
        return JsonFailure.fail(spec.commandLine(), json, exitCode, message);
    }

    static void print(StatusReport report, PrintWriter out) {
        out.println("Status of " + SafeText.escape(report.binDirectory().toString()) + " at " + report.checked());
        int width = report.sources().stream().mapToInt(s -> s.source().length()).max().orElse(0);
        for (SourceStatus source : report.sources()) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %-7s  %s%n", source.source(),
                    source.freshness().name().toLowerCase(Locale.ROOT), summary(source, report.binDirectory(), report.checked()));
            list(out, "missing", source.missingEntries());
            list(out, "no longer as written", source.tamperedFiles());
            list(out, "do not belong here", source.foreignFiles());
            list(out, "not expected by the catalog", source.unexpectedEntries());
            list(out, "not written by a refresh (the next replaces those it writes, keeps the others)", source.untrackedFiles());
            source.repairs().forEach(repair -> out.println("      repaired: " + SafeText.escape(repair)));
            source.notes().forEach(note -> out.println("      note: " + SafeText.escape(note)));
        }
        report.portal().ifPresent(portal -> printPortal(portal, out));
        List<String> problems = report.problems();
        if (problems.isEmpty()) {
            out.println("all well: " + MessageText.count(report.sources().size(), "source") + " fresh and as written");
        } else {
            out.println(MessageText.count(problems.size(), "problem") + ":");
            problems.forEach(problem -> out.println("  " + SafeText.escape(problem)));
        }
    }

    private static String summary(SourceStatus source, Path binDirectory, java.time.Instant checked) {
        // The folder's name comes from the configuration (parameters.filepath.<id>.bin), as written;
        // a folder the configuration puts outside the heading's is named by its whole path, which
        // its name alone would place under the heading's.
        Path folder = source.folder();
        String shown = binDirectory.equals(folder.getParent()) ? folder.getFileName().toString() : folder.toString();
        StringBuilder text = new StringBuilder(SafeText.escape(shown)).append(": ");
        if (source.freshness() == Freshness.UNKNOWN) {
            // Nothing was counted: a count of 0 would read as a folder that lost its files.
            return text.append("not checked (see the problem below)").toString();
        }
        text.append(MessageText.count(source.files(), "file"));
        int written = source.files() - source.untrackedFiles().size();
        int asWritten = written - source.tamperedFiles().size();
        // The rows are the manifest's: a file someone else put there is counted in the files only,
        // and one changed since it was written (its rows unknown) too.
        source.rows().ifPresent(rows -> text.append(", ").append(MessageText.count(rows, "row"))
                .append(asWritten != written ? " in the " + asWritten + " as a refresh wrote them"
                        : written == source.files() ? "" : " in the " + written + " a refresh wrote"));
        source.lastRefresh().ifPresent(at -> text.append(", last refreshed ").append(at));
        // A time ahead of the check's (within the tolerance past which it is a problem) was said as
        // "0 min ago", which hid the clock's skew.
        java.util.Optional<Duration> ahead = source.lastRefresh().filter(at -> at.isAfter(checked))
                .map(at -> Duration.between(checked, at));
        source.age().ifPresent(age -> text.append(" (").append(ahead.map(by -> MessageText.age(by) + " ahead of this"
                        + " machine's clock").orElse(MessageText.age(age) + " ago")).append("; stale after ")
                .append(MessageText.age(source.staleAfter())).append(')'));
        source.etag().ifPresent(etag -> text.append(", ETag ").append(SafeText.escape(etag)));
        source.lastModified().ifPresent(date -> text.append(", Last-Modified ").append(SafeText.escape(date)));
        return text.toString();
    }

    private static void list(PrintWriter out, String what, List<String> names) {
        if (!names.isEmpty()) {
            // Names of files someone put in the folder: any character, escaped for the terminal; the
            // first twenty and a count, as the folder may hold tens of thousands (listed in --json).
            out.println("      " + what + ": " + dev.bsee.core.internal.MessageText.joined(names));
        }
    }

    private static void printPortal(PortalReport portal, PrintWriter out) {
        // Addresses without their passwords; labels are the page's text, escaped for the terminal.
        out.println("Portal " + SafeText.url(portal.page()) + ": " + MessageText.count(portal.links().size(), "\"Delimited\" link"));
        if (portal.links().isEmpty()) {
            // The page was not read as the portal; the problem below says so once.
            return;
        }
        portal.sources().stream().filter(listing -> !listing.listed()).forEach(listing ->
                out.println("  no longer listed: " + listing.sourceId() + " " + SafeText.url(listing.uri())));
        for (PortalLink link : portal.unknownLinks()) {
            out.println("  new on the site, not in the catalog: " + SafeText.escape(link.label()) + " "
                    + SafeText.url(link.uri()));
        }
    }
}
