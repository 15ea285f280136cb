/// An offline stand-in for the BSEE download site: [dev.bsee.examples.mirror.DemoArchives] generates
/// small archives shaped like the real ones, and [dev.bsee.examples.mirror.DemoMirror] serves them on
/// the loopback interface at the real paths, for the `bsee demo` command, the examples and tests.
package dev.bsee.examples.mirror;
