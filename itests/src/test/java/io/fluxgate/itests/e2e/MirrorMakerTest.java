package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.mirror.Heartbeat;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fluxgate.itests.cluster.BrokerProcess;
import io.fluxgate.itests.cluster.ClusterWorker;

/**
 * MirrorMaker 2, as Maven Central ships it (connect-mirror and connect-mirror-client 4.3.1, a plugin directory),
 * replicating between two real Kafka clusters on one Connect worker whose own cluster is the target: its three
 * connectors validate without errors, start and stay RUNNING; the records of {@code orders} on the source arrive in
 * {@code src.orders} on the target with the same keys, values and headers in the same order per partition; a
 * consumer group's committed offsets on the source come out of the checkpoints translated
 * ({@code RemoteClusterUtils.translateOffsets}) and are written to the same group on the target (group offset
 * sync); heartbeats reach the target's {@code heartbeats} topic.
 *
 * <p>Fluxgate's worker by default; {@code -Dcluster.workers=apache} runs the same test against Apache Kafka Connect
 * 4.3.1, which checks the test itself: {@code mvn -B -pl itests test -Dtest=MirrorMakerTest
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dcluster.workers=apache]}.
 */
class MirrorMakerTest {

    private static final String TOPIC = "orders";
    private static final String GROUP = "orders-app";
    private static final int PARTITIONS = 2;
    private static final int RECORDS_PER_PARTITION = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path MIRROR_PLUGIN = Path.of(System.getProperty("fluxgate.real.plugins",
            "target/real-plugins"), "connect-mirror");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterWorker.Kind kind = ClusterWorker.Kind.configured();
    private final Timings timings = new Timings();
    private BrokerProcess source;
    private BrokerProcess target;
    private ClusterWorker worker;
    /** The worker's last lines, taken before it is stopped and its directory deleted. */
    private String workerLog = "";

