package dev.bsee.examples.packaged;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/// The project's license travels with its code, as the MIT license asks of copies: in every
/// module's jar as `META-INF/LICENSE`, and in the command-line jar, whose `META-INF/LICENSE` is a
/// dependency's (JNA's), as `META-INF/bsee-java-LICENSE`.
class LicenseIT {

    static final Path JAR = Path.of(System.getProperty("bsee.jar", "target/bsee.jar")).toAbsolutePath();
    static final Path LICENSE = Path.of("..", "LICENSE").toAbsolutePath().normalize();

    @Test
    void everyModuleCarriesTheLicense() throws Exception {
        String license = Files.readString(LICENSE);
        assertThat(license).startsWith("MIT License");
        // A class of each module, wherever it was loaded from: a module's jar, or its classes folder.
        for (Class<?> type : List.of(dev.bsee.core.Table.class, dev.bsee.binary.PickleWriter.class,
                dev.bsee.scraper.HttpFetcher.class, dev.bsee.bridge.BseeRefresh.class,
                dev.bsee.examples.FacadeQuickstart.class)) {
            assertThat(licenseBeside(type)).as("META-INF/LICENSE beside " + type.getName()).isEqualTo(license);
        }
    }

    @Test
    void theCommandLineJarCarriesItUnderItsOwnName() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            ZipEntry own = jar.getEntry("META-INF/bsee-java-LICENSE");
            assertThat(own).as("META-INF/bsee-java-LICENSE in " + JAR).isNotNull();
            try (InputStream in = jar.getInputStream(own)) {
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(Files.readString(LICENSE));
            }
        }
    }

    private static String licenseBeside(Class<?> type) throws IOException, URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return Files.readString(location.resolve("META-INF/LICENSE"));
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            ZipEntry entry = jar.getEntry("META-INF/LICENSE");
            assertThat(entry).as("META-INF/LICENSE in " + location).isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
