package dev.bsee.scraper;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// Streams an archive of `count` one-row entries through the pipelined walk (two workers) and prints
/// how many it converted; run by [EntryPipelineTest] in a JVM with a small heap.
public final class ManyEntriesChild {

    private ManyEntriesChild() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put("e" + i + ".txt", "A,B\n" + i + ",x\n");
        }
        byte[] archive = ZipStreamProcessorTest.zip(entries);
        List<EntrySummary> summaries = ZipStreamProcessor.builder().parallelism(2).spoolDirectory(Path.of(args[0]))
                .build().process(new ByteArrayInputStream(archive), "many.zip", e -> { });
        System.out.println(summaries.size());
    }
}
