package io.fluxgate.itests.e2e;

import static io.fluxgate.itests.e2e.RunningWorker.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.management.ObjectName;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.itests.cluster.BrokerProcess;

/**
 * Kafka Connect's own metrics, Fluxgate against Apache Kafka Connect 4.3.1: the same two connectors on a standalone
 * worker of each, one after the other on one broker, then every MBean of the {@code kafka.connect} domain read from the
 * worker's JVM over JMX ({@link WorkerMBeans}), as a monitoring agent reads it. Every (MBean, attribute) Apache
 * registers must be there on Fluxgate, and so must the MBeans of the task's producer and consumer; Fluxgate may have
 * more. A few values are checked as well: a paused source counts as one paused task, and the source task counts the
 * records it polled.
 * <p>
 * The connectors are chosen so that every group of Apache's {@code ConnectMetricsRegistry} a standalone worker has is
 * there: a FileStreamSource with a transformation guarded by a predicate (connector-transform-metrics,
 * connector-predicate-metrics), a FileStreamSink with errors.tolerance=all and errors.log.enable (task-error-metrics).
 * The MBean names are compared with their keys in one order (type first, then by name) and the worker's own id,
 * which differs between the two workers, replaced by {@value #WORKER}.
 * <p>
 * Apache's list is written to target/connect-mbeans/apache-4.3.1.txt, Fluxgate's beside it:
 * docs/reference/apache-connect-mbeans-4.3.1.txt is the former, committed. Run it with
 * {@code mvn -B -pl itests test -Dtest=ConnectMetricsParityTest -Dsurefire.failIfNoSpecifiedTests=false} after
 * {@code mvn -B install -DskipTests}.
 */
public class ConnectMetricsParityTest {

    private static final String SOURCE = "metrics-source";
    private static final String SINK = "metrics-sink";
    private static final int LINES = 50;
    /** What the worker's own id is replaced by in MBean names. */
    private static final String WORKER = "<worker>";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration FLOW = Duration.ofSeconds(30);

    private static final String WORKER_CONNECTOR_METRICS = "kafka.connect:type=connect-worker-metrics,connector="
            + SOURCE;
    private static final String SOURCE_TASK_METRICS = "kafka.connect:type=source-task-metrics,connector=" + SOURCE
            + ",task=0";
    /** Apache's client ids of the tasks' clients: connector-producer-{connector}-{task}, connector-consumer-... */
    private static final List<String> TASK_CLIENTS = List.of(
            "kafka.producer:type=producer-metrics,client-id=connector-producer-" + SOURCE + "-0",
            "kafka.consumer:type=consumer-metrics,client-id=connector-consumer-" + SINK + "-0");

    @Test
    void fluxgateRegistersEveryConnectMetricApacheDoes(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.startNew(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            ApacheStandaloneWorker apacheWorker = ApacheStandaloneWorker.create(dir, bootstrap);
            Files.copy(Path.of(System.getProperty("fluxgate.distribution"), "plugins", "connect-file-4.3.1.jar"),
                    apacheWorker.pluginDirectory().resolve("connect-file-4.3.1.jar"));
            Observed apache = observe("apache", apacheWorker, dir, bootstrap);
            String apacheList = apache.describe("Apache Kafka Connect 4.3.1 (ConnectStandalone)");
            System.out.println(apacheList);
            write("apache-4.3.1.txt", apacheList);
            // What proves the test right: each check holds on Apache.
            assertEquals(1.0, number(apache.pausedTasks), "Apache: " + WORKER_CONNECTOR_METRICS
                    + " connector-paused-task-count once the source is paused");
            assertEquals(LINES, apache.topicRecords, "Apache: records in the source's topic");
            assertEquals((double) LINES, number(apache.pollTotal), "Apache: source-record-poll-total");
            assertTrue(apache.clients.containsAll(TASK_CLIENTS), "Apache's task clients: " + apache.clients);

            Observed fluxgate = observe("fluxgate", FluxgateStandaloneWorker.create(dir, bootstrap), dir, bootstrap);
            write("fluxgate.txt", fluxgate.describe("Fluxgate"));
            SortedSet<String> missing = new TreeSet<>(apache.entries());
            missing.removeAll(fluxgate.entries());
            SortedSet<String> extra = new TreeSet<>(fluxgate.entries());
            extra.removeAll(apache.entries());
            System.out.println("Fluxgate has " + extra.size() + " (MBean, attribute) Apache does not have"
                    + (extra.isEmpty() ? "" : ":\n  " + String.join("\n  ", extra)));
            System.out.println("Fluxgate misses " + missing.size() + " of Apache's " + apache.entries().size()
                    + " (MBean, attribute)" + (missing.isEmpty() ? "" : ":\n  " + String.join("\n  ", missing)));
            assertAll("Fluxgate's Kafka Connect metrics against Apache Kafka Connect 4.3.1's",
                    () -> assertTrue(missing.isEmpty(), missing.size() + " of Apache's " + apache.entries().size()
                            + " (MBean, attribute) missing on Fluxgate:\n" + String.join("\n", missing)),
                    () -> assertEquals(1.0, number(fluxgate.pausedTasks), WORKER_CONNECTOR_METRICS
                            + " connector-paused-task-count once the source is paused: " + shown(fluxgate.pausedTasks)),
                    () -> assertTrue(number(fluxgate.pollTotal) >= LINES, SOURCE_TASK_METRICS
                            + " source-record-poll-total is " + shown(fluxgate.pollTotal) + ", " + LINES
                            + " lines written"),
                    () -> assertEquals((double) fluxgate.topicRecords, number(fluxgate.pollTotal), SOURCE_TASK_METRICS
                            + " source-record-poll-total (" + shown(fluxgate.pollTotal) + ") against the "
                            + fluxgate.topicRecords + " records in the topic"));
        }
    }

