/// The pandas-compatible pickle codec: writes [dev.bsee.core.Table]s as `.bin` files that
/// `pickle.load` turns into DataFrames, and reads such files back safely, alone or as a folder of
/// tables queried like pandas (`dev.bsee.binary.store`).
module dev.bsee.binary {
    requires transitive dev.bsee.core;

    requires chronicle.bytes;
    requires chronicle.core;

    exports dev.bsee.binary;
    exports dev.bsee.binary.store;
}
