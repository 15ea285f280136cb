package dev.bsee.examples.cli;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.NearestWord;
import dev.bsee.core.internal.SafeText;
import dev.bsee.bridge.BseeRefresh;
import dev.bsee.bridge.ConfigException;
import dev.bsee.bridge.FileChange;
import dev.bsee.bridge.FileReport;
import dev.bsee.bridge.RefreshConfig;
import dev.bsee.bridge.RefreshDecision;
import dev.bsee.bridge.RefreshReport;
import dev.bsee.bridge.RefreshRouter;
import dev.bsee.bridge.SourceReport;
import dev.bsee.bridge.internal.OutputFolder;
import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/// `bsee refresh --config FILE.yml [--base-dir DIR] [--site URL] [--json]`: runs the refresh a
/// configuration file describes (the Python system's `data_refresh.yml` and
/// `data_refresh_enhanced.yml` run as they are) and prints what happened.
///
/// `bsee refresh --base-dir DIR --sources all|ID[,ID...] [--site URL] [--json]`: the enhanced path
/// without a configuration file, for catalog sources, with conditional requests (a repeat on an
/// unchanged site costs one small request per archive).
@Command(name = "refresh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the refresh a YAML configuration describes: the legacy path (local zip folders),"
                + " the enhanced path (download from BSEE), both or neither, and prints a summary. Exits with 1"
                + " when any source failed, with 2 when the configuration is missing, unreadable or invalid, no source ran"
                + " or no base directory is known.",
                "Without --config, --sources names the catalog sources to download (enhanced path, conditional"
                + " requests)."})
