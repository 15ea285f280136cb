package dev.bsee.binary.store;

import dev.bsee.binary.PickleReader;
import dev.bsee.core.Table;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/// A folder of `.bin` files read as tables: what a Java analysis app uses where the Python code
/// listed a folder and `pickle.load`ed each file.
///
/// ```java
/// BinStore apd = BinStore.open(base.resolve("data/modules/bsee/bin/apd"));
/// Table wells = apd.read("mv_apddata_all",
///         Query.columns("API_WELL_NUMBER", "WELL_NAME")
///              .where("API_WELL_NUMBER", Condition.isIn(Set.of(608164000100L, 608164000101L))));
/// ```
///
/// is `df = pickle.load(f); df[df['API_WELL_NUMBER'].isin(wells)][['API_WELL_NUMBER', 'WELL_NAME']]`.
/// Files are read through the safe pickle reader: the files of this tool and of the Python system,
/// and pandas' pickles of the same kinds of column (`int64`, `uint64`, `float64`, `bool`,
/// `datetime64[ns]`, `object` of strings, booleans and missing values), from pandas 1.5 and 2.x.
/// Other kinds (`int32`, categories, time zones, Python numbers in an `object` column) are refused
/// in one line naming them, and nothing in a file can run code. A pickle carries no checksum: a
/// file damaged in a way that still parses (a flipped digit) reads as what it now holds, as pandas
/// reads it. Whether the files are still what their refresh wrote is `bsee status`'s question
/// (`dev.bsee.bridge.BseeStatus`), which compares each with the SHA-256 the refresh recorded.
///
/// Every table a store returns, whole or queried, lives in the allocator of the store's reader
/// ([PickleReader.Builder#allocator]): a projected result shares the buffers of the table read, and
/// the rows a filter keeps (and the labels of a `RangeIndex` they had) are copied into buffers of
/// that allocator, so a filtered table larger than the heap stays off it as the whole one does. Once
/// the allocator is closed, each column and index label of every result refuses reads with an
/// `IllegalStateException` naming the allocator, whatever the query kept; only a `RangeIndex`
/// itself, which holds no buffer, stays readable. With the default reader, whose buffers are on the
/// heap, every table stays readable.
///
/// A `BinStore` is immutable and thread-safe: each read opens its file and builds a table of its
/// own. A file that a refresh replaces while it is read is read whole, old or new: a refresh
/// renames complete files into place and never writes into one.
public final class BinStore {

    private static final System.Logger LOG = System.getLogger(BinStore.class.getName());


    private static final String SUFFIX = ".bin";

    private final Path directory;
    private final PickleReader reader;

    private BinStore(Path directory, PickleReader reader) {
        this.directory = directory;
        this.reader = reader;
    }

    /// Opens a folder of `.bin` files.
    ///
    /// @param directory the folder
    /// @return the store
    /// @throws NoSuchFileException when the folder does not exist
    /// @throws NotDirectoryException when it is not a folder
    public static BinStore open(Path directory) throws IOException {
        return open(directory, PickleReader.of());
    }

