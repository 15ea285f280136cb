package dev.bsee.binary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.Table;
import dev.bsee.core.peer.Fixtures;
import dev.bsee.core.peer.PandasPeer;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/// Throughput of writing and reading production-sized tables, Java against pandas on the same data in
/// the same run. Not part of the suite (its name matches no test pattern); run it with
///
/// ```sh
/// mvn -q verify -pl bsee-binary -am -Dtest=PickleWriteBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbsee.peers.required=true
/// ```
///
/// pandas 2.2 reads every entry of `ProductionRawData-2008-2024.zip` (341 MB of text) as the Python
/// system did and pickles it (`pickle.dump` to a file, and `pickle.dumps` in memory); Java reads each of
/// those pickles and writes the table again: to a file (buffered, like `pickle.dump`), to a discarding
/// stream (like `dumps`: encoding only), and atomically (temporary file, fsync, rename). Reading is
/// timed both ways on both kinds of file: pandas' pickles (strings written once and referenced from the
/// memo) and Java's (the same, by the writer's own plan), with `pickle.load` and with [PickleReader] (on the
/// heap, and with a [SpillingAllocator] of an 8 MiB heap budget, so larger tables spill). Java times are the best of three passes after a
/// warm-up pass; pandas times the best of two. Prints a table with each Java/pandas speed ratio and a
/// summary line for reading; asserts nothing about time.
class PickleWriteBenchmark {
    private static final List<String> PRODUCTION_COLUMNS = List.of("LEASE_NUMBER", "COMPLETION_NAME",
            "PRODUCTION_DATE", "DAYS_ON_PROD", "PRODUCT_CODE", "MON_O_PROD_VOL", "MON_G_PROD_VOL", "MON_WTR_PROD_VOL",
            "API_WELL_NUMBER", "WELL_STAT_CD", "AREA_CODE_BLOCK_NUM", "OPERATOR_NUM", "SORT_NAME", "BOEM_FIELD",
            "INJECTION_VOLUME", "PROD_INTERVAL_CD", "FIRST_PROD_DATE", "UNIT_AGT_NUMBER", "UNIT_ALOC_SUFFIX");

    private static final String TIMING = """
            import io, time, zipfile
            def best(f, times=2):
                result = None
                for _ in range(times):
                    t0 = time.perf_counter(); f(); t = time.perf_counter() - t0
                    result = t if result is None else min(result, t)
                return result
            """;

    private static final String PANDAS_SIDE = TIMING + """
            out = []
            with zipfile.ZipFile(args['zip']) as archive:
                for info in archive.infolist():
                    if info.is_dir():
                        continue
                    text = archive.read(info)
                    try:
                        frame = pd.read_csv(io.BytesIO(text), header=None, names=args['names'], low_memory=False, encoding='utf-8')
                    except UnicodeDecodeError:
                        frame = pd.read_csv(io.BytesIO(text), header=None, names=args['names'], low_memory=False,
                                            encoding='ISO-8859-1')
                    path = args['dir'] + '/' + info.filename.rsplit('/', 1)[-1].rsplit('.', 1)[0] + '.bin'
                    def dump():
                        with open(path, 'wb') as f:
                            pickle.dump(frame, f, protocol=4)
                    dump_seconds = best(dump)
                    dumps_seconds = best(lambda: pickle.dumps(frame, protocol=4))
                    load_seconds = best(lambda: load_pickle(path))
                    out.append({'entry': info.filename, 'text_bytes': len(text), 'rows': len(frame), 'path': path,
                                'dump': dump_seconds, 'dumps': dumps_seconds, 'load': load_seconds})
                    del frame, text
            result = out
            """;

    private static final String PANDAS_LOADS = TIMING + """
            result = [best(lambda: load_pickle(path)) for path in args['paths']]
            """;

