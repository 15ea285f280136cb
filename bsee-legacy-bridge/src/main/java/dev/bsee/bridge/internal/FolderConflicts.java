package dev.bsee.bridge.internal;

import dev.bsee.core.SourceCatalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// Which sources of a refresh cannot run because of where their files would go, found before any
/// of them runs. A folder holds one source's files: its manifest, lock and journal track one
/// source, so two sources in one folder replaced each other's files of the same name, and each
/// refresh made the other's untracked. A folder inside another source's folder, or the outer one,
/// takes the other's names for its own (a subfolder where a `.bin` file goes; a `.bsee` beside it
/// inside the other's folder). Folders are compared as the file system resolves them, so a link
/// on the way to one does not hide that it is another's.
public final class FolderConflicts {

    private FolderConflicts() {
    }

    /// The reason each conflicting plan cannot run, by its index in `plans`; plans absent from the
    /// map can run.
    ///
    /// @param plans every plan of the refresh, on both paths
    /// @param base the absolute base directory
    /// @return the reasons
    public static Map<Integer, String> find(List<SourcePlan> plans, Path base) {
        return find(plans, base, Map.of());
    }

    /// As [#find(List, Path)], and also refusing a plan whose folder lies inside (or holds) the
    /// folder of a catalog source that is not in this refresh: `parameters.filepath.ogora.bin:
    /// .../bin/production_raw/ogora` put a folder, and `.bsee` beside it, among production's `.bin`
    /// files, which the analysis code loads one by one (`IsADirectoryError`), exit 0.
    ///
    /// @param plans every plan of the refresh, on both paths
    /// @param base the absolute base directory
    /// @param catalogFolders the folder of each catalog source as the configuration places it
    /// @return the reasons
    public static Map<Integer, String> find(List<SourcePlan> plans, Path base, Map<String, Path> catalogFolders) {
        return find(plans, base, catalogFolders, Map.of());
    }

    /// As [#find(List, Path, Map)], and also refusing a plan whose folder is, or holds, the zip folder
    /// of a source this refresh does not run (`parameters.filepath.apm.zip` with `data.apm: false`):
    /// its `.bin` files went beside that source's zips, exit 0.
    ///
    /// @param plans every plan of the refresh, on both paths
    /// @param base the absolute base directory
    /// @param catalogFolders the folder of each catalog source as the configuration places it
    /// @param zipFolders the zip folder of each source the configuration gives one, absolute
    /// @return the reasons
    public static Map<Integer, String> find(List<SourcePlan> plans, Path base, Map<String, Path> catalogFolders,
                                            Map<String, Path> zipFolders) {
        Map<Integer, String> refused = new LinkedHashMap<>();
        List<Path> resolved = new ArrayList<>();
        for (SourcePlan plan : plans) {
            resolved.add(resolved(plan.outputFolder()));
        }
        Path root = resolved(base.resolve(SourcePlan.BIN_ROOT));
        // Resolved once, not once for each plan: every catalog source's folder, each a walk of links.
        Map<String, Path> catalogResolved = new LinkedHashMap<>();
        catalogFolders.forEach((id, folder) -> catalogResolved.put(id, resolved(folder)));
        // Whose zips are read from where: the plans' own, then those of sources this refresh leaves out.
        List<Map.Entry<String, Path>> zipReaders = new ArrayList<>();
        for (SourcePlan plan : plans) {
            plan.zipLocation().ifPresent(zips -> zipReaders.add(Map.entry(plan.id(), resolved(zips))));
        }
        zipFolders.forEach((id, zips) -> {
            if (plans.stream().noneMatch(plan -> plan.id().equals(id) && plan.zipLocation().isPresent())) {
                zipReaders.add(Map.entry(id, resolved(zips)));
            }
        });
        for (int i = 0; i < plans.size(); i++) {
            SourcePlan plan = plans.get(i);
            Optional<String> unusable = unusable(plan, resolved.get(i), root);
            if (unusable.isPresent()) {
                refused.put(i, refusal(plan, unusable.get()));
                continue;
            }
            Path folder = resolved.get(i);
            // The source's own zips first, then any other source's: the refresh wrote its files beside
            // the zips and succeeded; the folder then held a zip (or a folder of them) that the
            // analysis code, which loads every file there, fails on, and `bsee status` called the
            // folder broken.
            Optional<String> zipsInside = Optional.empty();
            List<Map.Entry<String, Path>> ownFirst = new ArrayList<>(zipReaders);
            ownFirst.sort((a, b) -> Boolean.compare(!a.getKey().equals(plan.id()), !b.getKey().equals(plan.id())));
            for (Map.Entry<String, Path> reader : ownFirst) {
                Path zips = reader.getValue();
                if (zipsInside.isEmpty() && zips.startsWith(folder)) {
                    String whose = reader.getKey().equals(plan.id()) ? "its zips are" : "source " + reader.getKey() + "'s zips are";
                    zipsInside = Optional.of((zips.equals(folder) ? "the folder" : "a folder holding "
                            + zips + ", where") + " " + whose + " read from (parameters.filepath."
                            + reader.getKey() + ".zip): an output folder holds .bin files only, since the"
                            + " analysis code loads every file there; give the zips and the .bin files folders of their own");
                }
            }
            if (zipsInside.isPresent()) {
                refused.put(i, refusal(plan, zipsInside.get()));
                continue;
            }
            Optional<String> nested = nestedInCatalogFolder(plan, folder, plans, catalogFolders, catalogResolved);
            if (nested.isPresent()) {
                refused.put(i, refusal(plan, nested.get()));
                continue;
            }
            for (int j = 0; j < plans.size(); j++) {
                SourcePlan other = plans.get(j);
                if (j == i || other.id().equals(plan.id())) {
                    continue;
                }
                Path mine = resolved.get(i);
                Path theirs = resolved.get(j);
                String relation = mine.equals(theirs) ? "the folder source " + other.id() + " writes to"
                        : mine.startsWith(theirs) ? "inside the folder of source " + other.id() + " (" + other.outputFolder() + ")"
                        : theirs.startsWith(mine) ? "which holds the folder of source " + other.id() + " (" + other.outputFolder() + ")"
                        : null;
                if (relation != null) {
                    refused.put(i, refusal(plan, relation + ": a folder holds one source's files, so the two would"
                            + " replace and orphan each other's; give each a folder of its own"));
                    break;
                }
            }
        }
        return refused;
    }

