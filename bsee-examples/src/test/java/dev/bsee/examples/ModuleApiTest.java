package dev.bsee.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// What an application on the module path sees of the project's modules: `requires dev.bsee.X;`
/// must be enough to use every exported type of `dev.bsee.X` as it is declared. A public signature
/// of an exported package that names a type of another module compiles in an application only when
/// that module is read through `requires transitive` (`DemoMirror.catalog()` returns a
/// `SourceCatalog`, and an application requiring `dev.bsee.examples` alone could not call its
/// `find`), and only when that type's package is exported at all (an internal type in a public
/// signature cannot be used by anyone). The compiler's `-Xlint:exports` says so as a warning, which
/// does not fail the build; this test does, reading the modules' descriptors and signatures.
class ModuleApiTest {

    @Test
    void everyTypeAnExportedSignatureNamesIsReadableAndExportedToItsUsers() throws Exception {
        Map<String, ModuleDescriptor> modules = new HashMap<>();
        Map<String, URL> locations = new HashMap<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("module-info.class"))) {
            try (InputStream in = url.openStream()) {
                ModuleDescriptor descriptor = ModuleDescriptor.read(in);
                modules.putIfAbsent(descriptor.name(), descriptor);
                locations.putIfAbsent(descriptor.name(), url);
            }
        }
        ModuleLayer.boot().modules().forEach(module -> modules.putIfAbsent(module.getName(), module.getDescriptor()));
        Map<String, String> ownerOfPackage = new HashMap<>();
        modules.values().forEach(module -> module.packages().forEach(p -> ownerOfPackage.putIfAbsent(p, module.name())));
        List<String> projectModules = modules.keySet().stream().filter(name -> name.startsWith("dev.bsee.")).sorted().toList();
        // All but dev.bsee.testkit, which this module does not depend on.
        assertThat(projectModules).contains("dev.bsee.core", "dev.bsee.binary", "dev.bsee.scraper", "dev.bsee.bridge",
                "dev.bsee.examples");

        Set<String> problems = new TreeSet<>();
        for (String name : projectModules) {
            ModuleDescriptor module = modules.get(name);
            Set<String> readable = readableByUsers(module, modules);
            for (ModuleDescriptor.Exports exports : module.exports()) {
                if (exports.isQualified()) {
                    continue;
                }
                for (Class<?> type : publicTypes(locations.get(name), exports.source())) {
                    for (Class<?> named : namedBy(type)) {
                        String owner = ownerOfPackage.get(named.getPackageName());
                        if (owner == null || owner.equals(name) || owner.equals("java.base")) {
                            continue;
                        }
                        boolean exported = modules.get(owner).exports().stream()
                                .anyMatch(e -> !e.isQualified() && e.source().equals(named.getPackageName()));
                        if (!exported) {
                            problems.add(type.getName() + " names " + named.getName() + ", which " + owner + " does not export");
                        } else if (!readable.contains(owner)) {
                            problems.add(type.getName() + " names " + named.getName() + ", but " + name
                                    + " does not require " + owner + " transitively");
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /// The modules an application reads when it requires `module`: the module and, through
    /// `requires transitive`, what those read in turn; `java.base` always.
    private static Set<String> readableByUsers(ModuleDescriptor module, Map<String, ModuleDescriptor> modules) {
        Set<String> readable = new HashSet<>(Set.of(module.name(), "java.base"));
        Deque<ModuleDescriptor> next = new ArrayDeque<>(List.of(module));
        while (!next.isEmpty()) {
            for (ModuleDescriptor.Requires requires : next.pop().requires()) {
                if (requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)
                        && readable.add(requires.name()) && modules.containsKey(requires.name())) {
                    next.push(modules.get(requires.name()));
                }
            }
        }
        return readable;
    }

    /// The public types, nested ones included, of `pkg` in the classes folder or jar whose
    /// `module-info.class` is at `descriptor`.
    private static List<Class<?>> publicTypes(URL descriptor, String pkg) throws IOException, ClassNotFoundException {
        String text = descriptor.toString();
        String root = text.substring(0, text.length() - "module-info.class".length());
        List<String> names = new ArrayList<>();
        if (root.startsWith("jar:")) {
            try (FileSystem jar = FileSystems.newFileSystem(URI.create(root.substring(0, root.length() - 2)), Map.of())) {
                names.addAll(classNames(jar.getPath(pkg.replace('.', '/'))));
            }
        } else {
            names.addAll(classNames(Path.of(URI.create(root)).resolve(pkg.replace('.', '/'))));
        }
        List<Class<?>> types = new ArrayList<>();
        for (String file : names) {
            Class<?> type = Class.forName(pkg + "." + file, false, ModuleApiTest.class.getClassLoader());
            if (isVisible(type)) {
                types.add(type);
            }
        }
        return types;
    }

    private static List<String> classNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".class") && !file.equals("package-info.class"))
                    .map(file -> file.substring(0, file.length() - ".class".length()))
                    // Not anonymous or local classes (Outer$1, Outer$1Local).
                    .filter(file -> !file.matches(".*\\$[0-9].*"))
                    .toList();
        }
    }

    /// Public, and nested only in public types.
    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }

    /// Every class the public or protected signatures of `type` name: its supertypes, the types of
    /// its fields, and its methods' and constructors' parameters, results and exceptions.
    private static Set<Class<?>> namedBy(Class<?> type) {
        Set<Class<?>> named = new HashSet<>();
        List<Type> types = new ArrayList<>();
        types.add(type.getGenericSuperclass());
        types.addAll(List.of(type.getGenericInterfaces()));
        for (Field field : type.getDeclaredFields()) {
            if (exposed(field)) {
                types.add(field.getGenericType());
            }
        }
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredMethods()));
        executables.addAll(List.of(type.getDeclaredConstructors()));
        for (Executable executable : executables) {
            if (exposed(executable) && !executable.isSynthetic()) {
                types.addAll(List.of(executable.getGenericParameterTypes()));
                types.addAll(List.of(executable.getGenericExceptionTypes()));
                if (executable instanceof java.lang.reflect.Method method) {
                    types.add(method.getGenericReturnType());
                }
            }
        }
        types.forEach(t -> collect(t, named, new HashSet<>()));
        return named;
    }

    private static boolean exposed(Member member) {
        int modifiers = member.getModifiers();
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers) && !Modifier.isFinal(member.getDeclaringClass().getModifiers());
    }

    private static void collect(Type type, Set<Class<?>> named, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        switch (type) {
            case Class<?> c when c.isArray() -> collect(c.componentType(), named, seen);
            case Class<?> c -> named.add(c);
            case ParameterizedType p -> {
                collect(p.getRawType(), named, seen);
                for (Type argument : p.getActualTypeArguments()) {
                    collect(argument, named, seen);
                }
            }
            case GenericArrayType a -> collect(a.getGenericComponentType(), named, seen);
            case WildcardType w -> {
                List.of(w.getUpperBounds()).forEach(b -> collect(b, named, seen));
                List.of(w.getLowerBounds()).forEach(b -> collect(b, named, seen));
            }
            case TypeVariable<?> v -> List.of(v.getBounds()).forEach(b -> collect(b, named, seen));
            default -> {
            }
        }
    }
}
