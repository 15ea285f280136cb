package dev.bsee.bridge;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.UInt64Column;
import dev.bsee.core.YearlySeries;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.Portal;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// A null argument of the public API is a `NullPointerException` whose message is the parameter's
/// name, thrown by the call that was given it: these threw from inside the JDK's collections or
/// the library's internals, naming a variable of theirs (`"coll" is null`, `"m" is null`,
/// `"<local2>" is null`) or, for a configuration's name, reading the text as `invalid configuration null`.
class NullArgumentsTest {

    @Test
    void eachNullArgumentIsNamedByTheCallGivenIt() {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        SourceCatalog catalog = SourceCatalog.of();
        var well = catalog.find("well").orElseThrow();
        calls.put("siteBase", () -> SourceCatalog.of(null));
        calls.put("source", () -> catalog.with(null));
        calls.put("idsOrAliases", () -> catalog.select(null));
        calls.put("entryName", () -> SourceCatalog.layoutForEntry(null));
        calls.put("entries", () -> well.withExpectedEntries(null));
        calls.put("only", () -> new YearlySeries("x{YYYY}.zip", 2000, null));
        calls.put("values", () -> Int64Column.of((long[]) null));
        calls.put("unsignedValues", () -> UInt64Column.of((long[]) null));
        calls.put("epochNanos", () -> DateTimeColumn.of((long[]) null));
        calls.put("allocator", () -> ObjectColumn.builder(null));
        calls.put("target", () -> ObjectColumn.of("a").copyUtf8(0, null, 0));
        calls.put("levels", () -> new Index.Multi(null, List.of()));
        calls.put("config", () -> RefreshRouter.decide(null));
        calls.put("catalog", () -> RefreshRouter.decide(RefreshConfig.builder().build(), null));
        calls.put("cadence", () -> BseeStatus.staleAfter(null));
        calls.put("file", () -> RefreshConfig.fromYaml((Path) null));
        calls.put("name", () -> RefreshConfig.fromYaml("data:\n  war: true\n", null));
        calls.put("baseUrl", () -> RefreshConfig.builder().site(null));
        calls.put("warnings", () -> RefreshConfig.builder().warnings(null));
        calls.put("years", () -> new RefreshConfig.SourceSettings(null, null, null, null, null));
        calls.put("problems", () -> new ConfigException("x.yml", null));
        calls.put("reasons", () -> new RefreshDecision(false, false, List.of(), List.of(), null));
        calls.put("dtypeChanges", () -> new ChangeRecord(1, 1, List.of(), List.of(), null, null, null));
        calls.put("errors", () -> new SourceReport("apd", RefreshPath.ENHANCED, null, Path.of("/srv"),
                SourceOutcome.UPDATED, 0, 1, Duration.ZERO, List.of(), List.of(), null));
        calls.put("sources", () -> new StatusReport(Instant.EPOCH, Path.of("/srv"), null, null, List.of()));
        calls.put("links", () -> Portal.report(SourceCatalog.PORTAL, null, catalog));
        calls.put("source ", () -> ConditionalState.initial(null));
        calls.put("idOrAlias", () -> catalog.find(null));
        calls.put("idOrAlias ", () -> catalog.canonicalId(null));
        calls.put("idOrAlias  ", () -> catalog.select(java.util.Arrays.asList("war", null)));
        // The events of the progress listener, each of its names: three took null and gave it back.
        calls.put("source   ", () -> new dev.bsee.core.ProgressEvent.EntryProgress(null, "e", 0, 0));
        calls.put("entry", () -> new dev.bsee.core.ProgressEvent.EntryProgress("s", null, 0, 0));
        calls.put("entry ", () -> new dev.bsee.core.ProgressEvent.EntryFinished("s", null, 0, List.of(), 0, Duration.ZERO));
        calls.put("elapsed", () -> new dev.bsee.core.ProgressEvent.EntryFinished("s", "e", 0, List.of(), 0, null));
        calls.put("source    ", () -> new dev.bsee.core.ProgressEvent.Notice(null, "m"));
        calls.put("message", () -> new dev.bsee.core.ProgressEvent.Notice("s", null));
        calls.forEach((parameter, call) -> assertThatThrownBy(call).as(parameter)
                .isInstanceOf(NullPointerException.class).hasMessage(parameter.strip()));
        // The heap allocator and the column factories that check already, for the record.
        assertThatThrownBy(() -> BoolColumn.of((boolean[]) null)).hasMessage("values");
        assertThatThrownBy(() -> Float64Column.builder(null)).hasMessage("allocator");
        assertThatThrownBy(() -> Int64Column.builder((BufferAllocator) null)).hasMessage("allocator");
        assertThatThrownBy(() -> Portal.report(URI.create("https://x/"), List.of(), null)).hasMessage("catalog");
    }