    /// Whether `folder` lies strictly inside, or strictly holds, the folder of a catalog source that
    /// has no plan in this refresh (those that have are compared plan by plan).
    private static Optional<String> nestedInCatalogFolder(SourcePlan plan, Path folder, List<SourcePlan> plans,
                                                          Map<String, Path> catalogFolders,
                                                          Map<String, Path> catalogResolved) {
        for (Map.Entry<String, Path> other : catalogFolders.entrySet()) {
            String id = other.getKey();
            if (id.equals(plan.id()) || plans.stream().anyMatch(p -> p.id().equals(id))) {
                continue;
            }
            Path theirs = catalogResolved.get(id);
            if (folder.equals(theirs)) {
                continue;
            }
            if (folder.startsWith(theirs)) {
                return Optional.of("inside the folder of source " + id + " (" + other.getValue() + "), among its .bin"
                        + " files: the analysis code loads every file there, and a folder among them fails it; give"
                        + " the source a folder of its own");
            }
            if (theirs.startsWith(folder)) {
                return Optional.of("which holds the folder of source " + id + " (" + other.getValue() + "): its .bin"
                        + " files would lie beside that folder, which the analysis code would load as one of them;"
                        + " give the source a folder of its own");
            }
        }
        return Optional.empty();
    }

    /// Why `plan`'s folder can take no source's files whatever the other plans are (in the tool's
    /// bookkeeping, a convert's temporaries, the folder of every source's folder or one holding it),
    /// as `source ID (PATH) would write to FOLDER, WHY (KEYS)`; empty when it can. `bsee status`
    /// checks no such folder as a source's: its other files would be "not belonging" there.
    ///
    /// @param plan the plan
    /// @param base the absolute base directory
    /// @return the reason, or empty
    public static Optional<String> unusable(SourcePlan plan, Path base) {
        return unusable(plan, resolved(plan.outputFolder()), resolved(base.resolve(SourcePlan.BIN_ROOT)))
                .map(why -> "source " + plan.id() + " (" + plan.path().label() + ") would write to " + plan.outputFolder()
                        + ", " + why + keys(plan));
    }

    private static Optional<String> unusable(SourcePlan plan, Path folder, Path root) {
        Optional<String> unusable = SourcePlan.unusableBin(folder).or(() -> SourcePlan.unusableBin(plan.outputFolder()));
        if (unusable.isPresent()) {
            return Optional.of("which must be " + unusable.get());
        }
        if (folder.equals(root)) {
            return Optional.of("the folder that holds every source's folder; it needs a folder of its own");
        }
        // The base directory or a folder above it: its files would lie beside data/, and its
        // manifest, lock and temporaries outside the base directory altogether.
        if (root.startsWith(folder)) {
            return Optional.of("a folder that holds " + SourcePlan.BIN_ROOT.toString().replace('\\', '/')
                    + ", where every source's folder is; it needs a folder of its own");
        }
        // A path the system cannot take, or without room for the bookkeeping below it: refused before
        // its folders are made (the lock's), not after the conversion on "File name too long".
        return dev.bsee.core.internal.MessageText.pathTooLong(plan.outputFolder()).map(why -> "where " + why);
    }

    /// `source ID (PATH) would write to FOLDER, WHY (KEYS); nothing was written`.
    private static String refusal(SourcePlan plan, String why) {
        return "source " + plan.id() + " (" + plan.path().label() + ") would write to " + plan.outputFolder() + ", "
                + why + keys(plan) + "; nothing was written";
    }

    /// The keys that place the source's folder, under its id and its Python names (`production` for
    /// `production_raw`), as the configuration may spell them.
    private static String keys(SourcePlan plan) {
        List<String> names = new ArrayList<>(List.of(plan.id()));
        SourceCatalog.of().aliases().forEach((alias, id) -> {
            if (id.equals(plan.id())) {
                names.add(alias);
            }
        });
        return " (" + String.join(" or ", names.stream().map(name -> "parameters.filepath." + name + ".bin").toList())
                + ", or sources." + plan.id() + ".output)";
    }

    /// The folder as the file system resolves it: the longest part that exists with its links
    /// followed, then the names below it that do not exist yet.
    static Path resolved(Path folder) {
        Path absolute = dev.bsee.core.internal.SystemPaths.absolute(folder);
        Deque<Path> missing = new ArrayDeque<>();
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                Path real = existing.toRealPath();
                for (Path name : missing) {
                    real = real.resolve(name);
                }
                return real;
            } catch (IOException | SecurityException notThere) {
                if (existing.getFileName() != null) {
                    missing.addFirst(existing.getFileName());
                }
            }
        }
        return absolute;
    }
}
