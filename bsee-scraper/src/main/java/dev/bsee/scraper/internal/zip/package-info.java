/// Streaming zip support behind [dev.bsee.scraper.ZipStreamProcessor]: archive signatures, counted
/// archive input, entry name rules, per-entry streams and the archive's inflation budget. Internal
/// to bsee-scraper and not API, whatever the class path allows: it is not exported and may change in
/// any release.
package dev.bsee.scraper.internal.zip;
