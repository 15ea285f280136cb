package dev.bsee.binary;

/// Which numpy module names a written pickle refers to.
///
/// numpy 2 moved its internals from `numpy.core` to `numpy._core`. A pickle names the function that
/// rebuilds each array, so the choice decides which Python environments can load the file:
///
/// | dialect | array globals | loads in |
/// | --- | --- | --- |
/// | [#PORTABLE] | `numpy.core.multiarray._reconstruct` | pandas 1.5 / numpy 1.24 and pandas 2.x / numpy 2.x, without a warning |
/// | [#NUMPY2] | `numpy._core.multiarray._reconstruct` | pandas 2.x with numpy 2.x only (like the files the Python system wrote) |
///
/// Everything else in the file is the same in both dialects.
public enum PickleDialect {
    /// `numpy.core.*` globals: loads in numpy 1.x and 2.x. The default.
    PORTABLE("numpy.core.multiarray"),
    /// `numpy._core.*` globals, as pandas 2.x on numpy 2.x writes them; numpy 1.x cannot load these.
    NUMPY2("numpy._core.multiarray");

    private final String multiarrayModule;

    PickleDialect(String multiarrayModule) {
        this.multiarrayModule = multiarrayModule;
    }

    /// The module that provides `_reconstruct` in this dialect.
    ///
    /// @return the module name, e.g. `numpy.core.multiarray`
    public String multiarrayModule() {
        return multiarrayModule;
    }
}
