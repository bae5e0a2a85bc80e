package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.itests.cluster.BrokerProcess;
import io.fluxgate.itests.cluster.ClusterWorker;
import io.fluxgate.itests.cluster.WorkerCluster;
import io.fluxgate.itests.e2e.TopicRecords.Rec;

/**
 * Debezium's PostgreSQL connector 3.6.1.Final runs unmodified: its plugin archive extracted, unchanged, where the
 * worker looks for plugins, against a real PostgreSQL (one private cluster for the class, {@link PostgresCluster}) and
 * a real broker (one for the class, in its own JVM). Snapshot then streaming of inserts, updates and deletes; a worker
 * restart that resumes without a second snapshot; Debezium's ExtractNewRecordState SMT and CloudEventsConverter; a
 * hot deploy into a running worker; distributed failover after kill -9 of the worker running the task. Each test has
 * its own table, slot, publication and topic prefix.
 * <p>
 * Fluxgate's distribution by default; {@code -Dreal.plugins.worker=apache} runs the same tests against Apache Kafka
 * Connect 4.3.1 (child JVMs from the Maven Central jars), which checks the tests themselves. Skipped, saying why, where
 * PostgreSQL is not installed (.ci/run installs it). Run it with
 * {@code mvn -B -pl itests test -Dtest=DebeziumPostgresTest -Dsurefire.failIfNoSpecifiedTests=false}, after
 * {@code mvn -B install -DskipTests} has assembled the distribution; add {@code -Dreal.plugins.worker=apache}.
 */
class DebeziumPostgresTest {

    /** Until a created connector's task is RUNNING: Debezium connects, creates its publication and slot. */
    private static final Duration START = Duration.ofSeconds(120);
    /** Until changes made in PostgreSQL are in the topic. */
    private static final Duration DELIVERY = Duration.ofSeconds(120);

    private static final ClusterWorker.Kind KIND = ConnectImplementation.configured();

    @TempDir
    static Path classDir;
    private static PostgresCluster postgres;
    private static BrokerProcess broker;

    /** What the running test started: stopped after it, its output printed if it fails. */
    private StandaloneWorker standalone;
    private WorkerCluster cluster;

