package io.fluxgate.itests.e2e;

import static io.fluxgate.itests.e2e.RunningWorker.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's file replaced in place (same name, so FileInstall updates its bundle, then refreshes it) by a release
 * whose connector reports another version: the running connector is stopped once, its offsets committed, and started
 * once on the new release; the topic then holds each number of its sequence exactly once.
 */
class PluginInPlaceUpgradeTest {

    static final Path VERSIONED = Path.of(System.getProperty("fluxgate.test.plugins", "target/test-plugins"),
            "versioned");

    @Test
    void anUpgradeInPlaceRestartsTheConnectorOnceOnTheNewVersionWithItsOffsetsCommitted(@TempDir Path dir)
            throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        Path plugin = dist.home.resolve("plugins/versioned.jar");
        Files.copy(VERSIONED.resolve("versioned-1.0.0.jar"), plugin);
        Path starts = dir.resolve("starts.txt");
        // Offsets are committed only by the stop the upgrade makes: a commit missed there shows as duplicates.
        try (RunningWorker worker = RunningWorker.start(dist, Map.of("offset.flush.interval.ms", "600000"))) {
            worker.create("sequence", "{\"connector.class\":\"SequenceSource\",\"topic\":\"sequence\","
                    + "\"starts.file\":\"" + starts + "\","
                    + "\"key.converter\":\"org.apache.kafka.connect.storage.StringConverter\","
                    + "\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\"}");
            await("sequence RUNNING on 1.0.0", Duration.ofSeconds(60), () -> worker.runningOn("sequence", 1, "1.0.0"));
            await("200 numbers written", Duration.ofSeconds(60), () -> worker.records("sequence").size() >= 200);

            Path part = plugin.resolveSibling(".versioned.jar.part");
            Files.copy(VERSIONED.resolve("versioned-2.0.0.jar"), part);
            Files.move(part, plugin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            await("sequence RUNNING on 2.0.0", Duration.ofSeconds(60), () -> worker.runningOn("sequence", 1, "2.0.0"));
            int before = worker.records("sequence").size();
            await("numbers written by 2.0.0", Duration.ofSeconds(60),
                    () -> worker.records("sequence").size() >= before + 200);
            Thread.sleep(2_000); // a second restart (a refresh after the update) would happen meanwhile
            assertTrue(worker.runningOn("sequence", 1, "2.0.0"), worker.connectorStatus("sequence").toString());
            assertEquals(List.of("connector 1.0.0", "task 1.0.0", "connector 2.0.0", "task 2.0.0"),
                    Files.readAllLines(starts), "stopped and started exactly once, onto 2.0.0");

            List<ConsumerRecord<byte[], byte[]>> records = worker.records("sequence");
            List<Long> numbers = records.stream().map(r -> Long.parseLong(new String(r.value(),
                    StandardCharsets.UTF_8))).toList();
            TreeSet<Long> distinct = new TreeSet<>(numbers);
            assertEquals(numbers.size(), distinct.size(), "no number written twice: offsets were committed before "
                    + "the stop");
            assertEquals(numbers.size() - 1, distinct.last(), "no number lost");
            List<String> releases = records.stream().map(r -> release(r.headers().lastHeader("release"))).distinct()
                    .toList();
            assertEquals(List.of("1.0.0", "2.0.0"), releases, "written by 1.0.0, then by 2.0.0 only");
        }
    }

    private static String release(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
