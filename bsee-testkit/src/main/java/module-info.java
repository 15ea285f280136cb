/// jqwik arbitraries for BSEE-shaped [dev.bsee.core.Table]s and CSV text, for property tests.
module dev.bsee.testkit {
    requires transitive dev.bsee.core;
    requires transitive net.jqwik.api;

    exports dev.bsee.testkit;
}
