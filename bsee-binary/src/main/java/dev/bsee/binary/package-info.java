/// The pickle codec: `PickleWriter`, `PickleReader` and their dialects.
package dev.bsee.binary;