    /**
     * Runs the two connectors on {@code worker} (its own input, output and topic) until the sink has written every
     * line, reads its MBeans, pauses the source, and stops the worker.
     */
    private static Observed observe(String label, StandaloneWorker worker, Path dir, String bootstrap)
            throws Exception {
        Path input = dir.resolve(label + "-input.txt");
        Path output = dir.resolve(label + "-output.txt");
        String topic = label + "-lines";
        Files.write(input, IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i).toList());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        long started = System.nanoTime();
        worker.start();
        try {
            ConnectRest rest = worker.rest();
            rest.create(SOURCE, sourceConfig(input, topic));
            rest.create(SINK, sinkConfig(output, topic));
            rest.awaitRunning(SOURCE, 1, null, START);
            rest.awaitRunning(SINK, 1, null, START);
            await(label + ": the sink wrote every line", FLOW, () -> lines(output) == LINES);
            String workerId = rest.status(SOURCE).path("tasks").path(0).path("worker_id").asText();
            try (WorkerMBeans mbeans = WorkerMBeans.attach(worker.pid())) {
                SortedMap<String, SortedSet<String>> connect = new TreeMap<>();
                mbeans.query("kafka.connect:*").forEach((name, attributes) ->
                        connect.put(normalize(name, workerId), new TreeSet<>(attributes)));
                List<String> clients = new ArrayList<>();
                for (String client : TASK_CLIENTS) {
                    if (mbeans.isRegistered(client)) {
                        clients.add(client);
                    }
                }
                Object pollTotal = mbeans.attribute(SOURCE_TASK_METRICS, "source-record-poll-total");
                rest.pause(SOURCE);
                await(label + ": " + SOURCE + " PAUSED", START, () -> paused(rest.status(SOURCE)));
                // The count follows the task's state change; give it a moment rather than read it once.
                Object pausedTasks = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                do {
                    pausedTasks = mbeans.attribute(WORKER_CONNECTOR_METRICS, "connector-paused-task-count");
                    if (number(pausedTasks) == 1.0) {
                        break;
                    }
                    Thread.sleep(100);
                } while (System.nanoTime() < deadline);
                long topicRecords = TopicContents.records(bootstrap, topic).size();
                System.out.printf("%s: started, ran and measured in %.1f s%n", label,
                        (System.nanoTime() - started) / 1e9);
                return new Observed(connect, clients, pollTotal, topicRecords, pausedTasks);
            }
        } catch (Throwable e) {
            System.err.println("---- " + worker + "\n" + worker.tail(60));
            throw e;
        } finally {
            worker.stop();
        }
    }

    private static Map<String, String> sourceConfig(Path input, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "FileStreamSource");
        config.put("tasks.max", "1");
        config.put("file", input.toString());
        config.put("topic", topic);
        // A header on every record but tombstones: nothing is dropped, so polled records = records in the topic.
        config.put("transforms", "origin");
        config.put("transforms.origin.type", "org.apache.kafka.connect.transforms.InsertHeader");
        config.put("transforms.origin.header", "origin");
        config.put("transforms.origin.value.literal", "file");
        config.put("transforms.origin.predicate", "isTombstone");
        config.put("transforms.origin.negate", "true");
        config.put("predicates", "isTombstone");
        config.put("predicates.isTombstone.type", "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone");
        return config;
    }

    private static Map<String, String> sinkConfig(Path output, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "FileStreamSink");
        config.put("tasks.max", "1");
        config.put("file", output.toString());
        config.put("topics", topic);
        config.put("errors.tolerance", "all");
        config.put("errors.log.enable", "true");
        config.put("errors.log.include.messages", "true");
        return config;
    }

    /**
     * The name as both workers can be compared on: domain, then type, then the other keys by name, values unquoted;
     * a value that is the worker's id ({@code 127.0.0.1:8083}, {@code connect-127.0.0.1:8083}, {@code connect-1}: the
     * client-id of app-info's metrics, the id of its MBean) replaced by {@value #WORKER}.
     */
    public static String normalize(ObjectName name, String workerId) {
        Map<String, String> keys = new TreeMap<>(name.getKeyPropertyList());
        List<String> parts = new ArrayList<>();
        String type = keys.remove("type");
        if (type != null) {
            parts.add("type=" + unquote(type));
        }
        keys.forEach((key, raw) -> {
            String value = unquote(raw);
            boolean workerSpecific = value.equals(workerId) || value.equals("connect-" + workerId)
                    || value.matches("connect-\\d+");
            parts.add(key + "=" + (workerSpecific ? WORKER : value));
        });
        return name.getDomain() + ":" + String.join(",", parts);
    }

    private static String unquote(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static boolean paused(JsonNode status) {
        boolean paused = status.path("connector").path("state").asText().equals("PAUSED")
                && !status.path("tasks").isEmpty();
        for (JsonNode task : status.path("tasks")) {
            paused &= task.path("state").asText().equals("PAUSED");
        }
        return paused;
    }

    /** An attribute's value as a number; NaN when it is not there or not a number. */
    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String shown(Object value) {
        return value == null ? "not registered" : value.toString();
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void write(String file, String text) throws IOException {
        Path target = Files.createDirectories(Path.of("target", "connect-mbeans")).resolve(file);
        Files.writeString(target, text);
    }

    /** What one worker registered: its kafka.connect MBeans (normalized names), the task clients', the values. */
    private record Observed(SortedMap<String, SortedSet<String>> connect, List<String> clients, Object pollTotal,
            long topicRecords, Object pausedTasks) {

        /** One line per (MBean, attribute) of kafka.connect, one per task client MBean (compared by existence). */
        SortedSet<String> entries() {
            SortedSet<String> entries = new TreeSet<>(clients);
            connect.forEach((name, attributes) -> attributes.forEach(a -> entries.add(name + " " + a)));
            return entries;
        }

        /** The MBeans and their attributes, as docs/reference/apache-connect-mbeans-4.3.1.txt has them. */
        String describe(String worker) {
            int attributes = connect.values().stream().mapToInt(SortedSet::size).sum();
            StringBuilder text = new StringBuilder();
            text.append("# ").append(worker).append(": ").append(connect.size()).append(" kafka.connect MBeans, ")
                    .append(attributes).append(" attributes; written by itests' ConnectMetricsParityTest (mvn -B -pl"
                            + " itests test -Dtest=ConnectMetricsParityTest), one standalone worker, one broker\n")
                    .append("# connectors: ").append(SOURCE).append(" (FileStreamSource, tasks.max=1; transforms=origin"
                            + " InsertHeader, its predicate isTombstone RecordIsTombstone, negate=true), ")
                    .append(SINK).append(" (FileStreamSink, tasks.max=1; errors.tolerance=all, errors.log.enable=true"
                            + ")\n")
                    .append("# names: type first, then the other keys by name; the worker's id (client-id, id) "
                            + "written ").append(WORKER).append("; attributes by name\n");
            connect.forEach((name, names) -> {
                text.append(name).append('\n');
                names.forEach(a -> text.append("    ").append(a).append('\n'));
            });
            text.append("# the tasks' clients (compared by existence)\n");
            clients.forEach(c -> text.append(c).append('\n'));
            return text.toString();
        }
    }
}
