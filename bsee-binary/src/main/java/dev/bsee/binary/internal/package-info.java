/// Implementation of bsee-binary that other bsee-java modules use, exported to them alone: column
/// buffers that spill past a heap budget into memory-mapped files ([SpillingAllocator]), which the
/// refresh and the `bsee convert` command hand to the zip processor. Nothing here reads or writes
/// pickles. Not API: it may change in any release.
package dev.bsee.binary.internal;
