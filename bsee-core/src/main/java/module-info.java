/// The model and contracts of bsee-java: typed columnar [dev.bsee.core.Table]s (the in-Java form of a
/// pandas DataFrame), the [dev.bsee.core.BseeSource] catalog, and progress events.
///
/// This module has no dependencies beyond the JDK: no network, no pickle.
module dev.bsee.core {
    exports dev.bsee.core;
    // The one implementation of what every module needs (Python-style value text, message text,
    // strict UTF-8, atomic file replacement): shared with the project's own modules only, not API.
    exports dev.bsee.core.internal to dev.bsee.binary, dev.bsee.scraper, dev.bsee.bridge, dev.bsee.testkit,
            dev.bsee.examples;
}
