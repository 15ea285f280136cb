/// Runnable examples, the offline demo mirror and the `bsee` command-line tool.
module dev.bsee.examples {
    // Transitive: the examples' and the demo mirror's public methods take and return the SDK's types
    // (`DemoMirror.catalog()` a `SourceCatalog`), which an application requiring this module uses.
    requires transitive dev.bsee.bridge;
    requires info.picocli;
    requires jdk.httpserver;
    requires com.fasterxml.jackson.core;
    requires de.siegmar.fastcsv;
    requires org.apache.commons.io;
    requires java.logging;
    // The JVM options `java -jar bsee.jar` was started with: see JvmRelaunch.
    requires java.management;
    // The open-file limit a refresh checks first: see OpenFileLimit.
    requires jdk.management;
    // Which signal stops the JVM, for the exit code a --json document states: see StopSignal.
    requires jdk.unsupported;

    exports dev.bsee.examples;
    exports dev.bsee.examples.mirror;

    opens dev.bsee.examples.cli to info.picocli;
}
