/// Short runnable programs showing the SDK's parts, each against the embedded demo mirror:
///
/// - [dev.bsee.examples.ComposeRefreshByHand]: fetcher, zip processor and pickle writer put together;
/// - [dev.bsee.examples.FilterByWell]: `.bin` files read and filtered by API well number;
/// - [dev.bsee.examples.ConvertLocalArchive]: a zip on disk converted, entries in parallel;
/// - [dev.bsee.examples.WatchProgress]: progress events of a download and its conversion.
///
/// Run one with `java -cp bsee-examples/target/bsee.jar dev.bsee.examples.<Name>`.
package dev.bsee.examples;
