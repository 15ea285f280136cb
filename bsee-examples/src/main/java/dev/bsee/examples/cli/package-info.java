/// The `bsee` command-line tool.
package dev.bsee.examples.cli;
