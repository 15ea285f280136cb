package dev.bsee.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void aChainIsEachExceptionOnceInOrder() {
        IOException root = new IOException("disk");
        UncheckedIOException wrapper = new UncheckedIOException("wrapped", root);

        assertThat(Causes.of(wrapper)).containsExactly(wrapper, root);
        assertThat(Causes.find(wrapper, IOException.class)).containsSame(root);
        assertThat(Causes.find(wrapper, IllegalStateException.class)).isEmpty();
    }

    /// `initCause` refuses only an exception as its own cause: a loop of two ends the walk.
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aLoopOfCausesEndsTheWalk() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);

        assertThat(Causes.of(a)).containsExactly(a, b);
        assertThat(Causes.find(a, IOException.class)).isEmpty();
    }

    @Test
    void aLongChainIsCut() {
        Exception failure = new Exception("0");
        for (int i = 1; i < 1000; i++) {
            failure = new Exception(Integer.toString(i), failure);
        }

        assertThat(Causes.of(failure)).hasSize(Causes.MOST).first().isSameAs(failure);
    }
}
