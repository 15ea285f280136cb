package dev.bsee.binary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.Table;
import dev.bsee.core.peer.Fixtures;
import dev.bsee.core.peer.PandasPeer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/// Every `.bin` file the Python system wrote reads into the table pandas 2.2 sees in it, value by
/// value, and writing it back in either dialect gives a file pandas 2.2 loads as an equal DataFrame.
class LegacyFixturesTest {

    @Test
    void everyLegacyFileReadsAsPandasSeesItAndSurvivesARewrite() throws IOException {
        List<Path> files = Fixtures.legacyBins();
        assertThat(files).hasSizeGreaterThanOrEqualTo(16);
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            List<String> staged = files.stream().map(peer::stage).toList();
            JsonNode described = peer.call("result = [describe(load_pickle(p)) for p in args['paths']]",
                    Map.of("paths", staged));
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Table table = PickleReader.of().read(files.get(i));
                DescribedFrames.assertMatches(table, described.get(i), files.get(i).getFileName().toString());
                for (PickleDialect dialect : PickleDialect.values()) {
                    Path rewritten = peer.newFile(dialect + "-" + files.get(i).getFileName());
                    try (OutputStream out = Files.newOutputStream(rewritten)) {
                        PickleWriter.builder().dialect(dialect).build().write(table, out);
                    }
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("original", staged.get(i));
                    item.put("rewritten", peer.peerPath(rewritten));
                    items.add(item);
                }
            }
            JsonNode results = peer.call(PandasWrittenPicklesTest.COMPARE_REWRITTEN, Map.of("items", items));
            for (int i = 0; i < items.size(); i++) {
                assertThat(results.get(i).get("equal").asBoolean()).as(items.get(i) + ": " + results.get(i).get("reason").asText())
                        .isTrue();
            }
        }
    }
}
