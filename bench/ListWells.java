import dev.bsee.binary.store.BinStore;
import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;

import java.nio.file.Path;
import java.util.TreeSet;

/// Prints N API well numbers of one production table, evenly spread over its distinct values, one
/// per line: the well set of the read benchmark (bench/ab.sh).
///
/// Usage: java -cp bsee.jar bench/ListWells.java BIN_DIR TABLE N
public final class ListWells {
    public static void main(String[] args) throws Exception {
        Table table = BinStore.open(Path.of(args[0])).read(args[1]);
        Int64Column wells = (Int64Column) table.column("API_WELL_NUMBER");
        TreeSet<Long> distinct = new TreeSet<>();
        for (int row = 0; row < wells.size(); row++) {
            distinct.add(wells.get(row));
        }
        int n = Integer.parseInt(args[2]);
        int step = Math.max(1, distinct.size() / n);
        int index = 0;
        int printed = 0;
        for (long well : distinct) {
            if (index++ % step == 0 && printed < n) {
                System.out.println(well);
                printed++;
            }
        }
    }
}
