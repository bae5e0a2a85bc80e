package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A signed task-configuration handoff ({@code POST /connectors/{c}/tasks}) captured by someone who can read the
 * requests between workers: Kafka Connect signs the body only (KIP-507), so such a request could be replayed at another
 * connector's path, and after the connector changed. Fluxgate's workers also sign a context (the path's connector, the
 * generation of its configuration), and the leader refuses what does not fit. The requests here are forged as a
 * capture would be: with the session key the config topic holds, exactly as Fluxgate's followers sign them.
 */
class InternalRequestReplayTest extends ClusterTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCapturedHandoffIsRefusedAtAnotherConnectorAfterAChangeAndAfterAKeyRotation() throws Exception {
        WorkerCluster c = cluster("replay", Map.of("inter.worker.key.ttl.ms", "15000")).start(3);
        c.createSequence(c.worker(0), "c1", "replay-c1", 1);
        c.createSequence(c.worker(0), "c6", "replay-c6", 1);
        c.awaitAllRunning("c1", 1, Duration.ofSeconds(60));
        c.awaitAllRunning("c6", 1, Duration.ofSeconds(60));

        ConfigTopic topic = ConfigTopic.read(broker.bootstrapServers(), c.configTopic());
        byte[] body = JSON.writeValueAsBytes(taskConfigs(c, "c6"));
        Capture captured = Capture.sign(topic.sessionKey, topic.algorithm, "c6", topic.generation("c6"), body);

        // The request as a follower sent it: accepted by the leader, and again verbatim while nothing changed (it
        // writes the same task configurations again).
        ClusterWorker leader = leader(c, captured);
        assertEquals(204, send(leader, "c6", captured).statusCode());
        assertEquals(204, send(leader, "c6", captured).statusCode());

        // At another connector's path: the context names c6.
        HttpResponse<String> elsewhere = send(leader, "c1", captured);
        assertEquals(403, elsewhere.statusCode(), elsewhere.body());
        assertTrue(elsewhere.body().contains("not for connector c1"), elsewhere.body());

        // Without the context, as a worker of Apache Kafka Connect sends it: refused, the cluster requires it.
        HttpResponse<String> bodyOnly = send(leader, "c6", captured.withoutContext());
        assertEquals(403, bodyOnly.statusCode(), bodyOnly.body());

        // After the connector's configuration changed: another generation.
        JsonNode config = c.worker(1).json("/connectors/c6/config");
        Map<String, String> changed = JSON.convertValue(config, Map.class);
        changed.put("batch.size", "6");
        assertEquals(200, c.worker(1).write("PUT", "/connectors/c6/config", JSON.writeValueAsString(changed))
                .statusCode());
        c.awaitAllRunning("c6", 1, Duration.ofSeconds(60));
        WorkerCluster.await("the new generation of c6 is read", Duration.ofSeconds(30),
                () -> ConfigTopic.read(broker.bootstrapServers(), c.configTopic()).generation("c6")
                        > captured.generation, () -> "");
        HttpResponse<String> stale = send(leader, "c6", captured);
        assertEquals(409, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("not from the current one"), stale.body());

        // Signed with a session key the leader has rotated since.
        ConfigTopic now = ConfigTopic.read(broker.bootstrapServers(), c.configTopic());
        WorkerCluster.await("the session key is rotated", Duration.ofSeconds(60), () -> !Base64.getEncoder()
                .encodeToString(ConfigTopic.read(broker.bootstrapServers(), c.configTopic()).sessionKey)
                .equals(Base64.getEncoder().encodeToString(now.sessionKey)), () -> "");
        Capture oldKey = Capture.sign(now.sessionKey, now.algorithm, "c6", now.generation("c6"),
                JSON.writeValueAsBytes(taskConfigs(c, "c6")));
        WorkerCluster.await("the leader uses the new key", Duration.ofSeconds(30),
                () -> sendQuietly(leader, "c6", oldKey) == 403, () -> "");
    }

    private static List<Map<String, String>> taskConfigs(WorkerCluster c, String connector) {
        List<Map<String, String>> configs = new java.util.ArrayList<>();
        for (JsonNode task : c.worker(0).json("/connectors/" + connector + "/tasks")) {
            configs.add(JSON.convertValue(task.path("config"), Map.class));
        }
        assertNotEquals(0, configs.size());
        return configs;
    }

    /** The worker that does not answer a handoff 409 (as a worker that is not the leader answers). */
    private ClusterWorker leader(WorkerCluster c, Capture request) throws Exception {
        for (int attempt = 0; attempt < 60; attempt++) {
            for (ClusterWorker worker : c.live()) {
                if (send(worker, "c6", request).statusCode() != 409) {
                    return worker;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no leader answered");
    }

    private int sendQuietly(ClusterWorker worker, String connector, Capture request) {
        try {
            return send(worker, connector, request).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpResponse<String> send(ClusterWorker worker, String connector, Capture request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(worker.url("/connectors/" + connector
                + "/tasks?forward=false").toString())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(request.body));
        request.headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A handoff as a Fluxgate follower signs it. */
    private record Capture(byte[] body, long generation, Map<String, String> headers) {

        static Capture sign(byte[] key, String algorithm, String connector, long generation, byte[] body)
                throws Exception {
            Map<String, String> headers = new HashMap<>();
            headers.put("X-Connect-Request-Signature-Algorithm", algorithm);
            headers.put("X-Connect-Authorization", Base64.getEncoder().encodeToString(mac(key, algorithm, body)));
            byte[] head = ("fluxgate task configurations\n" + connector + "\n" + generation + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] payload = java.util.Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, payload, head.length, body.length);
            headers.put("X-Fluxgate-Task-Configs-Generation", Long.toString(generation));
            headers.put("X-Fluxgate-Task-Configs-Authorization", Base64.getEncoder().encodeToString(
                    mac(key, algorithm, payload)));
            return new Capture(body, generation, headers);
        }

        Capture withoutContext() {
            Map<String, String> bodyOnly = new HashMap<>(headers);
            bodyOnly.remove("X-Fluxgate-Task-Configs-Generation");
            bodyOnly.remove("X-Fluxgate-Task-Configs-Authorization");
            return new Capture(body, generation, bodyOnly);
        }

        private static byte[] mac(byte[] key, String algorithm, byte[] data) throws Exception {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        }
    }

    /** What the config topic holds: the latest session key, and each connector's latest configuration offset. */
    private record ConfigTopic(byte[] sessionKey, String algorithm, Map<String, Long> generations) {

        long generation(String connector) {
            return generations.get(connector);
        }

        static ConfigTopic read(String bootstrapServers, String topic) {
            Map<String, Object> props = Map.of("bootstrap.servers", bootstrapServers);
            byte[] key = null;
            String algorithm = null;
            Map<String, Long> generations = new HashMap<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.key().equals("session-key") && record.value() != null) {
                            JsonNode value = readTree(record.value());
                            key = Base64.getDecoder().decode(value.path("key").asText());
                            algorithm = value.path("algorithm").asText();
                        } else if (record.key().startsWith("connector-") && record.value() != null) {
                            generations.put(record.key().substring("connector-".length()), record.offset());
                        }
                    }
                }
            }
            return new ConfigTopic(key, algorithm, generations);
        }

        private static JsonNode readTree(byte[] json) {
            try {
                return JSON.readTree(json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
