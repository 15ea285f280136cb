package dev.bsee.bridge;

/// How one source's refresh ended.
public enum SourceOutcome {
    /// New `.bin` files and a new manifest are in place.
    UPDATED,
    /// The server said the archive has not changed (or it was checked within `cache.ttl_hours`), or
    /// its conversion (the legacy path's zips, an archive downloaded again) gave byte for byte the
    /// files the folder holds as the last refresh wrote them; the previous files stand, untouched.
    UNCHANGED,
    /// Something went wrong; the previous `.bin` files and manifest are left exactly as they were.
    FAILED
}
