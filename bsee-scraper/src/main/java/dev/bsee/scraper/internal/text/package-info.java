/// The pandas-compatible text table parser behind [dev.bsee.scraper.CsvTableReader] and
/// [dev.bsee.scraper.ZipStreamProcessor]: tokenizing, NA tokens, header names, number rules and
/// column conversion. Internal to bsee-scraper and not API, whatever the class path allows: it is
/// not exported and may change in any release.
package dev.bsee.scraper.internal.text;
