/// Gets BSEE archives and turns them into [dev.bsee.core.Table]s: HTTP download with retries and
/// resume, portal link discovery, streaming zip processing and pandas-compatible CSV parsing.
module dev.bsee.scraper {
    requires transitive dev.bsee.core;
    requires java.net.http;
    requires org.jsoup;
    // Code page 437, which zip entry names without the UTF-8 flag are in (an image made with
    // jlink has it only when a module asks for it).
    requires jdk.charsets;

    exports dev.bsee.scraper;
    // What a download took (requests, bytes), also when it fails: for the refresh's report, not API.
    exports dev.bsee.scraper.internal.report to dev.bsee.bridge;
    // The proxy variables of the environment, which the command-line tool reads, and the failure
    // by which a refresh's streamed reader has a cut download start over: not API.
    exports dev.bsee.scraper.internal.http to dev.bsee.examples, dev.bsee.bridge;
}