    /// A null element of a list or set argument is named by the argument and its place: the JDK's
    /// copies threw with no message (`List.copyOf`) or with their own variable's (`"e0" is null`).
    @Test
    void eachNullElementIsNamedByTheCallGivenIt() {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        var war = SourceCatalog.of().find("war").orElseThrow();
        calls.put("names[1] is null", () -> dev.bsee.core.TableLayout.columnNames(java.util.Arrays.asList("A", null)));
        calls.put("names[0] is null", () -> new Index.Multi(List.of(Int64Column.of(1)),
                java.util.Arrays.asList((java.util.Optional<String>) null), List.of(java.util.Optional.empty())));
        calls.put("warnings[0] is null", () -> RefreshConfig.builder().warnings(java.util.Arrays.asList((ConfigProblem) null)));
        calls.put("expectedEntries holds null", () -> war.withExpectedEntries(new java.util.HashSet<>(java.util.Arrays.asList("a", null))));
        calls.put("value (addMissing() appends a missing value)", () -> ObjectColumn.builder(BufferAllocator.heap()).add((String) null));
        calls.put("bytes", () -> ObjectColumn.builder(BufferAllocator.heap()).addUtf8(null, 0, 0));
        calls.forEach((message, call) -> assertThatThrownBy(call).as(message)
                .isInstanceOf(NullPointerException.class).hasMessage(message));
    }

