package dev.bsee.scraper;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/// Converts a two-entry archive with two workers, in a JVM whose [WarmUpGate] is still closed, with
/// a sink that waits for the other entry's sink, and prints `met`; run by [WarmUpGateTest]. `stream`
/// reads the archive as a stream, `file` from a file in the folder given.
public final class MeetingSinksChild {

    private MeetingSinksChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String name : new String[] {"first.txt", "second.txt"}) {
            StringBuilder text = new StringBuilder("ID,NAME\n");
            for (int row = 0; row < 20_000; row++) {
                text.append(row).append(",\"n").append(row % 13).append("\"\n");
            }
            entries.put(name, text.toString());
        }
        byte[] archive = ZipStreamProcessorTest.zip(entries);
        Path folder = Path.of(args[1]);
        CyclicBarrier bothSinks = new CyclicBarrier(2);
        ZipStreamProcessor processor = ZipStreamProcessor.builder().parallelism(2).spoolDirectory(folder).build();
        EntrySink meet = entry -> {
            try {
                bothSinks.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(entry.entryName() + ": the other entry's sink never came", e);
            }
        };
        if (args[0].equals("stream")) {
            processor.process(new ByteArrayInputStream(archive), "two.zip", meet);
        } else {
            Path zip = Files.write(folder.resolve("two.zip"), archive);
            processor.process(zip, meet);
        }
        System.out.println("met");
    }
}
