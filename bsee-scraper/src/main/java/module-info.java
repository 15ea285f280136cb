/// Gets BSEE archives and turns them into [dev.bsee.core.Table]s: HTTP download with retries and
/// resume, portal link discovery, streaming zip processing and pandas-compatible CSV parsing.
module dev.bsee.scraper {
    requires transitive dev.bsee.core;
    requires java.net.http;
    requires org.jsoup;

    exports dev.bsee.scraper;
}
