package dev.bsee.bridge;

/// How old a source's folder is against its cadence (see [BseeStatus]).
public enum Freshness {
    /// Refreshed (downloaded, or confirmed unchanged by the server) within its stale limit.
    FRESH,
    /// Last refreshed longer ago than its stale limit.
    STALE,
    /// No refresh of this SDK ever wrote or confirmed the folder (no manifest).
    NEVER,
    /// The folder could not be checked (locked by a refresh, unreadable); the status's errors say why.
    UNKNOWN
}
