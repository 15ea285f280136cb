import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/// Rewrites the class files of a package in a jar that are older than Java 6 (picocli's are Java 5)
/// as Java 8 class files with stack maps, in place: the JDK's ahead-of-time cache cannot hold a class
/// the old verifier checks, so every `bsee` command loaded and verified picocli's classes from the jar
/// anew. The code is the same instruction for instruction; every other entry is copied as it is, in
/// its order, with its time, so the jar stays reproducible.
///
/// Usage: `java UpgradeClassFiles.java JAR PACKAGE_PREFIX` (`picocli/`). Needs JDK 24 or newer
/// (`java.lang.classfile`).
public class UpgradeClassFiles {

    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        String prefix = args[1];
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(rewritten);
             ZipOutputStream out = new ZipOutputStream(file)) {
            // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
            ClassHierarchyResolver fromJar = ClassHierarchyResolver.ofResourceParsing((ClassDesc type) -> {
                String descriptor = type.descriptorString();
                ZipEntry entry = in.getEntry(descriptor.substring(1, descriptor.length() - 1) + ".class");
                try {
                    return entry == null ? null : in.getInputStream(entry);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ClassFile classFiles = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(fromJar.orElse(ClassHierarchyResolver.defaultResolver())));
            ClassTransform version = (builder, element) -> {
                if (element instanceof ClassFileVersion) {
                    builder.withVersion(JAVA_8, 0);
                } else {
                    builder.with(element);
                }
            };
            // Rebuilding every method body is what makes the stack maps.
            ClassTransform toJava8 = version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream data = in.getInputStream(entry)) {
                    bytes = data.readAllBytes();
                }
                if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
                    ClassModel model = classFiles.parse(bytes);
                    if (model.majorVersion() < JAVA_6) {
                        bytes = classFiles.transformClass(model, toJava8);
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(jar.getFileName() + ": " + upgraded + " class files under " + prefix + " now Java 8 with stack maps");
    }
}
