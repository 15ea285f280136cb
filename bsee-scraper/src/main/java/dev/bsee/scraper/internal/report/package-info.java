/// What a download tells the refresh beside its result: the requests it made and the bytes that
/// arrived, also when it fails. Internal to bsee-scraper and not API: exported to the refresh
/// (`dev.bsee.bridge`) only, and may change in any release.
package dev.bsee.scraper.internal.report;
