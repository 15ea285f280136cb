/// jqwik arbitraries for BSEE-shaped [dev.bsee.core.Table]s and CSV text, for property tests.
module dev.bsee.testkit {
    requires transitive dev.bsee.core;
    requires transitive net.jqwik.api;
    requires de.siegmar.fastcsv;

    exports dev.bsee.testkit;
}