    /// The rule for every public constructor and static method of the exported packages, not only
    /// the calls listed above: given null for one argument (the others plausible), a call throws no
    /// `NullPointerException` of the JDK's own wording (`Cannot invoke ... because "utf8" is null`,
    /// which names a variable of the library's), nor one without a message. A null a parameter
    /// accepts (an absent name) passes.
    @Test
    void noPublicFactoryOrConstructorFailsOnANullInTheJdksWords() throws Exception {
        List<String> unnamed = new java.util.ArrayList<>();
        int tried = 0;
        for (Class<?> type : exportedTypes()) {
            List<java.lang.reflect.Executable> calls = new java.util.ArrayList<>();
            for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
                if (java.lang.reflect.Modifier.isPublic(method.getModifiers()) && java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                    calls.add(method);
                }
            }
            if (!type.isEnum() && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                for (java.lang.reflect.Constructor<?> constructor : type.getDeclaredConstructors()) {
                    if (java.lang.reflect.Modifier.isPublic(constructor.getModifiers())) {
                        calls.add(constructor);
                    }
                }
            }
            for (java.lang.reflect.Executable call : calls) {
                Class<?>[] parameters = call.getParameterTypes();
                for (int i = 0; i < parameters.length; i++) {
                    Object[] arguments = plausible(parameters, i);
                    if (parameters[i].isPrimitive() || arguments == null) {
                        continue;
                    }
                    tried++;
                    try {
                        if (call instanceof java.lang.reflect.Method method) {
                            method.invoke(null, arguments);
                        } else {
                            ((java.lang.reflect.Constructor<?>) call).newInstance(arguments);
                        }
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        if (e.getCause() instanceof NullPointerException npe
                                && (npe.getMessage() == null || npe.getMessage().startsWith("Cannot "))) {
                            unnamed.add(type.getSimpleName() + "." + call.getName() + " with null as argument " + (i + 1)
                                    + ": " + npe.getMessage());
                        }
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(tried).as("calls tried").isGreaterThan(150);
        org.assertj.core.api.Assertions.assertThat(unnamed).isEmpty();
    }

    /// The public types of the exported packages of the library's modules.
    private static List<Class<?>> exportedTypes() throws Exception {
        List<Class<?>> types = new java.util.ArrayList<>();
        for (Class<?> member : List.of(SourceCatalog.class, dev.bsee.binary.PickleReader.class,
                dev.bsee.binary.store.BinStore.class, Portal.class, BseeRefresh.class)) {
            Path root = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            String folder = member.getPackageName().replace('.', '/');
            List<String> names;
            if (java.nio.file.Files.isDirectory(root)) {
                try (var files = java.nio.file.Files.list(root.resolve(folder))) {
                    names = files.map(file -> folder + "/" + file.getFileName()).toList();
                }
            } else {
                try (var jar = new java.util.jar.JarFile(root.toFile())) {
                    names = jar.stream().map(java.util.jar.JarEntry::getName)
                            .filter(name -> name.startsWith(folder + "/") && name.indexOf('/', folder.length() + 1) < 0).toList();
                }
            }
            for (String name : names) {
                if (name.endsWith(".class") && !name.endsWith("package-info.class")) {
                    Class<?> type = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                            member.getClassLoader());
                    if (java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                        types.add(type);
                    }
                }
            }
        }
        return types;
    }

    /// Plausible arguments for `parameters`, null at `nullAt`; null when one cannot be made.
    private static Object[] plausible(Class<?>[] parameters, int nullAt) {
        Object[] arguments = new Object[parameters.length];
        for (int k = 0; k < parameters.length; k++) {
            if (k == nullAt) {
                continue;
            }
            arguments[k] = plausible(parameters[k]);
            if (arguments[k] == null) {
                return null;
            }
        }
        return arguments;
    }

    private static Object plausible(Class<?> type) {
        if (type == int.class) return 1;
        if (type == long.class) return 1L;
        if (type == double.class) return 1.0;
        if (type == boolean.class) return false;
        if (type == String.class) return "x";
        if (type == Path.class) return Path.of("x");
        if (type == Duration.class) return Duration.ofSeconds(1);
        if (type == URI.class) return URI.create("http://host.test/x.zip");
        if (type == List.class || type == java.util.Collection.class) return List.of();
        if (type == java.util.Set.class) return java.util.Set.of();
        if (type == Map.class) return Map.of();
        if (type == java.util.Optional.class) return java.util.Optional.empty();
        if (type == Instant.class) return Instant.EPOCH;
        if (type == java.util.regex.Pattern.class) return java.util.regex.Pattern.compile("x");
        if (type == java.time.Clock.class) return java.time.Clock.systemUTC();
        if (type == java.nio.ByteBuffer.class) return java.nio.ByteBuffer.allocate(0);
        if (type.isEnum()) return type.getEnumConstants()[0];
        if (type.isArray()) return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        if (type == dev.bsee.core.TableLayout.class) return dev.bsee.core.TableLayout.headerRow();
        if (type == dev.bsee.core.Column.class) return Int64Column.of();
        if (type == dev.bsee.core.Table.class) return dev.bsee.core.Table.builder().build();
        if (type == dev.bsee.core.BseeSource.class) return SourceCatalog.of().find("apd").orElseThrow();
        if (type == dev.bsee.core.ProgressListener.class) return dev.bsee.core.ProgressListener.none();
        if (type == BufferAllocator.class) return BufferAllocator.heap();
        return null;
    }
}
