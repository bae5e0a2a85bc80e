package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config providers whose values expire (KIP-297's TTLs, as a secrets manager's leases): with Kafka Connect's default
 * {@code config.action.reload=restart}, the connector and its task restart when the value expires and read the
 * rotated one, which the task then uses; the stored configuration keeps the placeholder, never the value.
 */
class ConfigReloadTest {

    private static final String CONNECTOR = "rotating-source";

    @Test
    void aRotatedValueReachesTheTaskWhenItExpires(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        Files.copy(testPluginJar("test-plugin-ttl-provider"), dist.home.resolve("plugins/ttl-provider.jar"));
        Path secrets = dir.resolve("secrets.properties");
        rotate(secrets, "before-rotation");
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "");
        try (RunningWorker worker = RunningWorker.start(dist, Map.of(
                "config.providers", "expiring",
                "config.providers.expiring.class", "io.fluxgate.testplugins.ttl.ExpiringFileConfigProvider",
                "config.providers.expiring.param.ttl.ms", "2000"))) {
            String placeholder = "${expiring:" + secrets + ":topic}";
            worker.create(CONNECTOR, "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\""
                    + input + "\",\"topic\":\"" + placeholder + "\"}");
            append(input, "first");
            RunningWorker.await("the first line in the first topic", Duration.ofSeconds(60),
                    () -> values(worker, "before-rotation").stream().anyMatch(v -> v.contains("\"first\"")));

            rotate(secrets, "after-rotation");
            // Lines keep coming; once the value expired, the restarted task sends them to the rotated topic.
            int[] line = {0};
            RunningWorker.await("a line in the rotated topic", Duration.ofSeconds(60), () -> {
                append(input, "line-" + line[0]++);
                return !values(worker, "after-rotation").isEmpty();
            });

            String stored = worker.body("/connectors/" + CONNECTOR + "/config");
            assertTrue(stored.contains(placeholder.replace("\\", "\\\\")), stored);
            assertFalse(stored.contains("after-rotation"), "the value is never stored nor shown: " + stored);
            assertFalse(worker.body("/connectors/" + CONNECTOR + "/tasks").contains("after-rotation"));
            String log = Files.readString(dist.home.resolve("logs/connect.log"));
            assertTrue(log.contains("Restarting " + CONNECTOR + ": the values its config providers gave have expired"),
                    "the connector restarted");
            assertTrue(log.contains("Restarting " + CONNECTOR + "-0: the values its config providers gave have "
                    + "expired"), "its task restarted");
        }
    }

    private static List<String> values(RunningWorker worker, String topic) {
        try {
            return worker.records(topic).stream().map(ConsumerRecord::value)
                    .map(v -> new String(v, StandardCharsets.UTF_8)).toList();
        } catch (RuntimeException e) {
            return List.of(); // the topic does not exist yet
        }
    }

    private static void rotate(Path secrets, String topic) throws IOException {
        Path staged = secrets.resolveSibling("secrets.properties.part");
        Files.writeString(staged, "topic=" + topic + "\n");
        Files.move(staged, secrets, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean append(Path input, String line) {
        try {
            Files.writeString(input, line + "\n", StandardOpenOption.APPEND);
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path testPluginJar(String artifactId) throws IOException {
        Path jars = Path.of(System.getProperty("fluxgate.test.plugins")).resolve("jars");
        try (Stream<Path> files = Files.list(jars)) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifactId + "-")).findFirst()
                    .orElseThrow(() -> new IOException("no test plugin " + artifactId + " in " + jars));
        }
    }
}
