/// The model and contracts of bsee-java: typed columnar [dev.bsee.core.Table]s (the in-Java form of a
/// pandas DataFrame), the [dev.bsee.core.BseeSource] catalog, and progress events.
///
/// This module has no dependencies beyond the JDK: no network, no pickle.
module dev.bsee.core {
    exports dev.bsee.core;
}
