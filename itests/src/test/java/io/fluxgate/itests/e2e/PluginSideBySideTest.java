package io.fluxgate.itests.e2e;

import static io.fluxgate.itests.e2e.RunningWorker.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two releases of one plugin installed side by side (versioned-1.0.0.jar and versioned-2.0.0.jar: the same classes),
 * on the assembled distribution: {@code connector.plugin.version} and the {@code *.plugin.version} of converters,
 * transformations and predicates (KIP-891) pick the version, the newest by default; statuses report the version that
 * runs; {@code GET /connector-plugins} lists one row per version. Removing one release acts on every connector that
 * uses it, through its connector class or through a transformation only: FAILED naming the file, or moved to the
 * other release when its settings accept it; it comes back when the file does.
 */
class PluginSideBySideTest {

    private static final String STRING_CONVERTERS = "\"key.converter\":\"org.apache.kafka.connect.storage.StringConverter\","
            + "\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\"";

    @Test
    void versionsAreChosenPerPluginAndARemovedReleaseActsOnItsUsers(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        Path plugins = dist.home.resolve("plugins");
        Path release1 = plugins.resolve("versioned-1.0.0.jar");
        Files.copy(PluginInPlaceUpgradeTest.VERSIONED.resolve("versioned-1.0.0.jar"), release1);
        Path input = dir.resolve("input.txt");
        Files.writeString(input, "a line\n");
        try (RunningWorker worker = RunningWorker.start(dist, Map.of())) {
            // Created while 1.0.0 is the only release: it runs 1.0.0, and keeps running it when 2.0.0 lands.
            worker.create("early", "{\"connector.class\":\"SequenceSource\",\"topic\":\"early\"," + STRING_CONVERTERS
                    + "}");
            await("early RUNNING on 1.0.0", Duration.ofSeconds(60), () -> worker.runningOn("early", 1, "1.0.0"));
            drop(PluginInPlaceUpgradeTest.VERSIONED.resolve("versioned-2.0.0.jar"),
                    plugins.resolve("versioned-2.0.0.jar"));
            await("2.0.0 listed", Duration.ofSeconds(30), () -> versions(worker, "SequenceSourceConnector", true)
                    .equals(List.of("1.0.0", "2.0.0")));
            for (String plugin : List.of("VersionedConverter", "VersionedHeaderConverter", "VersionTagTransformation",
                    "VersionPredicate")) {
                assertEquals(List.of("1.0.0", "2.0.0"), versions(worker, plugin, false), plugin + ": one row each");
            }
            assertTrue(worker.runningOn("early", 1, "1.0.0"), "a running connector is not moved by an install");

            // Each plugin in the version its setting asks for, whatever the others use.
            worker.create("pinned", "{\"connector.class\":\"SequenceSource\",\"topic\":\"pinned\","
                    + "\"connector.plugin.version\":\"[1.0,2.0)\","
                    + "\"key.converter\":\"VersionedConverter\",\"key.converter.plugin.version\":\"2.0.0\","
                    + "\"value.converter\":\"VersionedConverter\",\"value.converter.plugin.version\":\"1.0.0\","
                    + "\"header.converter\":\"VersionedHeaderConverter\","
                    + "\"header.converter.plugin.version\":\"[2.0,3.0)\","
                    + "\"transforms\":\"tag\",\"transforms.tag.type\":\"VersionTagTransformation\","
                    + "\"transforms.tag.plugin.version\":\"1.0.0\",\"transforms.tag.predicate\":\"all\","
                    + "\"predicates\":\"all\",\"predicates.all.type\":\"VersionPredicate\","
                    + "\"predicates.all.plugin.version\":\"2.0.0\"}");
            // The newest of everything by default.
            worker.create("latest", "{\"connector.class\":\"SequenceSource\",\"topic\":\"latest\"," + STRING_CONVERTERS
                    + ",\"transforms\":\"tag\",\"transforms.tag.type\":\"VersionTagTransformation\"}");
            // A connector from another plugin (connect-file) that uses a transformation of release 1.0.0 only.
            worker.create("file-tagged", "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + input + "\","
                    + "\"topic\":\"file-tagged\"," + STRING_CONVERTERS + ",\"transforms\":\"tag\","
                    + "\"transforms.tag.type\":\"VersionTagTransformation\","
                    + "\"transforms.tag.plugin.version\":\"1.0.0\"}");
            await("pinned RUNNING on 1.0.0", Duration.ofSeconds(60), () -> worker.runningOn("pinned", 1, "1.0.0"));
            await("latest RUNNING on 2.0.0", Duration.ofSeconds(60), () -> worker.runningOn("latest", 1, "2.0.0"));
            await("file-tagged RUNNING", Duration.ofSeconds(60), () -> worker.runningOn("file-tagged", 1, "4.3.1"));

            ConsumerRecord<byte[], byte[]> pinned = first(worker, "pinned");
            assertEquals("2.0.0:sequence", text(pinned.key()), "key converter 2.0.0");
            assertTrue(text(pinned.value()).startsWith("1.0.0:"), "value converter 1.0.0: " + text(pinned.value()));
            assertEquals("2.0.0:1.0.0", header(pinned, "release"), "connector 1.0.0, header converter 2.0.0");
            assertEquals("2.0.0:1.0.0", header(pinned, "transformed.by"), "transformation 1.0.0");
            assertEquals("2.0.0:2.0.0", header(pinned, "tested.by"), "predicate 2.0.0");
            ConsumerRecord<byte[], byte[]> latest = first(worker, "latest");
            assertEquals("2.0.0", header(latest, "release"));
            assertEquals("2.0.0", header(latest, "transformed.by"));
            assertEquals("1.0.0", header(first(worker, "file-tagged"), "transformed.by"));

            // A version no release has: refused with the versions there are.
            HttpResponse<String> refused = worker.send(HttpRequest.newBuilder(worker.base.resolve(
                    "/connectors/too-new/config")).header("Content-Type", "application/json").PUT(
                    HttpRequest.BodyPublishers.ofString("{\"connector.class\":\"SequenceSource\",\"topic\":\"x\","
                            + "\"connector.plugin.version\":\"[3.0,)\"}")));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("1.0.0") && refused.body().contains("2.0.0"), refused.body());

            // Release 1.0.0 removed: its users fail naming it, or move to 2.0.0 when their settings allow.
            Files.delete(release1);
            for (String connector : List.of("pinned", "file-tagged")) {
                await(connector + " FAILED", Duration.ofSeconds(30), () -> worker.connectorStatus(connector)
                        .path("connector").path("state").asText().equals("FAILED"));
                String trace = worker.connectorStatus(connector).path("connector").path("trace").asText();
                assertTrue(trace.contains("was removed") && trace.contains("versioned-1.0.0.jar"), trace);
            }
            await("early moved to 2.0.0", Duration.ofSeconds(30), () -> worker.runningOn("early", 1, "2.0.0"));
            assertTrue(worker.runningOn("latest", 1, "2.0.0"), "a connector on the other release is not disturbed");

            // Back: they return by themselves.
            drop(PluginInPlaceUpgradeTest.VERSIONED.resolve("versioned-1.0.0.jar"), release1);
            await("pinned back on 1.0.0", Duration.ofSeconds(60), () -> worker.runningOn("pinned", 1, "1.0.0"));
            await("file-tagged back", Duration.ofSeconds(60), () -> worker.runningOn("file-tagged", 1, "4.3.1"));
        }
    }

    /** The versions {@code GET /connector-plugins} lists for the class with this simple name. */
    private static List<String> versions(RunningWorker worker, String simpleName, boolean connectorsOnly) {
        List<String> versions = new ArrayList<>();
        for (JsonNode plugin : worker.json("/connector-plugins" + (connectorsOnly ? "" : "?connectorsOnly=false"))) {
            if (plugin.path("class").asText().endsWith("." + simpleName)) {
                versions.add(plugin.path("version").asText());
            }
        }
        return versions;
    }

    private static ConsumerRecord<byte[], byte[]> first(RunningWorker worker, String topic)
            throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        await(topic + " has records", Duration.ofSeconds(30), () -> {
            records.addAll(worker.records(topic));
            return !records.isEmpty();
        });
        return records.get(0);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void drop(Path jar, Path target) throws Exception {
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(jar, part);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
