package dev.bsee.binary;

/// The pickle refers to a Python global outside the reader's allow-list (such as `os.system` or
/// `builtins.eval`). The reader refuses it when it meets the reference, before it builds anything
/// from it, and never runs code.
public final class UnsafePickleException extends PickleFormatException {
    private static final long serialVersionUID = 1L;

    /// The refused global, as `module.name`.
    private final String global;

    /// A new exception.
    ///
    /// @param global the refused global, as `module.name`
    /// @param message the full message, naming the global
    public UnsafePickleException(String global, String message) {
        super(message);
        this.global = global;
    }

    /// The refused global.
    ///
    /// @return `module.name`, e.g. `os.system`
    public String global() {
        return global;
    }
}
