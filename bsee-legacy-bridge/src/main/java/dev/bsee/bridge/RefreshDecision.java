package dev.bsee.bridge;

import dev.bsee.core.internal.OptionChecks;

import java.util.List;
import java.util.Objects;

/// Which paths and sources a refresh runs, and why: the [RefreshRouter]'s reading of a
/// [RefreshConfig].
///
/// @param legacy whether the legacy path runs
/// @param enhanced whether the enhanced path runs
/// @param legacySources the source ids the legacy path converts, in order
/// @param enhancedSources the source ids the enhanced path downloads, in order
/// @param reasons one sentence per decision, e.g. `enhanced path runs: enhanced_mode is true`
public record RefreshDecision(boolean legacy, boolean enhanced, List<String> legacySources,
                              List<String> enhancedSources, List<String> reasons) {

    /// Copies the lists.
    public RefreshDecision {
        legacySources = OptionChecks.listOf("legacySources", legacySources);
        enhancedSources = OptionChecks.listOf("enhancedSources", enhancedSources);
        reasons = OptionChecks.listOf("reasons", reasons);
    }

    /// Whether anything runs at all.
    ///
    /// @return true when at least one source runs on some path
    public boolean runsAnything() {
        return !legacySources.isEmpty() || !enhancedSources.isEmpty();
    }
}
