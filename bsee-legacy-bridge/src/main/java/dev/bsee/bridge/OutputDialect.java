package dev.bsee.bridge;

/// The pickle dialect of written `.bin` files (`output.dialect`).
public enum OutputDialect {
    /// `numpy.core` globals: loads in pandas 1.5 and 2.2.
    PORTABLE,
    /// `numpy._core` globals, like the Python system's files: pandas 2 with numpy 2 only.
    NUMPY2
}
