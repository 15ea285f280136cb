/// Reading folders of `.bin` files from Java: [dev.bsee.binary.store.BinStore] lists and reads
/// them, a [dev.bsee.binary.store.Query] keeps columns and the rows that pass
/// [dev.bsee.binary.store.Condition]s, as pandas' `df[df[col].isin(values)][[a, b]]` does.
package dev.bsee.binary.store;