    @RegisterExtension
    final TestWatcher printLogs = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            StringBuilder logs = new StringBuilder("==== " + context.getDisplayName() + " failed on " + KIND + "\n");
            if (standalone != null) {
                logs.append("---- ").append(standalone).append('\n').append(standalone.tail(60)).append('\n');
            }
            if (cluster != null) {
                logs.append(cluster.outputs(60));
            }
            logs.append("---- ").append(postgres).append('\n').append(postgres.serverLogTail(20)).append('\n');
            System.err.println(logs);
        }
    };

    @BeforeAll
    static void startPostgresAndBroker() throws Exception {
        Optional<Path> installation = PostgresCluster.installation();
        if (installation.isEmpty()) {
            System.out.println("DebeziumPostgresTest: skipped, PostgreSQL is not installed (no initdb under "
                    + "/usr/lib/postgresql/*/bin or on the PATH; .ci/run installs Debian's postgresql)");
        }
        assumeTrue(installation.isPresent(), "PostgreSQL is not installed: Debezium's tests need a server");
        System.out.println("DebeziumPostgresTest: Debezium on " + KIND + " (-D" + ConnectImplementation.PROPERTY
                + "=apache|fluxgate)");
        postgres = PostgresCluster.start(installation.get());
        broker = BrokerProcess.startNew(classDir.resolve("broker"));
    }

    @AfterAll
    static void stopPostgresAndBroker() {
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        if (standalone != null) {
            standalone.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void snapshotsEveryRowThenStreamsInsertUpdateAndDelete(TestInfo test) throws Exception {
        Path dir = testDir(test);
        int rows = 3000;
        CapturedTable table = CapturedTable.create(postgres, "snapshot_stream", rows);
        ConnectRest rest = startStandaloneWithDebezium(dir);

        rest.create(table.name, table.connectorConfig());
        rest.awaitRunning(table.name, 1, null, START);
        List<Rec> snapshot = awaitRecords(rest, table, "the snapshot has read every row",
                recs -> ids(recs, "r").size() == rows);
        assertSnapshot(snapshot, 1, rows);
        assertEquals(rows, snapshot.stream().filter(r -> r.op().equals("r")).count(), "one read event per row");

        table.insert(rows + 1, rows + 1);
        table.updateAmount(1, 12345);
        table.delete(2);
        List<Rec> all = awaitRecords(rest, table, "the insert, update, delete and tombstone are streamed",
                recs -> recs.stream().anyMatch(r -> r.tombstone() && r.id() == 2));

        Rec created = single(all, "c", rows + 1);
        assertTrue(created.before().isNull(), created.toString());
        assertRow(created.after(), rows + 1, CapturedTable.amountOf(rows + 1));
        Rec updated = single(all, "u", 1);
        assertRow(updated.before(), 1, CapturedTable.amountOf(1));
        assertRow(updated.after(), 1, 12345);
        Rec deleted = single(all, "d", 2);
        assertRow(deleted.before(), 2, CapturedTable.amountOf(2));
        assertTrue(deleted.after().isNull(), deleted.toString());
        Rec tombstone = all.stream().filter(r -> r.tombstone() && r.id() == 2).findFirst().orElseThrow();
        assertTrue(created.offset() < updated.offset() && updated.offset() < deleted.offset()
                && deleted.offset() < tombstone.offset(), "in commit order, the tombstone after the delete: "
                        + List.of(created, updated, deleted, tombstone));
    }

    @Test
    void restartResumesStreamingWithoutSnapshottingAgain(TestInfo test) throws Exception {
        Path dir = testDir(test);
        int rows = 500;
        CapturedTable table = CapturedTable.create(postgres, "restart", rows);
        ConnectRest rest = startStandaloneWithDebezium(dir);
        rest.create(table.name, table.connectorConfig());
        rest.awaitRunning(table.name, 1, null, START);
        awaitRecords(rest, table, "the snapshot has read every row", recs -> ids(recs, "r").size() == rows);
        table.insert(501, 510);
        awaitRecords(rest, table, "rows inserted while it runs are streamed",
                recs -> ids(recs, "c").containsAll(range(501, 510)));

        standalone.stop();
        long endBeforeRestart = TopicRecords.read(broker.bootstrapServers(), table.topic()).stream()
                .mapToLong(r -> r.offset() + 1).max().orElse(0);
        table.insert(511, 600);
        standalone.start();
        rest = standalone.rest();
        // Apache's standalone worker keeps the connectors created over REST in memory only: its users submit the
        // same configuration again (PUT creates or updates), and the offsets file, keyed by connector name, resumes.
        rest.put(table.name, table.connectorConfig());
        rest.awaitRunning(table.name, 1, null, START);
        // Read or created: a second snapshot would bring them too, and is then named by the assertion below.
        List<Rec> all = awaitRecords(rest, table, "rows inserted while the worker was down are in the topic",
                recs -> ids(recs, "r", "c").containsAll(range(511, 600)));

        assertEquals(range(1, 600), ids(all, "r", "c"), "every row, nothing lost");
        List<Rec> readAfterRestart = all.stream().filter(r -> r.offset() >= endBeforeRestart && r.op().equals("r"))
                .toList();
        assertTrue(readAfterRestart.isEmpty(), "no second snapshot after the restart: " + readAfterRestart.size()
                + " read events, the first " + readAfterRestart.stream().findFirst().orElse(null));
        assertEquals(rows, all.stream().filter(r -> r.op().equals("r")).count(), "one read event per row");
    }

    @Test
    void extractNewRecordStateWritesFlatRows(TestInfo test) throws Exception {
        Path dir = testDir(test);
        int rows = 200;
        CapturedTable table = CapturedTable.create(postgres, "unwrap", rows);
        Map<String, String> config = table.connectorConfig();
        config.put("transforms", "unwrap");
        config.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        config.put("transforms.unwrap.add.fields", "op,table");
        ConnectRest rest = startStandaloneWithDebezium(dir);
        rest.create(table.name, config);
        rest.awaitRunning(table.name, 1, null, START);
        awaitRecords(rest, table, "the snapshot has read every row", recs -> recs.size() >= rows);

        table.updateAmount(7, 777);
        List<Rec> all = awaitRecords(rest, table, "the update is streamed",
                recs -> recs.stream().anyMatch(r -> r.value().path("__op").asText().equals("u")));
        Set<String> flatRow = Set.of("id", "name", "amount", "__op", "__table");
        for (Rec rec : all) {
            Set<String> fields = new TreeSet<>();
            rec.value().fieldNames().forEachRemaining(fields::add);
            assertEquals(flatRow, fields, "a flat row with the added fields, no envelope: " + rec);
            assertEquals(table.name, rec.value().path("__table").asText(), rec.toString());
            assertEquals(rec.id(), rec.value().path("id").asInt(), rec.toString());
        }
        List<Rec> read = all.stream().filter(r -> r.value().path("__op").asText().equals("r")).toList();
        assertEquals(range(1, rows), read.stream().map(Rec::id).collect(Collectors.toCollection(TreeSet::new)));
        read.forEach(r -> assertRow(r.value(), r.id(), CapturedTable.amountOf(r.id())));
        Rec updated = all.stream().filter(r -> r.value().path("__op").asText().equals("u")).findFirst().orElseThrow();
        assertRow(updated.value(), 7, 777);
    }

    @Test
    void cloudEventsConverterWritesCloudEvents(TestInfo test) throws Exception {
        Path dir = testDir(test);
        int rows = 100;
        CapturedTable table = CapturedTable.create(postgres, "cloudevents", rows);
        Map<String, String> config = table.connectorConfig();
        // Debezium's documented settings: a JSON envelope, JSON data, and (through the json. prefix, passed to the
        // JsonConverter it uses for the data) no schema in the data.
        config.remove("value.converter.schemas.enable");
        config.put("value.converter", "io.debezium.converters.CloudEventsConverter");
        config.put("value.converter.serializer.type", "json");
        config.put("value.converter.data.serializer.type", "json");
        config.put("value.converter.json.schemas.enable", "false");
        ConnectRest rest = startStandaloneWithDebezium(dir);
        rest.create(table.name, config);
        rest.awaitRunning(table.name, 1, null, START);
        awaitRecords(rest, table, "the snapshot has read every row", recs -> recs.size() >= rows);
        table.insert(rows + 1, rows + 1);
        List<Rec> all = awaitRecords(rest, table, "the insert is streamed",
                recs -> recs.stream().anyMatch(r -> r.value().path("iodebeziumop").asText().equals("c")));

        assertEquals(rows + 1, all.size(), "one event per row and the insert: " + TopicRecords.countByOp(all));
        for (Rec rec : all) {
            JsonNode event = rec.value();
            assertEquals("1.0", event.path("specversion").asText(), "a CloudEvents 1.0 event: " + rec);
            assertEquals("io.debezium.connector.postgresql.DataChangeEvent", event.path("type").asText(), rec.toString());
            assertEquals("/debezium/postgresql/" + table.name, event.path("source").asText(), rec.toString());
            assertFalse(event.path("id").asText().isEmpty(), "an id: " + rec);
            assertFalse(event.path("time").asText().isEmpty(), "a time: " + rec);
            assertEquals("application/json", event.path("datacontenttype").asText(), rec.toString());
            assertEquals(table.name, event.path("iodebeziumtable").asText(), rec.toString());
            String op = rec.id() <= rows ? "r" : "c";
            assertEquals(op, event.path("iodebeziumop").asText(), rec.toString());
            assertRow(event.path("data").path("after"), rec.id(), CapturedTable.amountOf(rec.id()));
        }
        assertEquals(range(1, rows + 1), all.stream().map(Rec::id).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void pluginDroppedIntoARunningWorkerCapturesChanges(TestInfo test) throws Exception {
        Path dir = testDir(test);
        int rows = 100;
        CapturedTable table = CapturedTable.create(postgres, "hot_deploy", rows);
        standalone = StandaloneWorker.create(KIND, dir, broker.bootstrapServers());
        standalone.start();
        assertFalse(standalone.rest().connectorPlugins().contains(DebeziumPostgresPlugin.CONNECTOR_CLASS),
                "no Debezium before the drop");
        // Extracted beside plugins/, on the same file system, then moved in at once.
        Path staging = standalone.pluginDirectory().resolveSibling("plugins-staging");
        Files.createDirectories(staging);
        Path staged = DebeziumPostgresPlugin.copyInto(staging);

        long dropped = System.nanoTime();
        standalone.deploy(staged);
        ConnectRest rest = standalone.rest();
        awaitListed(rest, Duration.ofSeconds(60));
        Duration listed = Duration.ofNanos(System.nanoTime() - dropped);
        // Apache takes a new plugin only when it starts: there the drop includes a restart.
        String how = standalone.deploysWhileRunning() ? "" : " (with the restart Apache needs to see a new plugin)";
        System.out.printf("DebeziumPostgresTest on %s: plugin dropped -> listed %d ms%s%n", KIND, listed.toMillis(),
                how);
        rest.create(table.name, table.connectorConfig());
        rest.awaitRunning(table.name, 1, null, START);
        Duration running = Duration.ofNanos(System.nanoTime() - dropped);
        List<Rec> all = awaitRecords(rest, table, "the snapshot has read every row",
                recs -> ids(recs, "r").size() == rows);
        assertSnapshot(all, 1, rows);
        System.out.printf("DebeziumPostgresTest on %s: plugin dropped -> task RUNNING %d ms%s%n", KIND,
                running.toMillis(), how);
    }

    @Test
    void survivorTakesOverTheTaskAfterKillDashNine(TestInfo test) throws Exception {
        Path dir = testDir(test);
        int rows = 200;
        CapturedTable table = CapturedTable.create(postgres, "failover", rows);
        // Each worker's plugin.path holds the extracted plugin (Fluxgate watches plugin.path as it watches plugins/).
        Path pluginPath = dir.resolve("plugin-path");
        DebeziumPostgresPlugin.copyInto(pluginPath);
        cluster = new WorkerCluster("debezium-failover", broker, dir.resolve("cluster"), KIND,
                Map.of("plugin.path", pluginPath.toString())).start(2);
        // Apache loads plugin.path before it serves or joins its group, so a connector created as soon as the workers
        // answer finds its class on any of them. Checked at the end, so that the failover is tested either way.
        List<String> notListingWhenReady = cluster.live().stream()
                .filter(w -> !rest(w).connectorPlugins().contains(DebeziumPostgresPlugin.CONNECTOR_CLASS))
                .map(ClusterWorker::workerId).toList();
        long ready = System.nanoTime();
        for (ClusterWorker worker : cluster.live()) {
            awaitListed(rest(worker), Duration.ofSeconds(120));
        }
        Duration allListed = Duration.ofNanos(System.nanoTime() - ready);
        System.out.printf("DebeziumPostgresTest on %s: 2 workers answer GET /connectors; Debezium listed by all %d ms "
                + "later (not listed when they answered: %s)%n", KIND, allListed.toMillis(), notListingWhenReady);
        ConnectRest first = rest(cluster.worker(0));
        first.create(table.name, table.connectorConfig());
        first.awaitRunning(table.name, 1, null, START);
        awaitRecords(first, table, "the snapshot has read every row", recs -> ids(recs, "r").size() == rows);

        String victimId = first.taskWorker(table.name, 0);
        ClusterWorker victim = cluster.live().stream().filter(w -> w.workerId().equals(victimId)).findFirst()
                .orElseThrow(() -> new AssertionError("no live worker " + victimId));
        ClusterWorker survivor = cluster.live().stream().filter(w -> w != victim).findFirst().orElseThrow();
        ConnectRest survivorRest = rest(survivor);
        table.insert(201, 250);
        awaitRecords(first, table, "rows inserted while the task runs on " + victimId + " are streamed",
                recs -> ids(recs, "c").containsAll(range(201, 250)));
        table.insert(251, 300); // still in flight, perhaps, when the worker dies

        long killed = System.nanoTime();
        victim.kill();
        table.insert(301, 350);
        survivorRest.awaitRunning(table.name, 1, survivor.workerId(), START);
        Duration takenOver = Duration.ofNanos(System.nanoTime() - killed);
        List<Rec> all = awaitRecords(survivorRest, table, "every change before and after the kill is in the topic",
                recs -> ids(recs, "r", "c").containsAll(range(1, 350)));
        Duration delivered = Duration.ofNanos(System.nanoTime() - killed);

        // At least once: duplicates are allowed, nothing is lost and nothing else appears.
        assertEquals(range(1, 350), ids(all, "r", "c"), "every row before and after the kill");
        System.out.printf("DebeziumPostgresTest on %s: kill -9 of %s -> task RUNNING on %s %d ms, -> all rows in the "
                + "topic %d ms; %d records for 350 rows (%s)%n", KIND, victimId, survivor.workerId(),
                takenOver.toMillis(), delivered.toMillis(), all.size(), TopicRecords.countByOp(all));
        assertTrue(notListingWhenReady.isEmpty(), "workers " + notListingWhenReady + " answered GET /connectors "
                + "before GET /connector-plugins listed Debezium from their plugin.path (listed " + allListed.toMillis()
                + " ms later): a connector created in between FAILS with PluginNotFoundException");
    }

    /**
     * A directory for the test's workers under the class's: it outlives the test, so that the workers' logs are still
     * there when a failed test prints them (JUnit removes a test's own @TempDir before it reports the failure).
     */
    private static Path testDir(TestInfo test) throws java.io.IOException {
        return Files.createDirectories(classDir.resolve(test.getTestMethod().orElseThrow().getName()));
    }

    /** A standalone worker of the configured kind with the extracted Debezium plugin in its plugin directory. */
    private ConnectRest startStandaloneWithDebezium(Path dir) throws Exception {
        standalone = StandaloneWorker.create(KIND, dir, broker.bootstrapServers());
        DebeziumPostgresPlugin.copyInto(standalone.pluginDirectory());
        standalone.start();
        return standalone.rest();
    }

    /** Waits until GET /connector-plugins lists Debezium's connector. */
    private static void awaitListed(ConnectRest rest, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest.connectorPlugins().contains(DebeziumPostgresPlugin.CONNECTOR_CLASS)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET /connector-plugins of " + rest + " does not list "
                        + DebeziumPostgresPlugin.CONNECTOR_CLASS + " after " + timeout.toSeconds() + " s: "
                        + rest.connectorPlugins());
            }
            Thread.sleep(50);
        }
    }

    private static ConnectRest rest(ClusterWorker worker) {
        return new ConnectRest(worker.url(""));
    }

    /**
     * Reads the table's topic until {@code done} holds for its records; fails at once if the connector or its task
     * FAILED (with the trace), or after {@link #DELIVERY} with what the topic holds.
     */
    private List<Rec> awaitRecords(ConnectRest rest, CapturedTable table, String what, Predicate<List<Rec>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (true) {
            List<Rec> records = TopicRecords.read(broker.bootstrapServers(), table.topic());
            if (done.test(records)) {
                return records;
            }
            rest.assertNotFailed(table.name);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DELIVERY.toSeconds() + " s waiting until " + what
                        + "; " + table.topic() + " holds " + records.size() + " records " + TopicRecords.countByOp(
                                records) + "; status " + rest.status(table.name));
            }
            Thread.sleep(500);
        }
    }

    /** Rows {@code from} to {@code to}, each read by the snapshot exactly as inserted. */
    private static void assertSnapshot(List<Rec> records, int from, int to) {
        List<Rec> read = records.stream().filter(r -> r.op().equals("r")).toList();
        assertEquals(range(from, to), read.stream().map(Rec::id).collect(Collectors.toCollection(TreeSet::new)),
                "every row read by the snapshot");
        for (Rec rec : read) {
            assertTrue(rec.before().isNull(), rec.toString());
            assertRow(rec.after(), rec.id(), CapturedTable.amountOf(rec.id()));
            assertEquals("postgresql", rec.value().path("source").path("connector").asText(), rec.toString());
        }
    }

    /** {@code row} holds row {@code id} with {@code amount}. */
    private static void assertRow(JsonNode row, int id, int amount) {
        assertEquals(id, row.path("id").asInt(-1), "id of " + row);
        assertEquals(CapturedTable.nameOf(id), row.path("name").asText(), "name of " + row);
        assertEquals(amount, row.path("amount").asInt(-1), "amount of " + row);
    }

    /** The one change event {@code op} of row {@code id}. */
    private static Rec single(List<Rec> records, String op, int id) {
        List<Rec> found = records.stream().filter(r -> r.op().equals(op) && r.id() == id).toList();
        assertEquals(1, found.size(), "one '" + op + "' event for row " + id + ": " + found);
        return found.get(0);
    }

    /** The ids of the rows of the change events {@code ops}. */
    private static Set<Integer> ids(List<Rec> records, String... ops) {
        Set<String> wanted = Set.of(ops);
        return records.stream().filter(r -> wanted.contains(r.op())).map(Rec::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
    }
}