    @Test
    void javaAgainstPandasOnTheProductionArchive() throws IOException {
        Path zip = Fixtures.file("bsee-zip/ProductionRawData-2008-2024.zip");
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            Path dir = peer.newFile("bench");
            Files.createDirectories(dir);
            JsonNode entries = peer.call(PANDAS_SIDE, Map.of("zip", peer.stage(zip), "names", PRODUCTION_COLUMNS,
                    "dir", peer.peerPath(dir)));
            Path spillDir = Files.createDirectories(dir.resolve("spill"));
            Path out = dir.resolve("java.bin");
            long textBytes = 0;
            long rows = 0;
            long pandasPickleBytes = 0;
            long javaPickleBytes = 0;
            double pandasDump = 0;
            double pandasDumps = 0;
            double pandasLoad = 0;
            int count = entries.size();
            double[] javaFile = new double[count];
            double[] javaEncode = new double[count];
            double[] javaAtomic = new double[count];
            double[] javaRead = new double[count];
            double[] javaReadSpilling = new double[count];
            double[] javaReadOwn = new double[count];
            List<Path> pickles = new ArrayList<>();
            List<Path> javaPickles = new ArrayList<>();
            for (JsonNode entry : entries) {
                Path pickle = dir.resolve(Path.of(entry.get("path").asText()).getFileName().toString());
                pickles.add(pickle);
                javaPickles.add(dir.resolve("java-" + pickle.getFileName()));
                pandasPickleBytes += Files.size(pickle);
                textBytes += entry.get("text_bytes").asLong();
                rows += entry.get("rows").asLong();
                pandasDump += entry.get("dump").asDouble();
                pandasDumps += entry.get("dumps").asDouble();
                pandasLoad += entry.get("load").asDouble();
            }
            PickleWriter writer = PickleWriter.of();
            PickleReader reader = PickleReader.of();
            for (int pass = 0; pass < 4; pass++) {
                for (int i = 0; i < count; i++) {
                    long start = System.nanoTime();
                    Table table = reader.read(pickles.get(i));
                    double read = seconds(start);
                    start = System.nanoTime();
                    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                        writer.write(table, file);
                    }
                    double toFile = seconds(start);
                    start = System.nanoTime();
                    writer.write(table, OutputStream.nullOutputStream());
                    double encode = seconds(start);
                    start = System.nanoTime();
                    writer.write(table, out, dir);
                    double atomic = seconds(start);
                    if (pass == 0) {
                        Files.copy(out, javaPickles.get(i));
                        javaPickleBytes += Files.size(out);
                        continue;
                    }
                    start = System.nanoTime();
                    reader.read(javaPickles.get(i));
                    double readOwn = seconds(start);
                    javaRead[i] = pass == 1 ? read : Math.min(javaRead[i], read);
                    javaReadOwn[i] = pass == 1 ? readOwn : Math.min(javaReadOwn[i], readOwn);
                    javaFile[i] = pass == 1 ? toFile : Math.min(javaFile[i], toFile);
                    javaEncode[i] = pass == 1 ? encode : Math.min(javaEncode[i], encode);
                    javaAtomic[i] = pass == 1 ? atomic : Math.min(javaAtomic[i], atomic);
                }
            }
            // Last, so that the JIT has seen only heap buffers while the other paths were timed.
            for (int pass = 0; pass < 4; pass++) {
                for (int i = 0; i < count; i++) {
                    try (SpillingAllocator allocator = SpillingAllocator.open(spillDir, 8L << 20)) {
                        long start = System.nanoTime();
                        PickleReader.builder().allocator(allocator).build().read(pickles.get(i));
                        double readSpilling = seconds(start);
                        if (pass > 0) {
                            javaReadSpilling[i] = pass == 1 ? readSpilling : Math.min(javaReadSpilling[i], readSpilling);
                        }
                    }
                }
            }
            double pandasLoadOwn = 0;
            for (JsonNode seconds : peer.call(PANDAS_LOADS, Map.of("paths", javaPickles.stream().map(peer::peerPath).toList()))) {
                pandasLoadOwn += seconds.asDouble();
            }
            double mb = textBytes / 1e6;
            System.out.printf("%nPickle codec benchmark: %d entries, %,d rows, %.1f MB of text, %.1f MB of pandas pickles, "
                            + "%.1f MB of Java pickles (%s; %s)%n",
                    count, rows, mb, pandasPickleBytes / 1e6, javaPickleBytes / 1e6, peer.versions(), Runtime.version());
            System.out.printf("%-52s %9s %12s %12s%n", "", "seconds", "MB text/s", "Java/pandas");
            line("pandas pickle.dump to file", pandasDump, mb, pandasDump);
            line("Java write to file (buffered)", sum(javaFile), mb, pandasDump);
            line("Java write to file, atomic (fsync, rename)", sum(javaAtomic), mb, pandasDump);
            line("pandas pickle.dumps (in memory)", pandasDumps, mb, pandasDumps);
            line("Java write to a discarding stream", sum(javaEncode), mb, pandasDumps);
            line("pandas pickle.load of pandas' pickles", pandasLoad, mb, pandasLoad);
            line("Java PickleReader.read of pandas' pickles", sum(javaRead), mb, pandasLoad);
            line("Java PickleReader.read of pandas' pickles, spilling", sum(javaReadSpilling), mb, pandasLoad);
            line("pandas pickle.load of Java's pickles", pandasLoadOwn, mb, pandasLoadOwn);
            line("Java PickleReader.read of Java's pickles", sum(javaReadOwn), mb, pandasLoadOwn);
            System.out.printf("Reading, Java/pandas speed: %.2f on pandas' pickles, %.2f on Java's pickles%n",
                    pandasLoad / sum(javaRead), pandasLoadOwn / sum(javaReadOwn));
        }
    }

    /// One row: seconds, text throughput, and speed relative to the pandas time (above 1: Java is faster).
    private static void line(String what, double seconds, double textMb, double pandasSeconds) {
        System.out.printf("%-52s %9.3f %12.1f %12.2f%n", what, seconds, textMb / seconds, pandasSeconds / seconds);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
