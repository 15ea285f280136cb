/// The model and contracts: tables, columns, dtypes, sources, progress events.
package dev.bsee.core;
