package dev.bsee.binary.internal;

import dev.bsee.core.internal.Causes;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/// Maps spill files into memory. Chronicle Bytes does it where it can start; it needs JDK internals
/// opened (`--add-opens`), so without them the JDK's own mapping is used instead, and one log line says
/// which flags would enable Chronicle.
final class MappedRegions {
    private static final java.util.List<String> OPENED = java.util.List.of("java.base/java.lang", "java.base/java.lang.reflect",
            "java.base/java.io", "java.base/java.util", "java.base/java.nio", "java.base/sun.nio.ch");
    private static final java.util.List<String> EXPORTED = java.util.List.of("java.base/jdk.internal.ref", "java.base/sun.nio.ch");
    /// What Chronicle Bytes needs on JDK 17 and later on the class path (as in the runnable jar's manifest).
    static final String CHRONICLE_FLAGS = chronicleFlags(false);
    private static final System.Logger LOG = System.getLogger(MappedRegions.class.getName());
    /// Set to force the JDK mapping (tests of the fallback in a JVM that could run Chronicle).
    static final String FORCE_JDK_PROPERTY = "dev.bsee.binary.spill.jdk";

    private static volatile boolean chronicleUnavailable = Boolean.getBoolean(FORCE_JDK_PROPERTY);

    private MappedRegions() {
    }