final class RefreshCommand implements Callable<Integer>, BseeCommand.WritesFiles {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE.yml",
            description = "The configuration file (data_refresh.yml style, data_refresh_enhanced.yml style, or both).")
    private Path config;

    // The label shows the list's syntax itself: picocli's own for a split option repeated it.
    @Option(names = "--sources", paramLabel = "all|ID[,ID...]", split = ",", hideParamSyntax = true,
            description = "Without --config: the catalog sources to download, by id (apd, fmp, ogora, ...) or"
                    + " Python name (well, production), or all.")
    private List<String> sources;

    @Option(names = "--site", paramLabel = "URL",
            // An address or a dotted key starts a line of its own: picocli wraps at a dot followed
            // by a letter, which split `site.` from `base_url`, so copied text broke.
            description = {"The site every catalog address is relative to, e.g. a mirror; by default the"
                    + " configuration's", "  site.base_url, else https://www.data.bsee.gov/"})
    private URI site;

    @Option(names = "--base-dir", converter = BseeCommand.FolderPath.class, paramLabel = "DIR",
            description = "The directory outputs and relative paths resolve against when the configuration"
                    + " has no absolute output.base_dir. One of the two is required: the tool never writes under"
                    + " the directory it happens to be started from.")
    private Path baseDirectory;

    @Option(names = "--json", description = "Print the report as JSON instead of a summary.")
    private boolean json;

    @Mixin
    private ProgressOption progress;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "60", converter = BseeCommand.Seconds.class,
            description = "How long a source waits for another refresh or convert writing the same folder (default: ${DEFAULT-VALUE}).")
    private Duration lockWait;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Mistakes in the options are usage errors as picocli's own are: the same `Try` line, and the
        // same JSON document under --json.
        if ((config == null) == (sources == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "name either --config FILE.yml or --sources all|ID[,ID...]");
        }
        if (sources != null && (sources.isEmpty() || sources.stream().anyMatch(String::isBlank))) {
            // `--sources ,` splits into no names: with none, the default sources would run.
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sources has an empty name: write all, or source ids separated by commas (apd,fmp)");
        }
        RefreshReport report;
        // Progress and diagnostics go to stderr, so stdout holds only the summary or the JSON report.
        boolean reasonsShown;
        try (ConsoleProgress listener = progress.listener(err)) {
            // The listener prints the router's reasons as they come, unless progress is off; under
            // -v the library's records of them are printed.
            reasonsShown = ConsoleProgress.showsNotices()
                    || CliLogging.verbosity(spec.root().commandLine().getParseResult()) > 0;
            RefreshConfig settings = config != null ? RefreshConfig.fromYaml(config) : sourcesOnly(spec.commandLine(), sources);
            if (site != null) {
                try {
                    settings = settings.toBuilder().site(site).build();
                } catch (IllegalArgumentException e) {
                    // Named as status and portal name it: the option, not the library's "a site base".
                    throw new CommandLine.ParameterException(spec.commandLine(), "--site: " + e.getMessage());
                }
            }
            // The router's reasons speak of configuration keys (`data.war is not set, and other
            // sources are selected`): with --sources the user wrote none, and asked for no other
            // source, so its reasons give way to one line of the option's own.
            Set<String> routerReasons = java.util.concurrent.ConcurrentHashMap.newKeySet();
            dev.bsee.core.ProgressListener forwarded = config != null ? listener : event -> {
                if (!(event instanceof dev.bsee.core.ProgressEvent.Notice notice && notice.source().equals("refresh")
                        && routerReasons.contains(notice.message()))) {
                    listener.onEvent(event);
                }
            };
            BseeRefresh.Builder builder = BseeRefresh.builder()
                    .config(settings)
                    .lockWait(lockWait)
                    .listener(forwarded);
            ProxyVariables.environment().ifPresent(proxies -> {
                builder.proxy(proxies);
                proxies.authenticator().ifPresent(builder::authenticator);
            });
            if (baseDirectory != null) {
                builder.baseDirectory(baseDirectory);
            }
            BseeRefresh refresh = builder.build();
            String optionReason = "enhanced path runs for --sources: "
                    + String.join(", ", refresh.decision().enhancedSources());
            if (config == null) {
                routerReasons.addAll(refresh.decision().reasons());
            }
            if (refresh.decision().runsAnything()) {
                BseeCommand.sayBaseDirectoryOverride(err, "refresh", baseDirectory, settings, config);
            }
            if (refresh.decision().runsAnything() && refresh.baseDirectory().isEmpty()) {
                // The same rule as the Java API: outputs go where the caller says, never under
                // whatever directory the tool happens to be started from.
                return fail(BseeCommand.USAGE, "no base directory for the outputs: pass --base-dir DIR"
                        + (config == null ? "" : ", or set output.base_dir to an absolute path in "
                        + SafeText.escape(config.toString())));
            }
            Optional<String> notAFolder = refresh.baseDirectory().flatMap(MessageText::notAFolder);
            if (refresh.decision().runsAnything() && notAFolder.isPresent()) {
                // Said once, not as every source's failure to make its folder under it.
                return fail(BseeCommand.USAGE, "the base directory " + notAFolder.get());
            }
            if (config == null) {
                // After the checks above: "runs" and then a refusal said two contrary things.
                listener.onEvent(new dev.bsee.core.ProgressEvent.Notice("refresh", optionReason));
            }
            // Checked once the configuration is read: an invalid one is a usage error first, and the
            // need grows with the sources that run.
            RefreshDecision decision = refresh.decision();
            Optional<String> tooFewFiles = OpenFileLimit.refreshRefusal(decision.legacySources().size()
                    + decision.enhancedSources().size());
            if (decision.runsAnything() && tooFewFiles.isPresent()) {
                return fail(BseeCommand.FAILED, tooFewFiles.get());
            }
            // Ctrl-C or kill: each folder keeps a complete version or a journaled commit, and the
            // next command that takes its lock finishes or removes what the signal left.
            // The refresh has no last step of the hook's: it commits each source in turn. A stop just
            // after a commit said only "stopped", which a scheduler read as "nothing was refreshed".
            String left = STOPPED;
            try (StopHook onStop = new StopHook("refresh", () -> { }, listener, err, () -> left, left)) {
                report = refresh.run();
            }
            if (config == null) {
                // The JSON's reasons too: the router's name keys of a configuration the user never wrote.
                RefreshDecision ran = report.decision();
                report = new RefreshReport(new RefreshDecision(ran.legacy(), ran.enhanced(), ran.legacySources(),
                        ran.enhancedSources(), List.of(optionReason)), report.sources(), report.warnings(),
                        report.started(), report.duration());
            }
        } catch (ConfigException e) {
            // A usage error, as a wrong option is: a scheduler tells a file to fix from a failed download.
            return fail(BseeCommand.USAGE, e.getMessage());
        } catch (IllegalArgumentException e) {
            // The message may quote a --sources name or an address as typed.
            return fail(BseeCommand.USAGE, SafeText.escape(SafeText.withoutUserInfo(e.getMessage())));
        } catch (java.nio.file.NoSuchFileException e) {
            return fail(String.valueOf(config).equals(e.getFile()) ? BseeCommand.USAGE : BseeCommand.FAILED,
                    "no such file or folder: " + SafeText.escape(e.getFile()));
        } catch (IOException e) {
            // As a missing one: the file to fix is the configuration, and no source ran.
            return fail(BseeCommand.USAGE, BseeCommand.configurationUnread(config, e));
        }
        filesWritten = report.sources().isEmpty() ? Optional.empty() : Optional.of("the refresh ran (" + outcome(report)
                + ") and its folders hold what it committed (bsee status shows them); only its "
                + (json ? "JSON report" : "summary") + " could not be printed");
        if (json) {
            JsonFailure.report(out, report.toJson());
        } else {
            printSummary(report, out);
        }
        out.flush();
        if (report.sources().isEmpty()) {
            // A scheduled run that refreshes nothing is a configuration mistake, not a success.
            // Every reason: the last alone (the enhanced path is off) hid the one that mattered (the
            // legacy path's source has no zip folder), and --progress none prints none of them.
            // The report (sources: []) is the JSON of this case, printed above.
            err.println("bsee refresh: no source ran" + (reasonsShown ? " (the reasons are above)"
                    : ": " + String.join("; ", report.decision().reasons())));
            err.flush();
            return BseeCommand.USAGE;
        }
        return report.succeeded() ? 0 : BseeCommand.FAILED;
    }

    /// What a refresh stopped by a signal says: the JVM's exit finishes a commit under way first.
    static final String STOPPED = "stopped; a folder whose commit had begun holds this refresh's version (a commit"
            + " under way is finished first), any other the version before; the next refresh or bsee status finishes"
            + " or removes what it left in its folders";

    private int fail(int exitCode, String message) {
        return JsonFailure.fail(spec.commandLine(), json, exitCode, message);
    }

    /// The enhanced path for the named catalog sources, asking the server "changed since?" every time.
    private static RefreshConfig sourcesOnly(CommandLine command, List<String> names) {
        SourceCatalog catalog = SourceCatalog.of();
        RefreshConfig.Builder builder = RefreshConfig.builder().enhancedRefresh(true)
                .cache(new RefreshConfig.Cache(true, Duration.ZERO));
        for (String name : names) {
            String given = name.strip();
            // In any case, as --dialect, --progress and --format take their values: `WELL` is well.
            String lower = given.toLowerCase(java.util.Locale.ROOT);
            String id = catalog.find(given).isEmpty() && (lower.equals(RefreshRouter.ALL) || catalog.find(lower).isPresent())
                    ? lower : given;
            if (!id.equals(RefreshRouter.ALL) && catalog.find(id).isEmpty()) {
                List<String> known = new ArrayList<>(List.of(RefreshRouter.ALL));
                catalog.sources().forEach(source -> known.add(source.id()));
                known.addAll(catalog.aliases().keySet());
                String nearest = NearestWord.closest(id, known)
                        .map(match -> "; did you mean " + match + "?").orElse("");
                throw new CommandLine.ParameterException(command, SafeText.escape("--sources: no catalog source " + id
                        + nearest + " (known: all, " + String.join(", ", catalog.sources().stream().map(BseeSource::id)
                        .toList()) + ", and " + String.join(", ", catalog.aliases().keySet()) + ")"));
            }
            builder.source(id, true);
        }
        return builder.build();
    }

    /// The result on standard output: a line per source, a line per file written, a last line
    /// with the counts. Why sources ran or not, why one failed, and configuration warnings, are
    /// diagnostics the refresh has already reported on standard error.
    static void printSummary(RefreshReport report, PrintWriter out) {
        for (SourceReport source : report.sources()) {
            out.printf(Locale.ROOT, "%-8s %-12s %-9s %s%n", source.path().label(), source.source(),
                    source.outcome().name().toLowerCase(Locale.ROOT), details(source));
            // Before its files: a completed commit of an earlier, killed refresh is what the folder
            // changed from, and this run's listing and change record compare with it. Only that
            // repair: the others are housekeeping, or warnings standard error has said already.
            source.repairs().stream().filter(OutputFolder::completedCommit)
                    .forEach(repair -> out.println("    repaired: " + SafeText.escape(repair)));
            // Files whose bytes are what the last refresh wrote say so: a series of 32 years whose one
            // year changed listed all 32 as if written.
            Set<String> unchanged = source.fileChanges().stream().filter(file -> file.status() == FileChange.Status.UNCHANGED)
                    .map(FileChange::file).collect(java.util.stream.Collectors.toSet());
            for (FileReport file : source.files()) {
                out.printf(Locale.ROOT, "    %-40s %s%s%n", SafeText.escape(file.file()), rowsAndColumns(file),
                        unchanged.contains(file.file()) ? "  (unchanged)" : "");
            }
            source.removedFiles().forEach(file -> out.println("    removed " + SafeText.escape(file)
                    + " (its entry is gone from the archive)"));
            // A kept file the team deleted is no longer listed: said here as the notice said it, or
            // the summary, a program's only record of the run, showed nothing of it.
            source.fileChanges().stream().filter(file -> file.status() == FileChange.Status.MISSING)
                    .forEach(file -> out.println("    no longer listed " + SafeText.escape(file.file())
                            + " (deleted from the folder since the last refresh)"));
            // A file that stood under the name as no manifest lists it (the Python system's, an
            // analyst's, one rewritten since) was replaced, not added or unchanged: said with what it
            // held, or why that is unknown.
            source.fileChanges().stream().filter(file -> file.status() == FileChange.Status.REPLACED)
                    .forEach(file -> out.println("    replaced " + SafeText.escape(file.file())
                            + ", whose content the source's last refresh did not write" + file.previousUnreadable()
                            .map(why -> ", and which could not be read: " + SafeText.escape(why))
                            .orElseGet(() -> " (" + MessageText.count(file.change().rowsBefore().orElseThrow(), "row")
                                    + ")")));
            // On a folder's first refresh every file is new, and saying so of each is noise; a
            // folder that held files before (the Python system's, replaced) is no first refresh,
            // though its rows before may be unknown.
            boolean heldFilesBefore = source.fileChanges().stream().anyMatch(file -> file.status() != FileChange.Status.ADDED);
            source.fileChanges().stream().filter(file -> file.status() == FileChange.Status.ADDED && heldFilesBefore)
                    .forEach(file -> out.println("    new file " + SafeText.escape(file.file())));
            source.schemaDrift().forEach(reason -> out.println("    schema drift: " + reason));
            // A failed source's error is a diagnostic, printed on standard error as it happened (once:
            // repeated here, it reached a terminal twice); `--json` carries it for programs.
        }
        if (!report.schemaDrift().isEmpty()) {
            // A source both paths refreshed is named once.
            out.println("schema drift in " + report.schemaDrift().stream().map(SourceReport::source).distinct()
                    .collect(java.util.stream.Collectors.joining(", ")) + " (see above)");
        }
        out.println(outcome(report));
    }

    /// The refresh's outcome in a few words: `all 5 sources succeeded`, `2 of 5 sources failed`.
    static String outcome(RefreshReport report) {
        int ran = report.sources().size();
        long failed = report.failures().size();
        return ran == 0 ? "nothing ran"
                : failed == 0 ? (ran == 1 ? "the source succeeded" : "all " + MessageText.count(ran, "source") + " succeeded")
                : ran == 1 ? "the source failed"
                : MessageText.number(failed) + " of " + MessageText.count(ran, "source") + " failed";
    }

    /// What the refresh did, once it ran (see [BseeCommand.WritesFiles]).
    private Optional<String> filesWritten = Optional.empty();

    @Override
    public Optional<String> filesWritten() {
        return filesWritten;
    }

    /// A written file's rows and columns, `12,345 rows  19 columns`, right-aligned so that the lines
    /// of a listing line up (the refresh's summary, the demo's report).
    static String rowsAndColumns(FileReport file) {
        return String.format(Locale.ROOT, "%17s %11s", MessageText.count(file.rows(), "row"),
                MessageText.count(file.columns().size(), "column"));
    }

    /// What a source's line says after its outcome: what it read and where its files are.
    static String details(SourceReport source) {
        // The folder is under --base-dir or output.base_dir, as the user wrote it.
        String folder = SafeText.escape(source.outputDirectory().toString());
        String read = String.format(Locale.ROOT, "%s read, %s, %.1f s", MessageText.count(source.bytes(), "byte"),
                MessageText.count(source.attempts(), "attempt"), source.duration().toMillis() / 1000.0);
        return switch (source.outcome()) {
            case UPDATED -> String.format(Locale.ROOT, "%s, %s, %s -> %s", MessageText.count(source.files().size(), "file"),
                    MessageText.count(source.rows(), "row"), read, folder);
            case UNCHANGED -> read + "; kept " + folder;
            // A commit that failed among its moves is undone; one that failed after them goes forward.
            case FAILED -> read + (!commitPending(source.outputDirectory()) ? "; nothing changed in " + folder
                    + (source.repairs().stream().anyMatch(OutputFolder::completedCommit) ? " after the repair below" : "")
                    : failedOnTheJournal(source) ? "; a commit into " + folder + " is pending, which this refresh could"
                    + " not complete (see the error)"
                    // The journal is the commit of the run that holds the folder, alive: it completes it.
                    : lockedByAnother(source) ? "; nothing changed in " + folder + " by this refresh; the one holding it"
                    + " is committing into it"
                    : "; a commit into " + folder + " is pending: the next refresh or `bsee status` completes it");
        };
    }

    /// Whether the source failed on its pending commit's journal itself (one a newer version left,
    /// one this user may not read): its error names the journal and what to do, and the next
    /// refresh or `bsee status` of this version meets the same journal.
    private static boolean failedOnTheJournal(SourceReport source) {
        String journal = OutputFolder.of(source.outputDirectory()).journalFile().toString();
        return source.errors().stream().anyMatch(error -> error.message().contains(journal));
    }

    /// Whether the source failed waiting for the folder's lock, which another run still held.
    private static boolean lockedByAnother(SourceReport source) {
        String lock = "(lock file " + OutputFolder.of(source.outputDirectory()).lockFile() + ")";
        return source.errors().stream().anyMatch(error -> error.message().contains(lock));
    }

    /// Whether a journal of an unfinished commit is on record for `folder`; never for a folder
    /// that cannot be a source's (`/`, refused before anything was written).
    private static boolean commitPending(Path folder) {
        try {
            return OutputFolder.of(folder).hasJournal();
        } catch (IllegalArgumentException noSourceFolder) {
            return false;
        }
    }
}
