/// jqwik arbitraries for BSEE-shaped data.
package dev.bsee.testkit;
