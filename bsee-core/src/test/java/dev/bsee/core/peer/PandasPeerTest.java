package dev.bsee.core.peer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PandasPeerTest {

    @ParameterizedTest
    @EnumSource(PandasPeer.Kind.class)
    void peersRunTheExpectedPandasAndSeeStagedFiles(PandasPeer.Kind kind) throws Exception {
        try (PandasPeer peer = PandasPeer.start(kind)) {
            assertThat(peer.pandasVersion()).startsWith(kind == PandasPeer.Kind.PANDAS15 ? "1.5" : "2.2");
            Path csv = peer.newFile("t.csv");
            Files.writeString(csv, "A,B\n1,x\n,y\n");
            var described = peer.call("result = describe(read_csv_like_legacy(args['p']))",
                    Map.of("p", peer.peerPath(csv)));
            assertThat(described.get("dtypes").toString()).isEqualTo("[\"float64\",\"object\"]");
            assertThat(described.get("data").get(0).get(1).asDouble()).isNaN();
            assertThatThrownBy(() -> peer.call("import warnings; warnings.warn('x', DeprecationWarning)", Map.of()))
                    .isInstanceOf(PandasPeer.PeerError.class).hasMessageContaining("DeprecationWarning");
        }
    }
}
