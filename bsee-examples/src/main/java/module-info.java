/// Runnable examples and the `bsee` command-line tool.
module dev.bsee.examples {
    requires dev.bsee.bridge;
    requires info.picocli;
    requires com.fasterxml.jackson.core;

    opens dev.bsee.examples.cli to info.picocli;
}
