package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.Index;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Builds the [Table] from the shaped rows once the whole text is read: the column names (the header
/// decoded in the text's charset and de-duplicated by pandas' rules, or the layout's names), each
/// column typed by [ColumnConverter], and the implicit index.
///
/// Why it is separate: this is the part of `read_csv` that needs the whole text first (pandas infers
/// a column's type over all of its cells, and the charset is known only at the end), while the
/// tokenizer and the row shaper work record by record.
final class TextTableAssembler {

    private final TableLayout layout;
    private final BufferAllocator allocator;
    private final TextOrigin origin;

    /// @param layout header row, or column names for headerless text
    /// @param allocator where the typed columns are stored
    /// @param origin names the text in errors
    TextTableAssembler(TableLayout layout, BufferAllocator allocator, TextOrigin origin) {
        this.layout = layout;
        this.allocator = allocator;
        this.origin = origin;
    }

    /// The table of the shaped rows; the shaper's stores are released column by column as they are
    /// typed.
    ///
    /// @param shaped the rows of the whole text
    /// @param utf8 whether the text is UTF-8 (else ISO-8859-1)
    /// @param byteOrderMark whether the text started with a UTF-8 byte order mark
    Table assemble(RowShaper shaped, boolean utf8, boolean byteOrderMark) throws SourceDataException {
        // Decided before the header's bytes are released below: without a header row the byte order
        // mark belongs to the first data cell.
        List<byte[]> headerFields = shaped.headerFields();
        boolean headerless = headerFields == null;
        boolean latin1 = !utf8;
        List<String> names;
        if (layout instanceof TableLayout.ColumnNames given && (headerless || given.headerWhenNamed())) {
            // A first record taken as the header for being the layout's names is named by them, a byte
            // order mark before it too: as ISO-8859-1 pandas keeps the mark as text, `ï»¿LEASE_NUMBER`,
            // a name no analysis asks for. `read_csv(f, header=0, names=...)` reads it so.
            names = given.names();
            if (!headerless) {
                shaped.releaseHeader();
            }
        } else {
            if (headerless) {
                throw origin.failure(Problem.EMPTY_TEXT, "no header row: the text is empty", (Throwable) null);
            }
            List<String> raw = new ArrayList<>(headerFields.size());
            for (int i = 0; i < headerFields.size(); i++) {
                byte[] name = headerFields.get(i);
                if (i == 0 && latin1 && byteOrderMark) {
                    name = prefixed(name);
                }
                raw.add(new String(name, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
            }
            names = HeaderNames.mangle(raw);
            shaped.releaseHeader();
        }
        int rowCount = (int) shaped.rows();
        int leadingColumns = shaped.leadingColumns();
        CellStore[] stores = shaped.stores();
        if (stores == null) {
            stores = new CellStore[names.size()];
            for (int i = 0; i < stores.length; i++) {
                stores[i] = new CellStore(allocator, stores.length, Runtime.getRuntime().maxMemory());
            }
        }
        int width = stores.length;
        boolean prefixFirstCell = latin1 && byteOrderMark && headerless && rowCount > 0;
        ColumnConverter converter = new ColumnConverter(allocator, latin1);
        List<Column> columns = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            CellStore.Sealed text = stores[i].seal();
            // The raw text is not needed once the column is typed; let it go before the next one.
            stores[i] = null;
            Optional<byte[]> prefix = i == 0 && prefixFirstCell ? Optional.of(TextTokenizer.BYTE_ORDER_MARK)
                    : Optional.empty();
            columns.add(converter.convert(text, rowCount, prefix));
        }
        Table.Builder table = Table.builder();
        if (leadingColumns == 1) {
            table.index(new Index.Labels(columns.getFirst()));
        } else if (leadingColumns > 1) {
            List<Optional<String>> levelNames = new ArrayList<>();
            for (int i = 0; i < leadingColumns; i++) {
                levelNames.add(Optional.empty());
            }
            table.index(new Index.Multi(columns.subList(0, leadingColumns), levelNames));
        } else {
            table.rows(rowCount);
        }
        for (int i = leadingColumns; i < width; i++) {
            table.column(names.get(i - leadingColumns), columns.get(i));
        }
        // The columns are wrapped over the allocator's buffers: they are readable as long as it is open.
        return dev.bsee.core.internal.BufferScope.bind(table.build(), dev.bsee.core.internal.BufferScope.of(allocator));
    }

    private static byte[] prefixed(byte[] name) {
        byte[] mark = TextTokenizer.BYTE_ORDER_MARK;
        byte[] joined = new byte[mark.length + name.length];
        System.arraycopy(mark, 0, joined, 0, mark.length);
        System.arraycopy(name, 0, joined, mark.length, name.length);
        return joined;
    }
}
