package dev.bsee.bridge;

import dev.bsee.core.internal.OptionChecks;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/// A configuration that cannot be used: a value of the wrong type, an impossible value, or text that
/// is not YAML. Every problem names its key and line.
public final class ConfigException extends IOException {

    @Serial
    private static final long serialVersionUID = 1L;

    /// The problems; kept as an unmodifiable copy, which serializes.
    private final List<ConfigProblem> problems;

    /// A configuration error.
    ///
    /// @param file the file or name of the configuration
    /// @param problems what is wrong, at least one
    public ConfigException(String file, List<ConfigProblem> problems) {
        super(message(file, java.util.Objects.requireNonNull(problems, "problems")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration error needs at least one problem");
        }
        this.problems = OptionChecks.listOf("problems", problems);
    }

    /// What is wrong, in file order.
    ///
    /// @return the problems
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(String file, List<ConfigProblem> problems) {
        // No count: past a bound the reader lists the first problems and counts the rest in a last one.
        String first = problems.size() == 1 ? "invalid configuration " : "problems in configuration ";
        return problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ", first + dev.bsee.core.internal.SafeText.escape(file) + ":\n  ", ""));
    }
}
