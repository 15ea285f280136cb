package dev.bsee.bridge;

/// How one source's refresh ended.
public enum SourceOutcome {
    /// New `.bin` files and a new manifest are in place.
    UPDATED,
    /// The server said the archive has not changed (or it was checked within `cache.ttl_hours`);
    /// the previous files stand, untouched.
    UNCHANGED,
    /// Something went wrong; the previous `.bin` files and manifest are left exactly as they were.
    FAILED
}
