/// The pandas-compatible pickle codec: writes [dev.bsee.core.Table]s as `.bin` files that
/// `pickle.load` turns into DataFrames, and reads such files back safely, alone or as a folder of
/// tables queried like pandas (`dev.bsee.binary.store`).
module dev.bsee.binary {
    requires transitive dev.bsee.core;

    requires chronicle.bytes;
    requires chronicle.core;

    exports dev.bsee.binary;
    exports dev.bsee.binary.store;
    // Spill buffers for the column builders of the refresh and the CLI: shared with the project's
    // own modules only, not API.
    exports dev.bsee.binary.internal to dev.bsee.bridge, dev.bsee.examples;
}
