package dev.bsee.examples.mirror;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/// Generated archives for every catalog source the three hand-made demo archives do not stand for:
/// the real archive paths and expected entry names, plausible BSEE shapes.
///
/// - A consolidated `*RawData.zip` keeps its entries in a folder named after the archive
///   (`FMPRawData/mv_fmplist.txt`), as the data center's 2025 archives do; other archives
///   (`dsptsdelimit.ZIP`, the yearly production) keep them at the top.
/// - The entries are the catalog's expected ones; where the catalog publishes none, one entry named
///   after the archive (`eWellEORRawData.zip` gives `mv_ewelleor.txt`), since the real names are
///   not known here.
/// - Each entry has a header row, a negative surrogate key, a lease or API well number, area and
///   block, an operator, a date in BSEE's `M/d/yyyy h:mm:ss a` form, a water depth and a status
///   code (sometimes missing); 24 rows of one line each.
/// - The yearly production series gets one archive per year from its first year to `currentYear`,
///   each with one headerless entry `ogora{YYYY}delimit.txt` of the 19 production columns, and the
///   latest-month archive with `ogoradelimit.txt`.
final class CatalogArchives {

    private static final int ROWS = 24;
    private static final int PRODUCTION_ROWS = 12;

    private CatalogArchives() {
    }

    /// Archives for the catalog's sources, except those in `covered`.
    ///
    /// @param catalog the catalog (its addresses' paths are used)
    /// @param currentYear the last year of a yearly series
    /// @param covered ids with a hand-made demo archive
    /// @return the archives, in catalog order
    static List<DemoArchives.Archive> generate(SourceCatalog catalog, int currentYear, Set<String> covered) {
        List<DemoArchives.Archive> archives = new ArrayList<>();
        for (BseeSource source : catalog.sources()) {
            if (covered.contains(source.id())) {
                continue;
            }
            if (source.yearly().isPresent()) {
                for (BseeSource.Archive archive : source.archives(currentYear)) {
                    String entry = archive.name().substring(0, archive.name().lastIndexOf('.')) + ".txt";
                    int year = yearOf(archive.name(), currentYear);
                    DemoArchives.ArchiveBuilder zip = new DemoArchives.ArchiveBuilder(source.id(), archive.uri().getPath());
                    zip.add(entry, List.of(), PRODUCTION_ROWS, values -> DemoArchives.productionRow(values, year));
                    archives.add(zip.build());
                }
                continue;
            }
            String path = source.uri().getPath();
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            String base = fileName.substring(0, fileName.lastIndexOf('.'));
            String folder = base.endsWith("RawData") ? base + "/" : "";
            DemoArchives.ArchiveBuilder zip = new DemoArchives.ArchiveBuilder(source.id(), path);
            if (!folder.isEmpty()) {
                zip.folder(folder);
            }
            for (String entry : entries(source, base)) {
                zip.add(folder + entry + ".txt", header(entry), ROWS, values -> row(values, entry));
            }
            archives.add(zip.build());
        }
        return archives;
    }

    private static int yearOf(String name, int currentYear) {
        String digits = name.replaceAll("\\D", "");
        return digits.length() == 4 ? Integer.parseInt(digits) : currentYear;
    }

    /// The catalog's expected entries in name order, or one named after the archive.
    static List<String> entries(BseeSource source, String archiveBase) {
        if (!source.expectedEntries().isEmpty()) {
            return List.copyOf(new TreeSet<>(source.expectedEntries()));
        }
        return List.of("mv_" + archiveBase.replace("RawData", "").toLowerCase(Locale.ROOT));
    }

    private static List<String> header(String entry) {
        String key = "SN_" + entry.replaceFirst("^(mv|scan|ocsprod)_", "").toUpperCase(Locale.ROOT);
        return List.of(key, "LEASE_NUMBER", "API_WELL_NUMBER", "AREA_CODE", "BLOCK_NUMBER", "MMS_COMPANY_NUM",
                "BUS_ASC_NAME", "EFFECTIVE_DATE", "WATER_DEPTH", "STATUS_CODE");
    }

    private static IntFunction<List<String>> row(DemoValues values, String entry) {
        int keyBase = 100_000 + Math.floorMod(entry.hashCode(), 800_000);
        return row -> {
            DemoValues.Well well = values.well(row);
            return List.of(DemoValues.key(keyBase, row), well.lease(), well.api(), well.area(),
                    Integer.toString(well.block()), String.format(Locale.ROOT, "%05d", well.operatorNumber()),
                    well.operator(), values.dateTime(1998, 2025), Integer.toString(values.between(10, 9_800)),
                    values.orEmpty(values.chance(0.5) ? "ACT" : "TERM", 0.2));
        };
    }
}