    /// Opens a folder of `.bin` files read by a configured reader, for example one whose column
    /// buffers spill to files for tables larger than the heap
    /// (`PickleReader.builder().allocator(SpillingBuffers.open(dir, budget)).build()`, see
    /// [dev.bsee.binary.SpillingBuffers]).
    ///
    /// @param directory the folder
    /// @param reader the reader
    /// @return the store
    /// @throws NoSuchFileException when the folder does not exist
    /// @throws NotDirectoryException when it is not a folder
    public static BinStore open(Path directory, PickleReader reader) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(reader, "reader");
        // As the system resolves it: `lnk/../out` is where the tool wrote and Python reads (SystemPaths).
        Path dir = dev.bsee.core.internal.SystemPaths.absolute(directory);
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such folder of .bin files");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        return new BinStore(dir, reader);
    }

    /// The folder.
    ///
    /// @return the absolute folder
    public Path directory() {
        return directory;
    }

    /// The tables in the folder: the names of its `.bin` files without the suffix, sorted. A file
    /// whose name is not text in the file system's encoding (a Latin-1 `caf\xe9.bin` under UTF-8)
    /// is left out, with a warning in the log: no name reads it, and its name as text (`caf\uFFFD`)
    /// would read another file of that name, or none.
    ///
    /// @return the names, unmodifiable
    /// @throws IOException when the folder cannot be listed
    public List<String> tables() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && name.length() > SUFFIX.length()) {
                    if (!namedByItsText(file)) {
                        LOG.log(System.Logger.Level.WARNING, () -> dev.bsee.core.internal.SafeText.escape(file.toString())
                                + " is not listed as a table: " + dev.bsee.core.internal.MessageText.pathCharsetHint());
                        continue;
                    }
                    names.add(name.substring(0, name.length() - SUFFIX.length()));
                }
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    /// Whether the name of `file` (as listed from the folder), taken as text and given back to
    /// the file system, names `file` again: not when its bytes are not text in the file system's
    /// encoding, which the JDK decodes as U+FFFD and encodes back as other bytes.
    private boolean namedByItsText(Path file) {
        try {
            return directory.resolve(file.getFileName().toString()).equals(file);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /// Whether the folder holds a file listed as `fileName` that its text does not name ([#namedByItsText]).
    private boolean holdsUnnamable(String fileName) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (file.getFileName().toString().equals(fileName) && !namedByItsText(file)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /// Reads a whole table.
    ///
    /// @param name the table name (the file name without `.bin`)
    /// @return the table
    /// @throws NoSuchFileException when there is no such table (the message lists the tables)
    /// @throws java.nio.channels.ClosedByInterruptException when the calling thread is interrupted
    ///     during the read (the message names the file; the interrupt status stays set)
    /// @throws IOException when the file cannot be read or is not a pandas pickle
    /// @throws IllegalArgumentException when `name` is empty or names a file outside the folder
    public Table read(String name) throws IOException {
        return reader.read(file(name));
    }

    /// Reads the columns and rows of a table that `query` keeps.
    ///
    /// @param name the table name (the file name without `.bin`)
    /// @param query the columns and conditions
    /// @return the selected table; kept rows keep their index labels. It may be read until the
    ///     allocator of the store's reader is closed, as a whole table may (see the class comment).
    /// @throws NoSuchFileException when there is no such table
    /// @throws java.nio.channels.ClosedByInterruptException when the calling thread is interrupted
    ///     during the read (the message names the file; the interrupt status stays set)
    /// @throws IOException when the file cannot be read or is not a pandas pickle
    /// @throws java.util.NoSuchElementException when the query names a column the table lacks (the
    ///     message names the file and lists its columns)
    /// @throws IllegalArgumentException when `name` is empty or names a file outside the folder, or a
    ///     condition cannot apply to its column's values or names a column the table holds more than
    ///     once (the message names the file)
    public Table read(String name, Query query) throws IOException {
        Objects.requireNonNull(query, "query");
        Path file = file(name);
        try {
            return read(file, query);
        } catch (NoSuchElementException e) {
            throw e.getMessage().startsWith(file.toString())
                    ? e : new NoSuchElementException(file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // A condition that cannot apply to its column: anything but an Instant against datetime64
            // values, a name the table holds twice.
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private Table read(Path file, Query query) throws IOException {
        if (query.selectedColumns().isEmpty()) {
            return RowSelection.apply(reader.read(file), query, reader.allocator());
        }
        // Only the columns the query tests or keeps are built; the file is checked whole all the same.
        Set<String> used = new LinkedHashSet<>();
        for (Query.ColumnCondition condition : query.conditions()) {
            used.add(condition.column());
        }
        used.addAll(query.selectedColumns().get());
        Table table;
        try {
            table = reader.read(file, used);
        } catch (NoSuchElementException e) {
            // The query names a column the table lacks: fail as the query fails on the whole table.
            table = reader.read(file);
        }
        return RowSelection.apply(table, query, reader.allocator());
    }

    private Path file(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        // A name is the application's text, often a user's: escaped in messages, as the folder's
        // names are, so that a line break or a terminal's escape in it cannot forge a log line.
        String shown = dev.bsee.core.internal.SafeText.escape(name);
        // A NUL is no file name: the JDK's InvalidPathException quoted it raw.
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a table name: " + shown);
        }
        // String.concat, not +: a + of strings is linked on first use by generating a class, which a
        // short read in a fresh JVM pays in full.
        Path file;
        try {
            file = directory.resolve(name.concat(SUFFIX)).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            // Characters the locale's character set for file names cannot hold (any but ASCII under
            // the C locale, a name tables() listed among them): said as for a name not UTF-8.
            throw new NoSuchFileException(dev.bsee.core.internal.SafeText.escape(directory.toString())
                    + java.io.File.separator + shown + SUFFIX, null, "table " + shown + " cannot be opened by its name: "
                    + dev.bsee.core.internal.MessageText.pathCharsetHint());
        }
        if (!directory.equals(file.getParent())) {
            throw new IllegalArgumentException("not a table name: " + shown);
        }
        // A folder of the name is the reader's to refuse, saying what it is, and a link that leads
        // nowhere is said to be one: both were said to be no table at all.
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            throw new NoSuchFileException(dev.bsee.core.internal.SafeText.escape(file.toString()), null, "table " + shown
                    + " is a link " + dev.bsee.core.internal.MessageText.whereLinkLeads(file));
        }
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && name.indexOf('\uFFFD') >= 0
                && holdsUnnamable(name.concat(SUFFIX))) {
            // A file whose name is not UTF-8 (Latin-1 `caf\xe9.bin`) is listed by [#tables()] with
            // U+FFFD in its name, which names another file: said why, not "no table" beside a list
            // of tables that holds the name.
            throw new NoSuchFileException(dev.bsee.core.internal.SafeText.escape(file.toString()), null, "table "
                    + shown + " cannot be opened by its name: " + dev.bsee.core.internal.MessageText.pathCharsetHint());
        }
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // A table is named without its suffix: "x.bin" is looked for as x.bin.bin.
            String named = name.endsWith(SUFFIX) && Files.isRegularFile(directory.resolve(name))
                    ? " (tables are named without " + SUFFIX + ")" : "";
            String folder = dev.bsee.core.internal.SafeText.escape(directory.toString());
            throw new NoSuchFileException(folder + java.io.File.separator + shown + SUFFIX, null, "no table " + shown
                    + " in " + folder + named + "; tables are " + dev.bsee.core.internal.MessageText.names(tables()));
        }
        return file;
    }

    @Override
    public String toString() {
        return "BinStore[" + directory + "]";
    }
}