    /// The flags that let Chronicle Bytes start. On the class path the JDK internals are opened to
    /// `ALL-UNNAMED`; on the module path that grants nothing to Chronicle's (automatic) modules, so
    /// they are named, `jdk.unsupported` (for `sun.misc.Unsafe`) is added to the module graph, and
    /// native access goes to the jffi module that loads Chronicle's native helper.
    ///
    /// @param namedModule whether this library (and so Chronicle) runs on the module path
    static String chronicleFlags(boolean namedModule) {
        String to = namedModule ? "chronicle.core,chronicle.bytes" : "ALL-UNNAMED";
        java.util.List<String> flags = new java.util.ArrayList<>();
        OPENED.forEach(pkg -> flags.add("--add-opens=" + pkg + "=" + to));
        EXPORTED.forEach(pkg -> flags.add("--add-exports=" + pkg + "=" + to));
        if (namedModule) {
            flags.add("--add-modules=jdk.unsupported");
            flags.add("--enable-native-access=org.jnrproject.jffi");
        } else {
            flags.add("--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED");
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        return String.join(" ", flags);
    }

    /// One mapping of a file, readable and writable through [#buffer()] until it is released.
    interface Region {
        /// A little-endian view of the whole mapping.
        ByteBuffer buffer();

        /// Releases the mapping at once; no view of it may be used afterwards (the mapping a spill file
        /// grew out of, which only its own buffer viewed).
        void unmap();

        /// Releases the mapping as soon as no view of it can be read: the mapping of an allocator that
        /// closes while columns may still view it. A view read after the close must fail or read the
        /// mapping, never memory released beneath it.
        void release();
    }

    /// Regions this large may fail in Chronicle for their size alone.
    private static final long LARGE_REGION = 1L << 30;

    /// Maps the first `capacity` bytes of `file`, extending the file (sparsely) as needed.
    static Region map(Path file, long capacity) throws IOException {
        if (!chronicleUnavailable) {
            try {
                return ChronicleRegion.map(file, capacity);
            } catch (LinkageError | RuntimeException | AssertionError cannotStart) {
                Throwable root = Causes.of(cannotStart).getLast();
                if (root instanceof IOException fileSystem) {
                    // The file system refused the file (a file-size limit, a full disk): the JDK's
                    // mapping would meet the same, and the warning's remedy (flags) would not help.
                    throw new IOException(file + ": " + (fileSystem.getMessage() == null
                            ? fileSystem.getClass().getSimpleName() : fileSystem.getMessage()), fileSystem);
                }
                if (!(cannotStart instanceof LinkageError) && capacity >= LARGE_REGION) {
                    // Chronicle rounds a region near 2 GiB past its 31-bit range (an AssertionError
                    // around an ArithmeticException from toTemporaryDirectByteBuffer):
                    // the JDK maps this one, and Chronicle stays for the others, without a warning whose
                    // remedy (flags the launcher gives already) would not help.
                    LOG.log(System.Logger.Level.DEBUG, "Chronicle Bytes cannot map " + capacity + " bytes of " + file
                            + " (" + cannotStart + "); the JDK maps them");
                } else {
                    fallBack(cannotStart);
                }
            }
        }
        return JdkRegion.map(file, capacity);
    }

    /// Whether spill files are mapped by Chronicle Bytes (else by the JDK).
    static boolean usesChronicle() {
        return !chronicleUnavailable;
    }

    private static synchronized void fallBack(Throwable cause) {
        if (chronicleUnavailable) {
            return;
        }
        chronicleUnavailable = true;
        Throwable root = Causes.of(cause).getLast();
        // One sentence, as every message: the CLI prints it after "bsee: warning: ", and the
        // reason is the JVM's own words, not the class that carried them.
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        LOG.log(System.Logger.Level.WARNING, "Chronicle Bytes cannot start (" + why + "); spilled column buffers"
                + " use JDK memory mapping instead: run Java with "
                + chronicleFlags(MappedRegions.class.getModule().isNamed()) + " to use Chronicle Bytes");
    }

    /// Unmaps the Chronicle mappings no view reaches any more.
    private static final java.lang.ref.Cleaner UNREACHABLE_MAPPINGS = java.lang.ref.Cleaner.create();

    /// A Chronicle Bytes single mapping; its store is viewed as a direct `ByteBuffer`.
    ///
    /// Chronicle never unmaps such a mapping by itself: closing the bytes leaves the mapped file's own
    /// hold on the store unless `mappedFile.retain` is set, and every spill file stayed mapped
    /// (deleted, its disk space not given back) until the JVM exited. And the view is a bare address
    /// that the JDK neither keeps mapped nor refuses once unmapped: read after the unmapping, it reads
    /// whatever the address holds then, or crashes the JVM. So the mapping is unmapped here, by
    /// Chronicle's own unmapper, once the store is unreachable: every view of the mapping (a column's
    /// slice, a builder's buffer) has the store as its attachment and keeps it reachable. A mapping a
    /// buffer outgrew, which nothing else views, is unmapped at once.
    private static final class ChronicleRegion implements Region {
        private final net.openhft.chronicle.bytes.MappedBytes bytes;
        private final ByteBuffer view;
        private final java.lang.ref.Cleaner.Cleanable unmapping;

        private ChronicleRegion(net.openhft.chronicle.bytes.MappedBytes bytes, ByteBuffer view,
                                java.lang.ref.Cleaner.Cleanable unmapping) {
            this.bytes = bytes;
            this.view = view;
            this.unmapping = unmapping;
        }

        static Region map(Path file, long capacity) throws IOException {
            net.openhft.chronicle.bytes.MappedBytes bytes =
                    net.openhft.chronicle.bytes.MappedBytes.singleMappedBytes(file.toFile(), capacity);
            net.openhft.chronicle.bytes.MappedBytesStore store =
                    (net.openhft.chronicle.bytes.MappedBytesStore) bytes.bytesStore();
            // Refers to the address alone, not to the store, which would then never be unreachable.
            java.lang.ref.Cleaner.Cleanable unmapping = UNREACHABLE_MAPPINGS.register(store,
                    new net.openhft.chronicle.bytes.internal.Unmapper(store.addressForRead(store.start()),
                            bytes.mappedFile().capacity(),
                            net.openhft.chronicle.bytes.PageUtil.getPageSize(file.toAbsolutePath().toString())));
            try {
                ByteBuffer view = store.toTemporaryDirectByteBuffer();
                if (view.capacity() < capacity) {
                    throw new IllegalStateException("Chronicle mapped " + view.capacity() + " of " + capacity + " bytes");
                }
                return new ChronicleRegion(bytes, view.order(ByteOrder.LITTLE_ENDIAN), unmapping);
            } catch (RuntimeException | Error e) {
                bytes.close();
                unmapping.clean();
                throw e;
            }
        }

        @Override
        public ByteBuffer buffer() {
            return view;
        }

        @Override
        public void unmap() {
            bytes.close();
            unmapping.clean();
        }

        @Override
        public void release() {
            // Closes the file; the mapping stays until no view reaches the store.
            bytes.close();
        }
    }

    /// `FileChannel.map`. On JDK 22 and later the mapping belongs to a shared `Arena` (looked up
    /// reflectively, as the code targets Java 21), so it is released at once and later access fails
    /// cleanly; on Java 21 the garbage collector releases it.
    private static final class JdkRegion implements Region {
        private static final Method OF_SHARED;
        private static final Method MAP_IN_ARENA;
        private static final Method AS_BYTE_BUFFER;
        private static final Method CLOSE;

        static {
            Method ofShared = null;
            Method mapInArena = null;
            Method asByteBuffer = null;
            Method close = null;
            try {
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                ofShared = arena.getMethod("ofShared");
                mapInArena = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class, arena);
                asByteBuffer = Class.forName("java.lang.foreign.MemorySegment").getMethod("asByteBuffer");
                close = arena.getMethod("close");
                // Preview on Java 21: fails there without --enable-preview.
                close.invoke(ofShared.invoke(null));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException notAvailable) {
                ofShared = null;
            }
            OF_SHARED = ofShared;
            MAP_IN_ARENA = mapInArena;
            AS_BYTE_BUFFER = asByteBuffer;
            CLOSE = close;
        }

        private final ByteBuffer view;
        private final Object arena;

        private JdkRegion(ByteBuffer view, Object arena) {
            this.view = view.order(ByteOrder.LITTLE_ENDIAN);
            this.arena = arena;
        }

        static Region map(Path file, long capacity) throws IOException {
            // A link found in the file's place is not opened.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (OF_SHARED != null) {
                    Object arena = invoke(OF_SHARED, null);
                    try {
                        Object segment = invoke(MAP_IN_ARENA, channel, FileChannel.MapMode.READ_WRITE, 0L, capacity, arena);
                        return new JdkRegion((ByteBuffer) invoke(AS_BYTE_BUFFER, segment), arena);
                    } catch (IOException | RuntimeException e) {
                        invoke(CLOSE, arena);
                        throw e;
                    }
                }
                return new JdkRegion(channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity), null);
            }
        }

        private static Object invoke(Method method, Object target, Object... arguments) throws IOException {
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public ByteBuffer buffer() {
            return view;
        }

        /// The JDK refuses a read of the mapping once its arena is closed, also one that runs on
        /// another thread as it closes, so the mapping is released at once.
        @Override
        public void release() {
            unmap();
        }

        @Override
        public void unmap() {
            if (arena != null) {
                try {
                    invoke(CLOSE, arena);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
