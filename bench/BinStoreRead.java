import dev.bsee.binary.store.BinStore;
import dev.bsee.binary.store.Condition;
import dev.bsee.binary.store.Query;
import dev.bsee.core.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/// The Java side of the read benchmark (bench/ratios.sh, bench/ab.sh): reads tables of a folder of
/// .bin files keeping two columns and the rows whose API_WELL_NUMBER is in a set, like
/// `df = pd.read_pickle(f); df[df.API_WELL_NUMBER.isin(wells)][[A, B]]` for each, and prints the
/// rows kept in all.
///
/// Usage: java -cp CLASSPATH:CLASSES BinStoreRead BIN_DIR TABLE[,TABLE...] WELLS_FILE COLUMN COLUMN
public final class BinStoreRead {
    public static void main(String[] args) throws Exception {
        Set<Long> wells = Files.readAllLines(Path.of(args[2])).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).map(Long::valueOf).collect(Collectors.toSet());
        BinStore store = BinStore.open(Path.of(args[0]));
        Query query = Query.columns(args[3], args[4]).where("API_WELL_NUMBER", Condition.isIn(wells));
        long rows = 0;
        for (String table : args[1].split(",")) {
            Table kept = store.read(table, query);
            rows += kept.rowCount();
        }
        System.out.println(rows + " rows");
    }
}
