/// Composes the refresh: YAML configuration, the [dev.bsee.bridge.RefreshRouter], legacy and
/// enhanced paths, the output layout, and the `BseeRefresh` facade.
module dev.bsee.bridge {
    requires transitive dev.bsee.core;
    requires transitive dev.bsee.binary;
    requires transitive dev.bsee.scraper;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;

    exports dev.bsee.bridge;
    // bsee convert into a folder a refresh keeps takes that folder's lock and recovers it first.
    exports dev.bsee.bridge.internal to dev.bsee.examples;
}
