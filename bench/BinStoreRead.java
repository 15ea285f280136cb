import dev.bsee.binary.store.BinStore;
import dev.bsee.binary.store.Condition;
import dev.bsee.binary.store.Query;
import dev.bsee.core.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/// The Java side of the BinStore benchmark (bench/production.sh): reads one table of a folder of
/// .bin files keeping two columns and the rows whose API_WELL_NUMBER is in a set, like
/// `df = pd.read_pickle(f); df[df.API_WELL_NUMBER.isin(wells)][[A, B]]`.
///
/// Usage: java -cp bsee.jar:CLASSES BinStoreRead BIN_DIR TABLE WELLS_FILE COLUMN COLUMN
public final class BinStoreRead {
    public static void main(String[] args) throws Exception {
        Set<Long> wells = Files.readAllLines(Path.of(args[2])).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).map(Long::valueOf).collect(Collectors.toSet());
        Table kept = BinStore.open(Path.of(args[0])).read(args[1],
                Query.columns(args[3], args[4]).where("API_WELL_NUMBER", Condition.isIn(wells)));
        System.out.println(kept.rowCount() + " rows");
    }
}
