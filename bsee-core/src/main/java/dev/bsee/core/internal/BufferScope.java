package dev.bsee.core.internal;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.Table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/// How long the buffers of a column stay readable: until the allocator that made them is closed.
/// Closing `SpillingBuffers` releases its buffers (memory-mapped files unmapped and deleted), so a
/// column read afterwards would read memory that is gone: wrong values, or a crash of the JVM. Every
/// column holds the scope of its buffers and asks it before it reads them, so such a read fails with
/// an `IllegalStateException` naming the allocator instead. The heap allocator's scope, [#OPEN],
/// never closes.
///
/// The flag is read as a plain field on the per-row paths (a volatile read per value would keep the
/// compiler from taking the check out of a reader's loop), and with acquire semantics on the bulk
/// paths. A close on another thread is seen by a reader at its next bulk call at the latest; until
/// then the reader may complete, which is safe because an allocator releases no memory a column can
/// still reach (the JDK's mapping fails such a read itself; a Chronicle Bytes mapping is unmapped
/// only once no view of it is reachable).
public final class BufferScope {

    /// The scope of buffers that are never released: the heap's, and those of an allocator that says
    /// nothing of its buffers' life.
    public static final BufferScope OPEN = new BufferScope("the heap");

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(BufferScope.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /// Puts a table's columns in a scope; set by [Table], which alone can make its columns anew.
    private static volatile BiFunction<Table, BufferScope, Table> binder;
    /// Tells a column's scope; set by [Table] with [#binder], since the scope is the column's own.
    private static volatile Function<Column, BufferScope> columnScope;
    /// Puts one column in a scope; set by [Table] with [#binder].
    private static volatile BiFunction<Column, BufferScope, Column> columnBinder;

    private final String owner;
    /// Written once, by [#close()]; read plain by [#check()] (see the class comment).
    @SuppressWarnings("unused")
    private boolean closed;

    /// A scope that ends when [#close()] is called.
    ///
    /// @param owner what holds the buffers, for the message of a read after the close
    ///     (`SpillingBuffers in /tmp/spill`)
    public BufferScope(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /// What an allocator that releases its buffers when it closes implements, so that the columns
    /// built from its buffers know when they may no longer be read.
    public interface Owner {
        /// The scope of the buffers this allocator makes.
        ///
        /// @return the scope
        BufferScope bufferScope();
    }

    /// The scope of the buffers `allocator` makes: its own for an [Owner], else [#OPEN].
    ///
    /// @param allocator the allocator
    /// @return the scope
    public static BufferScope of(BufferAllocator allocator) {
        return allocator instanceof Owner owner ? owner.bufferScope() : OPEN;
    }

    /// Ends the scope: every later read of a column in it fails. Idempotent.
    public void close() {
        if (this == OPEN) {
            throw new IllegalStateException("the heap's buffer scope never closes");
        }
        CLOSED.setVolatile(this, true);
    }

    /// Whether the scope has ended, read with acquire semantics: for bulk reads and writers.
    ///
    /// @return true once [#close()] was called
    public boolean isClosed() {
        return (boolean) CLOSED.getAcquire(this);
    }

    /// Whether the scope has ended, a plain read: for a per-value path such as a buffer's appends,
    /// which the close of another thread may pass unseen for a while.
    ///
    /// @return true once [#close()] was called, as far as this thread has seen
    public boolean closedUnordered() {
        return closed;
    }

    /// Fails when the scope has ended; a plain read of the flag, for per-row reads.
    ///
    /// @throws IllegalStateException naming the closed allocator
    public void check() {
        if (closed) {
            throw released(null);
        }
    }

    /// Fails when the scope has ended; read with acquire semantics, for bulk reads, which a close on
    /// another thread must not pass unseen.
    ///
    /// @throws IllegalStateException naming the closed allocator
    public void checkAcquire() {
        if (isClosed()) {
            throw released(null);
        }
    }

    /// The failure of a column read after this scope ended, with `cause` (what the buffer itself
    /// threw, the JDK's bare `Already closed`; or null) as its cause.
    ///
    /// @param cause what the buffer threw, or null
    /// @return the failure to throw
    public IllegalStateException released(IllegalStateException cause) {
        return new IllegalStateException("cannot read the column: its buffers were released when the allocator that"
                + " held them (" + owner + ") was closed; read a table's columns before closing the allocator"
                + " it was read or built with", cause);
    }

    /// The failure of a read (a pickle, an entry's text) whose allocator was closed while the read
    /// filled its buffers, with what the buffers threw as its cause: the read fails for that alone,
    /// whatever its input holds.
    ///
    /// @param cause what filling the buffers threw
    /// @return the failure to throw
    public IllegalStateException closedWhileFilled(RuntimeException cause) {
        return new IllegalStateException("the allocator of the read's buffers (" + owner + ") was closed while the"
                + " read filled them; close it once the tables read with it are no longer used", cause);
    }

    /// `table` with every column and index label in `scope`, sharing their buffers. A reader whose
    /// columns come from an allocator's buffers through `wrap(ByteBuffer)`, which knows no scope,
    /// puts its result in the allocator's.
    ///
    /// @param table the table
    /// @param scope the scope of its buffers
    /// @return the table in `scope`; `table` itself for [#OPEN]
    public static Table bind(Table table, BufferScope scope) {
        Objects.requireNonNull(scope, "scope");
        return scope == OPEN ? table : binder.apply(table, scope);
    }

    /// The scope of the buffers `column` reads: until when it may be read. A copy of some of its rows
    /// put in this scope ([#bind(Column, BufferScope)]) lives as long as the column it came from.
    ///
    /// @param column the column
    /// @return its scope; [#OPEN] for a column on the heap
    public static BufferScope of(Column column) {
        Objects.requireNonNull(column, "column");
        return columnHooks().apply(column);
    }

    /// `column` in `scope`, sharing its buffers: a column copied to the heap from one whose buffers
    /// an allocator holds refuses reads, as the one it came from does, once the allocator is closed.
    ///
    /// @param column the column
    /// @param scope the scope
    /// @return the column in `scope`; `column` itself for [#OPEN]
    public static Column bind(Column column, BufferScope scope) {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(scope, "scope");
        if (scope == OPEN) {
            return column;
        }
        columnHooks();
        return columnBinder.apply(column, scope);
    }

    /// The hooks [Table] sets as it is initialised, which a column without a table made yet has not.
    private static Function<Column, BufferScope> columnHooks() {
        if (columnScope == null) {
            try {
                Class.forName(Table.class.getName(), true, Table.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return columnScope;
    }

    /// Sets what [#bind(Table, BufferScope)] does; called once by [Table] as it is initialised.
    ///
    /// @param tables makes a table anew in a scope
    public static void binder(BiFunction<Table, BufferScope, Table> tables) {
        binder = Objects.requireNonNull(tables, "tables");
    }

    /// Sets what [#of(Column)] and [#bind(Column, BufferScope)] do; called once by [Table] as it is
    /// initialised.
    ///
    /// @param scopes tells a column's scope
    /// @param columns makes a column anew in a scope
    public static void columnBinder(Function<Column, BufferScope> scopes, BiFunction<Column, BufferScope, Column> columns) {
        columnBinder = Objects.requireNonNull(columns, "columns");
        columnScope = Objects.requireNonNull(scopes, "scopes");
    }

    @Override
    public String toString() {
        return "BufferScope[" + owner + (isClosed() ? ", closed]" : "]");
    }
}
