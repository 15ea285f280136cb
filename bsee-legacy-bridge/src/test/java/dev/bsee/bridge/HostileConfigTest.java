package dev.bsee.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/// Configuration files that try to hang, exhaust or mislead the reader are refused with the file,
/// key and line named: a huge scalar or file, deep nesting, a huge number, anchors and aliases
/// (billion laughs), merge keys, a second document, a timeout no duration can hold. The time bound
/// on each is only a guard against a hang, far above what the refusal takes.
class HostileConfigTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private ConfigException refused(String name, String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
        return refused(file);
    }

    private static ConfigException refused(Path file) {
        Throwable thrown = assertTimeoutPreemptively(HANG_GUARD, () -> {
            try {
                RefreshConfig.fromYaml(file);
                return null;
            } catch (ConfigException e) {
                return e;
            }
        });
        assertThat(thrown).as("refused").isInstanceOf(ConfigException.class);
        ConfigException e = (ConfigException) thrown;
        assertThat(e.getMessage()).contains(dev.bsee.core.internal.SafeText.escape(file.toString()));
        return e;
    }

    @Test
    void aHugeScalarIsRefusedWithoutReadingItForMinutes() throws IOException {
        // 50 MB in one value: the file is refused by its size before it is parsed.
        ConfigException file = refused("huge.yml", "meta:\n  note: " + "x".repeat(50_000_000) + "\n");
        assertThat(file.getMessage()).contains("the file has 50,000,015 bytes, more than a configuration can (at most 1,048,576)")
                .as("a whole-file problem has no position to name").doesNotContain("line 0", "(document)");
        // Below the file limit, one scalar of 900 kB is still far beyond what a value may hold.
        ConfigException scalar = refused("long.yml", "sources:\n  well:\n    url: \"" + "y".repeat(900_000) + "\"\n");
        assertThat(scalar.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sources.well.url");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("a value of 900,000 characters, more than a configuration value can have"
                    + " (at most 65,536)");
        });
    }

    @Test
    void deepNestingAndHugeNumbersAreRefused() throws IOException {
        // Flow lists, flow mappings and block mappings: refused at the level too deep, by key and line,
        // in the reader's words rather than a parser's.
        StringBuilder block = new StringBuilder("meta:\n");
        for (int level = 1; level <= 200; level++) {
            block.append("  ".repeat(level)).append("k").append(level).append(":\n");
        }
        block.append("  ".repeat(201)).append("x: 1\n");
        for (String[] yaml : new String[][] {{"meta: " + "[".repeat(5000) + "]".repeat(5000) + "\n", "meta" + "[0]".repeat(63), "1"},
                {"meta: " + "{a: ".repeat(5000) + "1" + "}".repeat(5000) + "\n", "meta" + ".a".repeat(63), "1"},
                {block.toString(), "meta.k1.k2.k3", "65"}}) {
            ConfigException deep = refused("deep.yml", yaml[0]);
            assertThat(deep.problems()).singleElement().satisfies(p -> {
                assertThat(p.message()).startsWith("nested more than 64 levels deep").doesNotContain("StreamReadConstraints");
                assertThat(p.key()).startsWith(yaml[1]);
                assertThat(p.line()).isEqualTo(Integer.parseInt(yaml[2]));
            });
        }
        ConfigException number = refused("number.yml", "processing:\n  retries: " + "9".repeat(200_000) + "\n");
        assertThat(number.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
        // Past the parser's own number limit but short of a scalar's: it named its settings, not the key.
        String longNumber = "0".repeat(150) + "1";
        for (String[] yaml : new String[][] {{"processing:\n  retries: " + longNumber + "\n", "processing.retries", "2"},
                {"sources:\n  ogora:\n    years: [" + longNumber + "]\n", "sources.ogora.years[0]", "3"},
                {"sources:\n  ogora:\n    years:\n      - " + longNumber + "\n", "sources.ogora.years[0]", "4"},
                // Under a key nothing reads, which the parser's own limit missed.
                {"data:\n  refresh: true\nmeta:\n  x: " + "9".repeat(150) + "\n", "meta.x", "4"}}) {
            ConfigException digits = refused("digits.yml", yaml[0]);
            assertThat(digits.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo(yaml[1]);
                assertThat(p.line()).isEqualTo(Integer.parseInt(yaml[2]));
                assertThat(p.message()).isEqualTo("a number of more than 100 digits, more than a configuration value can have");
            });
        }
    }

    @Test
    void billionLaughsIsRefusedAtItsFirstAnchor() throws IOException {
        StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("meta:\n  laughs: *a9\n");
        ConfigException e = refused("laughs.yml", yaml.toString());
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("a0");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("anchor");
        });
        ConfigException alias = refused("alias.yml", "sources:\n  well:\n    url: *nowhere\n");
        assertThat(alias.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("alias"));
    }

    @Test
    void mergeKeysAndSecondDocumentsAreRefusedWithKeyAndLine() throws IOException {
        ConfigException merge = refused("merge.yml", """
                processing:
                  retries: 2
                  <<: {parallel: true}
                """);
        assertThat(merge.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("processing.<<");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("merge key");
        });
        ConfigException second = refused("two.yml", """
                processing:
                  retries: 2
                ---
                processing:
                  retries: 9
                """);
        assertThat(second.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isBetween(3, 4);
            assertThat(p.message()).contains("second YAML document");
        });
    }

    /// Nothing expands `~` or `$HOME` in a configured path (neither YAML nor the file system): taken
    /// as written they would make folders named `~` and `$HOME` under the base directory.
    @Test
    void homeAndEnvironmentVariablesInPathsAreRefusedByKeyAndLine() throws IOException {
        ConfigException e = refused("home.yml", """
                output:
                  base_dir: ~/bsee-out
                parameters:
                  filepath:
                    production:
                      zip: $HOME/zips
                      bin: '%USERPROFILE%\\bin'
                    well:
                      zip: data/${ZIPS}/well
                """);
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("output.base_dir",
                "parameters.filepath.production.zip", "parameters.filepath.production.bin",
                "parameters.filepath.well.zip");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 6, 7, 9);
        assertThat(e.problems().getFirst().message()).contains("starts with ~, which is not expanded");
        assertThat(e.problems().get(1).message()).contains("the environment variable $HOME, which is not expanded");
        assertThat(e.problems().get(2).message()).contains("%USERPROFILE%");
        assertThat(e.problems().get(3).message()).contains("${ZIPS}");
        // A dollar or a tilde inside a name is a name.
        assertThat(RefreshConfig.fromYaml(Files.writeString(dir.resolve("fine.yml"),
                "output:\n  base_dir: /srv/a~b/costs$\n"))).isNotNull();
    }

    /// YAML's escapes put any character in a value: a path with a line break made a folder whose
    /// name spans two lines, though `sources.<id>.output` refused one. Every configured path refuses
    /// control characters, naming key and line.
    @Test
    void controlCharactersInPathsAreRefusedByKeyAndLine() throws IOException {
        ConfigException e = refused("control.yml", """
                output:
                  base_dir: "/srv/out\\tput"
                parameters:
                  filepath:
                    production:
                      zip: zips
                      bin: "x\\nnl"
                """);
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("output.base_dir",
                "parameters.filepath.production.bin");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 7);
        assertThat(e.problems().get(0).message()).contains("control character (U+0009)");
        assertThat(e.problems().get(1).message()).contains("\"x\\nnl\" holds a control character (U+000A)");
    }

    /// The same paths given in Java are refused as the file's are, where they are given: a refresh
    /// made `out<LF>x/data/...`, a folder named `~` and one with a terminal's escape in its name.
    @Test
    void pathsGivenInJavaAreRefusedAsTheFileRefusesThem(@TempDir Path dir) {
        assertThatThrownBy(() -> new RefreshConfig.Output(Path.of("/srv/out\tput"), dev.bsee.binary.PickleDialect.PORTABLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a path without control characters but found /srv/out\\tput");
        assertThatThrownBy(() -> new RefreshConfig.Output(Path.of("~/bsee"), dev.bsee.binary.PickleDialect.PORTABLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without '~' or environment variables");
        assertThatThrownBy(() -> RefreshConfig.builder().binFolder("production", Path.of("bin\u001b[2Jx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a path without control characters but found bin\\e[2Jx");
        assertThatThrownBy(() -> RefreshConfig.builder().legacyFolders("production", Path.of("$HOME/zips"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without '~' or environment variables");
        assertThatThrownBy(() -> BseeRefresh.builder().baseDirectory(dir.resolve("a\nb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("baseDirectory holds a control character (U+000A): ");
        assertThatThrownBy(() -> BseeStatus.builder().baseDirectory(dir.resolve("a\nb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("baseDirectory holds a control character (U+000A): ");
        assertThat(new RefreshConfig.Output(Path.of("out"), dev.bsee.binary.PickleDialect.PORTABLE).baseDirectory())
                .hasValue(Path.of("out"));
        assertThat(dir.toFile().list()).isEmpty();
    }

    /// A tag other than YAML's own types was reported as its value's type alone (`!foo true`:
    /// "expected true or false but found "true""), the tag never named; PyYAML's safe_load refuses it.
    @Test
    void tagsOtherThanYamlsOwnAreRefusedNamingTheTag() throws IOException {
        ConfigException e = refused("tags.yml", """
                data:
                  refresh: !foo true
                  war: !!python/object:os.system [ls]
                  well: !!java.net.URL [http://x]
                """);
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2);
        assertThat(e.problems().getFirst().message()).isEqualTo("a tag (!foo): tags are not supported; write the value"
                + " without it");
        assertThat(refused("python.yml", "data:\n  war: !!python/object:os.system [ls]\n").problems().getFirst().message())
                .contains("a tag (!!python/object:os.system)");
        assertThat(RefreshConfig.fromYaml(Files.writeString(dir.resolve("str.yml"), "output:\n  base_dir: !!str /srv/x\n")))
                .as("YAML's own tags are what safe_load takes").isNotNull();
        assertThat(RefreshConfig.fromYaml(Files.writeString(dir.resolve("plain.yml"), "output:\n  base_dir: ! /srv/x\n"))
                .output().baseDirectory()).as("the non-specific tag: a plain string").hasValue(java.nio.file.Path.of("/srv/x"));
    }

    /// A YAML syntax error is one line (the parser's quote of the line and its caret dropped); a
    /// file that is not UTF-8 text is said to be so.
    @Test
    void syntaxErrorsAndBinaryFilesAreOneLine() throws IOException {
        ConfigException syntax = refused("syntax.yml", "data: [unclosed\n");
        assertThat(syntax.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML: ").doesNotContain("\n", "^", "in 'reader'");
            assertThat(p.line()).isPositive();
        });
        Path binary = Files.write(dir.resolve("binary.yml"), new byte[] {0, 1, 2, 'b', (byte) 0xff, (byte) 0xfe});
        assertThat(refused(binary).getMessage()).contains("not UTF-8 text");
    }

    /// A NUL on line 7 was reported at line 1, column 1 (the parser names the document), and a
    /// Latin-1 byte at no line at all.
    @Test
    void aControlCharacterOrAByteThatIsNotUtf8IsNamedWhereItIs() throws IOException {
        ConfigException nul = refused("nul.yml", "data:\n  refresh: true\n  well: true\nparameters:\n  filepath:\n"
                + "    well:\n      zip: zi\u0000ps\n");
        assertThat(nul.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.column()).isEqualTo(14);
            assertThat(p.message()).contains("U+0000");
        });
        Path latin = Files.write(dir.resolve("latin.yml"), "data:\n  refresh: true\n# caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(refused(latin).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(6);
            assertThat(p.message()).contains("not UTF-8 text: byte 0xE9");
        });
    }

    /// YAML allows a list or a mapping as a key (`? [a, b]`, `{[a]: 1}`), which no configuration key
    /// is. Before, the message was the parser's, naming its internal event class
    /// (`got this instead: <org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, ...)>`).
    @Test
    void aKeyThatIsAListOrAMappingIsRefusedInWordsWithKeyAndLine() throws IOException {
        for (String[] yaml : new String[][] {{"data: {[a]: 1}\n", "data", "1"}, {"data:\n  refresh: true\n? {a: 1}\n: 2\n", "(document)", "3"},
                {"sources:\n  fmp:\n    ? [a, b]\n    : 1\n", "sources.fmp", "3"}}) {
            ConfigException e = refused("key.yml", yaml[0]);
            assertThat(e.problems()).as(yaml[0]).singleElement().satisfies(p -> {
                assertThat(p.message()).isEqualTo("a key that is a list or a mapping: a configuration's keys are text");
                assertThat(p.key()).isEqualTo(yaml[1]);
                assertThat(p.line()).isEqualTo(Integer.parseInt(yaml[2]));
            });
        }
    }

    @Test
    void aTimeoutTooLargeToHoldSaysTooLargeWithTheLimit() throws IOException {
        for (String timeout : new String[] {"99999999999999999999", "9999999999999999d", "PT9999999999999999H",
                "PT3000000000000H", "1.0e+99999999", "1.0e+400", "1.0e+2147483648", "1.0e+99999999999"}) {
            ConfigException e = refused("timeout.yml", "sources:\n  well:\n    timeout: " + timeout + "\n");
            assertThat(e.problems()).as(timeout).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("sources.well.timeout");
                assertThat(p.message()).startsWith("too large").contains("9223372036 seconds")
                        .doesNotContain("positive");
            });
        }
    }

    /// A megabyte of the widest ranges of years (`"0000-9999"`, 80,000 times) is read as the years
    /// they name, within the hang guard: added a year at a time, it took 50 s.
    @Test
    void aFileOfWideRangesOfYearsIsReadAtOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("years.yml"), "sources:\n  ogora:\n    years: ["
                + String.join(", ", java.util.Collections.nCopies(80_000, "\"0000-9999\"")) + ", 2019]\n");
        RefreshConfig config = assertTimeoutPreemptively(HANG_GUARD, () -> RefreshConfig.fromYaml(file));
        assertThat(config.sources().get("ogora").years()).hasSize(10_000).contains(0, 1996, 2019, 9999);
        assertThat(config.warnings()).singleElement().satisfies(w -> assertThat(w.key()).isEqualTo("sources.ogora.years"));
    }

    /// A duration of thousands of parts (`1s1s1s...`, `1:00:00:...`) is refused as no duration, its
    /// text clipped: the patterns that read them recurse per part and overflowed the stack.
    @Test
    void aTimeoutOfThousandsOfPartsIsRefusedNotAStackOverflow() throws IOException {
        for (String timeout : new String[] {"'" + "1s".repeat(5000) + "'", "1" + ":00".repeat(5000),
                "'" + "1h 30m ".repeat(3000) + "'"}) {
            ConfigException e = refused("timeout.yml", "sources:\n  well:\n    timeout: " + timeout + "\n");
            assertThat(e.problems()).as(timeout.substring(0, 10)).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("sources.well.timeout");
                assertThat(p.message()).startsWith("expected seconds or a duration such as 90s").contains("characters)")
                        .hasSizeLessThan(200);
            });
        }
    }

    /// A timeout of zero or a negative number is refused as what it is, at the cost of any other
    /// number, whatever its exponent: written out in full, `-1.0e+99999999` has a hundred million
    /// digits, which ran the reader out of memory, and one past what a `BigDecimal` holds
    /// (`-1.0e+2147483648`, `0e99999999999`) was said to be no duration at all, or too large.
    @Test
    void aTimeoutWithAHugeNegativeExponentOrASignIsRefusedAsNotPositive() throws IOException {
        for (String timeout : new String[] {"-1.0e+99999999", "-1.0e+2147483648", "-5", "-0.5", "0.0", "0e99999999999",
                "-0.0e-99999999999"}) {
            ConfigException e = refused("timeout.yml", "sources:\n  well:\n    timeout: " + timeout + "\n");
            assertThat(e.problems()).as(timeout).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("sources.well.timeout");
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.message()).isEqualTo("must be positive but is " + timeout);
            });
        }
    }

    /// A timeout below a millisecond was taken, and every attempt then failed at once with "no
    /// response within 0 ms"; it is refused with its key and line like zero is.
    @Test
    void aTimeoutBelowAMillisecondIsRefused() throws IOException {
        // Positive, however small: a number below a nanosecond (a duration of zero) was said to be
        // not positive.
        for (String timeout : new String[] {"0.0000001", "0.0005", "PT0.0009S", "1e-10", "1.0e-99999999",
                "1.0e-2147483646", "1.0e-2147483648", "1.0e-99999999999"}) {
            ConfigException e = refused("timeout.yml", "sources:\n  well:\n    timeout: " + timeout + "\n");
            assertThat(e.problems()).as(timeout).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("sources.well.timeout");
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.message()).isEqualTo("must be at least 1 ms but is " + timeout);
            });
        }
    }

    /// Every number of a configuration, wherever it stands and however large, is either a value or
    /// a problem naming its key and line: never an exception of the number parser, never a value
    /// that wrapped around (`ttl_hours: 99999999999999` became a negative duration, `1e400` zero).
    @Test
    void anyNumberAnywhereIsAValueOrAProblemWithKeyAndLine() throws IOException {
        for (String ttl : new String[] {"99999999999999", "1e400", "2562047788015216", "1e20"}) {
            ConfigException e = refused("ttl.yml", "cache:\n  ttl_hours: " + ttl + "\n");
            assertThat(e.problems()).as(ttl).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("cache.ttl_hours");
                assertThat(p.line()).isEqualTo(2);
                assertThat(p.message()).startsWith("too large").contains("9223372036 seconds");
            });
        }
        for (String retries : new String[] {"0x7F", "0b1111111", "-0x1", "0777", "1_000"}) {
            ConfigException e = refused("retries.yml", "processing:\n  retries: " + retries + "\n");
            assertThat(e.problems()).as(retries).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("processing.retries");
                assertThat(p.line()).isEqualTo(2);
                assertThat(p.message()).isEqualTo("must be between 0 and 100 but is " + retries);
            });
        }
        // Read as PyYAML reads them: hexadecimal, binary and octal (a leading 0) are whole numbers.
        for (String[] read : new String[][] {{"0x1F", "31"}, {"0b101", "5"}, {"010", "8"}, {"+7", "7"}, {"1_0", "10"}}) {
            RefreshConfig config = RefreshConfig.fromYaml(Files.writeString(dir.resolve("ok.yml"),
                    "processing:\n  retries: " + read[0] + "\nmeta:\n  n: " + read[0] + "\n"));
            assertThat(config.processing().retries()).as(read[0]).isEqualTo(Integer.parseInt(read[1]));
            assertThat(config.meta()).as(read[0]).containsEntry("n", Long.parseLong(read[1]));
        }
        // A timeout too: `010` was ten seconds, and `0x10`, `3.` and `.5` were refused.
        for (String[] read : new String[][] {{"010", "PT8S"}, {"0x10", "PT16S"}, {"0b11", "PT3S"}, {"1_0", "PT10S"},
                {"+3", "PT3S"}, {"3.", "PT3S"}, {".5", "PT0.5S"}, {"1_0.5", "PT10.5S"}, {"10", "PT10S"}, {"2m", "PT2M"},
                // PyYAML's base 60: 1:30 is 90 (it was refused as no duration).
                {"1:30", "PT1M30S"}, {"1:00:00", "PT1H"}, {"1:30.5", "PT1M30.5S"}}) {
            RefreshConfig config = RefreshConfig.fromYaml(Files.writeString(dir.resolve("ok.yml"),
                    "sources:\n  eor:\n    timeout: " + read[0] + "\n"));
            assertThat(config.sources().get("eor").timeout()).as(read[0]).contains(Duration.parse(read[1]));
        }
        RefreshConfig meta = RefreshConfig.fromYaml(Files.writeString(dir.resolve("meta.yml"),
                "meta:\n  a: .inf\n  b: -.Inf\n  c: .NaN\n  d: 0x\n  e: 99999999999999999999999\n  f: 1.5e3\n"));
        assertThat(meta.meta()).containsEntry("a", Double.POSITIVE_INFINITY).containsEntry("b", Double.NEGATIVE_INFINITY)
                .containsEntry("e", new java.math.BigInteger("99999999999999999999999")).containsEntry("f", 1500.0);
        assertThat((Double) meta.meta().get("c")).isNaN();
    }

    /// A folder given as the configuration is refused naming it. Before, the JDK's "Is a directory"
    /// came without the path, and `bsee status --config DIR` printed only `bsee status: Is a directory`.
    @Test
    void aFolderAsTheConfigurationIsRefusedNamingIt() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("conf.d"));
        assertThat(refused(folder).problems()).singleElement().satisfies(p ->
                assertThat(p.toString()).isEqualTo("a folder, not a configuration file"));
    }

    /// An http address with a host name that is not ASCII, or a port past 65535, is an address, but
    /// not one the download can use. Before, the first was "expected an http or https address" (it
    /// is one) and the second passed, to fail at download time with `port out of range:99999`.
    @Test
    void anAddressWithAHostItCannotUseSaysWhy() throws IOException {
        for (String[] yaml : new String[][] {
                {"sources:\n  fmp:\n    url: http://bsee.ex\u00e4mple.com/x.zip\n", "sources.fmp.url",
                        "the host name bsee.ex\u00e4mple.com is not ASCII: write it as its xn-- form (bsee.xn--exmple-cua.com)"},
                {"site:\n  base_url: https://ex\u00e4mple.com/bsee/\n", "site.base_url",
                        "the host name ex\u00e4mple.com is not ASCII: write it as its xn-- form (xn--exmple-cua.com)"},
                {"sources:\n  fmp:\n    url: http://127.0.0.1:99999/x.zip\n", "sources.fmp.url",
                        "the port 99999 is not one (1 to 65535)"},
                {"site:\n  base_url: http://mirror:0/\n", "site.base_url", "the port 0 is not one (1 to 65535)"},
                // A docker-compose service name: an absolute http address, which Java cannot reach.
                {"site:\n  base_url: http://bsee_mirror:8080/\n", "site.base_url", "the host name bsee_mirror holds"
                        + " '_', which a host name in an address cannot hold (letters, digits, '-' and '.'), so the HTTP"
                        + " client cannot reach it by that name: give its IP address, or another name of it"},
                {"sources:\n  fmp:\n    url: http://bsee_mirror/x.zip\n", "sources.fmp.url", "the host name bsee_mirror holds '_'"
                        + ", which a host name in an address cannot hold (letters, digits, '-' and '.'), so the HTTP"
                        + " client cannot reach it by that name: give its IP address, or another name of it"}}) {
            ConfigException e = refused("address.yml", yaml[0]);
            assertThat(e.problems()).as(yaml[0]).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo(yaml[1]);
                assertThat(p.line()).isEqualTo(yaml[1].startsWith("site") ? 2 : 3);
                assertThat(p.message()).isEqualTo(yaml[2]);
            });
        }
    }

    /// A password written into an address is shown nowhere, also where the configuration is refused
    /// for that address. Before, `url: ftp://user:secret@host/x.zip` was quoted whole in the error.
    @Test
    void aPasswordInAnAddressTheConfigurationRefusesIsInNoProblem() throws IOException {
        for (String address : new String[] {"ftp://user:secret@h/x.zip", "http://user:secret@h/%zz",
                "http://user:secret@h:99999/x.zip", "http://user:secret@ex\u00e4mple.com/", "http://user:secret@h/ x"}) {
            ConfigException e = refused("password.yml", "sources:\n  fmp:\n    url: \"" + address + "\"\nsite:\n  base_url: \""
                    + address + "\"\n");
            assertThat(e.problems()).as(address).hasSize(2)
                    .allSatisfy(p -> assertThat(p.message()).doesNotContain("secret"));
            assertThat(e.getMessage()).as(address).doesNotContain("secret");
        }
    }

    /// A configuration that is a device or a pipe has no size to check before reading: it is read
    /// no further than the limit.
    @Test
    void aConfigurationWithoutAnEndIsReadOnlyUpToTheLimit() {
        // Before, the whole of /dev/zero was read until the heap ran out.
        assertThat(refused(Path.of("/dev/zero")).getMessage())
                .contains("the file has more than 1,048,576 bytes, more than a configuration can (at most 1,048,576)");
    }

    /// A pipe nothing writes to held `bsee refresh --config` and `bsee status --config` forever, in
    /// the pipe's opening; one whose writer closes it (`--config <(envsubst < refresh.yml)`) is read.
    @Test
    void aPipeNothingWritesToIsRefusedAndOneWithAWriterIsRead() throws Exception {
        Path silent = dir.resolve("silent.fifo");
        // Another pipe for the writer: the first's reader still waits in its opening, and would take the text.
        Path fifo = dir.resolve("refresh.fifo");
        assertThat(new ProcessBuilder("mkfifo", silent.toString(), fifo.toString()).start().waitFor()).isZero();

        ConfigException e = refused(silent);
        assertThat(e.getMessage()).contains(silent.toString(), "a pipe", "no whole configuration came from it within 10.0 s");
        // `--config <(command)` is a link to a pipe (/dev/fd/63): it is said to be a pipe, not a link.
        Path link = Files.createSymbolicLink(dir.resolve("fd63"), silent);
        assertThat(refused(link).getMessage()).contains("a pipe").doesNotContain("symbolic link");

        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Files.writeString(fifo, "processing:\n  retries: 7\n");
            } catch (IOException ignored) {
                // The read below fails then.
            }
        });
        RefreshConfig config = assertTimeoutPreemptively(HANG_GUARD, () -> RefreshConfig.fromYaml(fifo));
        writer.join();
        assertThat(config.processing().retries()).isEqualTo(7);
    }
    /// A file under the size limit can still hold tens of thousands of keys. Before, each flag of a
    /// source named nowhere got a warning listing every source the file named, so 20,000 of each
    /// (480 kB) made 3 billion characters of warnings and the refresh ran out of memory; and 60,000
    /// unknown keys printed 35 MB of warnings. The problems listed are bounded, the rest counted.
    @Test
    void aFileOfTensOfThousandsOfKeysGivesABoundedListOfProblems() throws IOException {
        int keys = 20_000;
        StringBuilder yaml = new StringBuilder("sources:\n");
        for (int i = 0; i < keys; i++) {
            yaml.append("  s").append(i).append(": {}\n");
        }
        yaml.append("data:\n");
        for (int i = 0; i < keys; i++) {
            yaml.append("  x").append(i).append(": true\n");
        }
        Path warned = Files.writeString(dir.resolve("flags.yml"), yaml);
        RefreshConfig config = assertTimeoutPreemptively(HANG_GUARD, () -> RefreshConfig.fromYaml(warned));
        assertThat(config.warnings()).hasSizeLessThanOrEqualTo(101);
        assertThat(config.warnings()).allSatisfy(w -> assertThat(w.message()).hasSizeLessThan(1000));
        assertThat(config.warnings().getFirst().key()).isEqualTo("data.x0");
        assertThat(config.warnings().getLast().toString()).contains((keys - 100) + " more warnings");

        StringBuilder wrong = new StringBuilder("sources:\n");
        for (int i = 0; i < keys; i++) {
            wrong.append("  s").append(i).append(":\n    url: ftp://host/x.zip\n");
        }
        ConfigException e = refused("urls.yml", wrong.toString());
        assertThat(e.problems()).hasSizeLessThanOrEqualTo(101);
        assertThat(e.problems().getFirst().key()).isEqualTo("sources.s0.url");
        assertThat(e.problems().getLast().toString()).contains((keys - 100) + " more errors");
        assertThat(e.getMessage()).as("no count that says 101").startsWith("problems in configuration")
                .hasSizeLessThan(20_000);
    }

    /// The file name, a key and a value are the user's text, and YAML's escapes (`"\e"`, `"\n"`,
    /// `"\u202e"`) put any character in them: each problem stays one line, with control characters,
    /// line separators and bidirectional overrides escaped, so a configuration cannot forge a line of
    /// the tool's output or move the cursor. Before, `refresh: "a\nbsee refresh: done"` printed the
    /// second line as if the tool had.
    @Test
    void controlCharactersOfTheFileNameKeysAndValuesReachTheMessageEscaped() throws IOException {
        Path file = Files.writeString(dir.resolve("odd\u001b[2J\nforged.yml"),
                "data:\n  refresh: \"a\\nforged value\\e[31m\\u202eZ\"\n  \"k\\rforged key\\u2028\": [1]\n"
                + "sources:\n  fmp:\n    url: \"ftp://h/\\u0007\\u0085x\"\n");
        ConfigException e = refused(file);
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage().lines()).hasSize(3)
                .noneSatisfy(line -> assertThat(line).startsWith("forged"));
        assertThat(e.getMessage().chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7F && c < 0xA0
                || c == 0x2028 || c == 0x202E)).isEmpty();
        assertThat(e.getMessage()).contains("odd\\e[2J\\nforged.yml", "a\\nforged value\\e[31m\\x{202e}Z",
                "\\x07\\x85x");
        assertThat(e.problems().getFirst().message()).as("the problem itself keeps the text").contains("a\nforged");

        RefreshConfig warned = RefreshConfig.fromYaml(Files.writeString(dir.resolve("warned.yml"),
                "data:\n  \"k\\nforged key\\e[2J\": [1]\n"));
        assertThat(warned.warnings()).singleElement().satisfies(w ->
                assertThat(w.toString()).isEqualTo("data.k\\nforged key\\e[2J (line 2, column 3): unknown key, ignored"));
    }
}
