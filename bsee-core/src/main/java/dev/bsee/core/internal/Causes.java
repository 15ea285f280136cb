package dev.bsee.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// The one walk of an exception's causes. `Throwable.initCause` refuses only an exception as its own
/// cause, so `a` caused by `b` caused by `a` can be built, and a walk that follows `getCause()` until
/// it is null never ends on it: this one stops at an exception it has seen and after
/// [#MOST] links.
public final class Causes {

    /// The most exceptions a chain holds; the JDK's own chains are a few links long.
    static final int MOST = 32;

    private Causes() {
    }

    /// `failure`, then its cause, then that one's, each once, at most [#MOST] of them.
    ///
    /// @param failure the exception
    /// @return the chain, `failure` first
    public static List<Throwable> of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MOST && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /// The first exception of `failure`'s chain that is a `type`.
    ///
    /// @param <T> the type
    /// @param failure the exception
    /// @param type the type looked for
    /// @return the first one, or empty
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        return of(failure).stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