    @RegisterExtension
    final TestWatcher printWorkerLog = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println("==== " + context.getDisplayName() + " failed on " + kind
                    + "; the worker's last lines:\n" + workerLog);
        }
    };

    @Test
    void replicatesRecordsCheckpointsAndHeartbeatsFromSourceToTarget(@TempDir Path dir) throws Exception {
        source = BrokerProcess.startNew(dir.resolve("source"));
        target = BrokerProcess.startNew(dir.resolve("target"));
        timings.lap("two brokers (source, target) started");

        Map<Integer, List<RecordContent>> orders = orders();
        TopicContents.write(source.bootstrapServers(), TOPIC, orders);
        Map<String, Long> committed = ConsumerGroupOffsets.consumeAndCommit(source.bootstrapServers(), GROUP, TOPIC,
                PARTITIONS * RECORDS_PER_PARTITION);
        assertEquals(offsets(TOPIC, RECORDS_PER_PARTITION), committed, GROUP + " read everything and committed");
        timings.lap(PARTITIONS * RECORDS_PER_PARTITION + " records on the source, read and committed by " + GROUP);

        worker = MirrorMakerWorker.start(kind, dir.resolve("worker"), target.bootstrapServers(), MIRROR_PLUGIN);
        timings.lap(kind + " worker ready, connect-mirror installed");

        MirrorConnectors connectors = new MirrorConnectors(source.bootstrapServers(), target.bootstrapServers(),
                TOPIC, GROUP);
        // Each of the three is asked even when one fails: a class whose static initialisation failed answers
        // "Could not initialize class" ever after, and only the first answer names what is missing.
        List<Executable> validations = new ArrayList<>();
        for (String connector : MirrorConnectors.names()) {
            validations.add(() -> assertValid(MirrorConnectors.plugin(connector), connectors.config(connector)));
        }
        assertAll("PUT /connector-plugins/{plugin}/config/validate", validations);
        timings.lap("three configurations validated");

        for (String connector : MirrorConnectors.names()) {
            create(connector, connectors.config(connector));
        }
        for (String connector : MirrorConnectors.names()) {
            awaitEquals(connector + " and its task RUNNING", true, () -> runningWithOneTask(connector),
                    () -> worker.json("/connectors/" + connector + "/status").toString());
        }
        timings.lap("three connectors and their tasks RUNNING");

        String remoteTopic = MirrorConnectors.SOURCE_ALIAS + "." + TOPIC;
        awaitEquals(remoteTopic + " holds as many records as " + TOPIC, PARTITIONS * RECORDS_PER_PARTITION,
                () -> count(TopicContents.read(target.bootstrapServers(), remoteTopic)), () -> "");
        assertSameRecords(orders, TopicContents.read(target.bootstrapServers(), remoteTopic));
        timings.lap("records replicated to " + remoteTopic + ", identical");

        // The remote topic starts empty and receives every record once, so its offsets are the source's: a group
        // that read everything must resume, on the target, at the end of each partition.
        Map<String, Long> translatedExpected = offsets(remoteTopic, RECORDS_PER_PARTITION);
        String checkpoints = MirrorConnectors.SOURCE_ALIAS + ".checkpoints.internal";
        awaitEquals(checkpoints + " exists on the target", true,
                () -> TopicContents.exists(target.bootstrapServers(), checkpoints), () -> "");
        // connect-mirror-client as an application on the target uses it: where the group would resume there.
        awaitEquals("RemoteClusterUtils.translateOffsets of " + GROUP, translatedExpected,
                this::translate, () -> "");
        timings.lap("checkpoints translate " + GROUP + "'s offsets");

        awaitEquals(GROUP + "'s offsets on the target (sync.group.offsets)", translatedExpected,
                () -> ConsumerGroupOffsets.committed(target.bootstrapServers(), GROUP, remoteTopic), () -> "");
        timings.lap(GROUP + "'s offsets synced to the target");

        // Two: a pulse, not a record written once at start.
        String heartbeats = "heartbeats";
        awaitEquals("two heartbeats or more on the target", true,
                () -> TopicContents.records(target.bootstrapServers(), heartbeats).size() >= 2, () -> "");
        for (ConsumerRecord<byte[], byte[]> record : TopicContents.records(target.bootstrapServers(), heartbeats)) {
            Heartbeat heartbeat = Heartbeat.deserializeRecord(record);
            assertEquals(List.of(MirrorConnectors.SOURCE_ALIAS, MirrorConnectors.TARGET_ALIAS),
                    List.of(heartbeat.sourceClusterAlias(), heartbeat.targetClusterAlias()), heartbeat.toString());
        }
        timings.lap("heartbeats src -> dst on the target");

        for (String connector : MirrorConnectors.names()) {
            assertTrue(runningWithOneTask(connector), connector + " still RUNNING after the work: "
                    + worker.json("/connectors/" + connector + "/status"));
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        System.out.println(timings.report("MirrorMakerTest on " + kind + ":"));
        if (worker != null) {
            workerLog = worker.tail(150);
            worker.close();
        }
        if (target != null) {
            target.close();
        }
        if (source != null) {
            source.close();
        }
    }

    /**
     * What the source's {@code orders} holds: per partition, keys and values that say where they belong, a value
     * byte that is not UTF-8 (a converter that went through text would change it), and two headers, one binary.
     */
    private static Map<Integer, List<RecordContent>> orders() {
        Map<Integer, List<RecordContent>> orders = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<RecordContent> records = new ArrayList<>();
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                records.add(new RecordContent("order-" + p + "-" + i, "{\"order\":" + i + ",\"partition\":" + p
                        + "}\u00ff", List.of(new RecordContent.HeaderContent("trace-id", "trace-" + p + "-" + i),
                                new RecordContent.HeaderContent("checksum", "\u0000\u00fe" + (char) i))));
            }
            orders.put(p, records);
        }
        return orders;
    }

    /** {@code topic-p -> next} for every partition of {@code topic}. */
    private static Map<String, Long> offsets(String topic, long next) {
        Map<String, Long> offsets = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            offsets.put(topic + "-" + p, next);
        }
        return offsets;
    }

    private Map<String, Long> translate() {
        try {
            return ConsumerGroupOffsets.named(RemoteClusterUtils.translateOffsets(
                    Map.of("bootstrap.servers", target.bootstrapServers()), MirrorConnectors.SOURCE_ALIAS, GROUP,
                    Duration.ofSeconds(10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (RuntimeException | TimeoutException e) {
            return Map.of("(" + e + ")", -1L);
        }
    }

    /** PUT /connector-plugins/{plugin}/config/validate: 200 and no error on any setting. */
    private void assertValid(String plugin, Map<String, String> config) throws Exception {
        HttpResponse<String> response = worker.put("/connector-plugins/" + plugin + "/config/validate",
                JSON.writeValueAsString(config));
        assertEquals(200, response.statusCode(), "validate " + plugin + ": " + response.body());
        JsonNode result = JSON.readTree(response.body());
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode setting : result.path("configs")) {
            if (!setting.path("value").path("errors").isEmpty()) {
                errors.put(setting.path("value").path("name").asText(), setting.path("value").path("errors")
                        .toString());
            }
        }
        assertEquals(0, result.path("error_count").asInt(-1), "validate " + plugin + ": errors " + errors);
    }

    private void create(String connector, Map<String, String> config) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", connector, "config", config));
        HttpResponse<String> response = worker.write("POST", "/connectors", body);
        assertEquals(201, response.statusCode(), "POST /connectors " + connector + ": " + response.body());
    }

    private boolean runningWithOneTask(String connector) {
        JsonNode status = worker.json("/connectors/" + connector + "/status");
        return status.path("connector").path("state").asText().equals("RUNNING")
                && status.path("tasks").size() == 1
                && status.path("tasks").path(0).path("state").asText().equals("RUNNING");
    }

    private static int count(Map<Integer, List<RecordContent>> contents) {
        return contents.values().stream().mapToInt(List::size).sum();
    }

    /** Partition by partition, the first record that differs (a whole list would bury it). */
    private static void assertSameRecords(Map<Integer, List<RecordContent>> expected,
            Map<Integer, List<RecordContent>> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "partitions of the remote topic");
        for (Integer partition : expected.keySet()) {
            List<RecordContent> sent = expected.get(partition);
            List<RecordContent> arrived = actual.get(partition);
            for (int i = 0; i < Math.min(sent.size(), arrived.size()); i++) {
                assertEquals(sent.get(i), arrived.get(i), "partition " + partition + ", offset " + i);
            }
            assertEquals(sent.size(), arrived.size(), "records in partition " + partition);
        }
    }

    /**
     * Waits until {@code actual} supplies {@code expected}; past {@link #WAIT}, fails with the last value and
     * {@code state} (what the worker reports) in the message.
     */
    private static <T> void awaitEquals(String what, T expected, Supplier<T> actual, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = actual.get();
        while (!Objects.equals(expected, last)) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT.toSeconds() + " s waiting until " + what + ": expected " + expected
                        + ", last " + last + (state.get().isEmpty() ? "" : "; now: " + state.get()));
            }
            Thread.sleep(250);
            last = actual.get();
        }
    }
}
