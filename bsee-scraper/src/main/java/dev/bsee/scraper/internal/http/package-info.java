/// The HTTP engine behind [dev.bsee.scraper.HttpFetcher] and [dev.bsee.scraper.Portal]: attempts and
/// retry waits, redirects, resumed transfers, body timeouts, header parsing, progress and the portal
/// page parser. Internal to bsee-scraper and not API, whatever the class path allows: it is not
/// exported and may change in any release.
package dev.bsee.scraper.internal.http;
