/// jqwik arbitraries for data shaped like the BSEE raw-data downloads, for property tests of code
/// that reads, filters or aggregates BSEE tables.
///
/// - [dev.bsee.testkit.BseeArbitraries]: values (API well numbers, lease numbers, BSEE dates,
///   volumes, surrogate keys, multi-line remarks), [dev.bsee.core.Table]s with the dtypes pandas
///   infers from the published files, and BSEE-style CSV text.
/// - [dev.bsee.testkit.BseeCsv]: writes a table as BSEE publishes it, so a parser can be tested
///   against a known answer.
///
/// Add `dev.bsee:bsee-testkit` with test scope; it brings jqwik with it.
package dev.bsee.testkit;
