package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * A connector's own offsets topic in front of the worker's store, as Apache's {@code ConnectorOffsetBackingStore}
 * and its exactly-once writes: reads prefer the connector's value, writes go to the connector's topic and are copied
 * behind it, tombstones reach the worker's store first, and an aborted transaction's offsets are never copied.
 */
class ConnectorOffsetBackingStoreTest {

    /** The writes of both stores, in order: {@code <store>:[<keys>]}. */
    private final List<String> log = new ArrayList<>();
    private final RecordingStore worker = new RecordingStore("worker", log);
    private final RecordingStore connector = new RecordingStore("connector", log);
    private final ConnectorOffsetBackingStore store = ConnectorOffsetBackingStore.withConnectorStore(worker,
            connector);

    @Test
    void readsTakeTheConnectorsValueOfAPartitionElseTheWorkers() {
        worker.set(Map.of(key("a"), value("1"), key("b"), value("2")));
        connector.set(Map.of(key("b"), value("20"), key("c"), value("30")));

        Map<ByteBuffer, ByteBuffer> read = store.get(List.of(key("a"), key("b"), key("c"), key("d")));
        assertEquals(Map.of(key("a"), value("1"), key("b"), value("20"), key("c"), value("30")), read);
        assertEquals(Set.of(key("a"), key("b"), key("c")), store.keys(), "partitions of either store are listed");
    }

    @Test
    void writesGoToTheConnectorsTopicAndAreCopiedBehindIt() {
        store.set(Map.of(key("a"), value("5")));

        assertEquals(value("5"), connector.get(List.of(key("a"))).get(key("a")));
        assertEquals(value("5"), worker.get(List.of(key("a"))).get(key("a")), "copied to the worker's store");
        assertEquals(List.of("connector", "worker"), order(), "the connector's topic first");
    }

    @Test
    void aTombstoneReachesTheWorkersStoreFirstSoThatAResetCannotComeBackFromIt() {
        worker.set(Map.of(key("a"), value("1")));
        connector.set(Map.of(key("a"), value("1")));
        log.clear();
        Map<ByteBuffer, ByteBuffer> reset = new HashMap<>();
        reset.put(key("a"), null);
        reset.put(key("b"), value("7"));

        store.setAsync(reset).toCompletableFuture().join();

        assertEquals(Map.of(key("b"), value("7")), store.get(List.of(key("a"), key("b"))));
        assertEquals(List.of("worker:[a]", "connector:[a, b]", "worker:[b]"), log,
                "tombstones to the worker's store, then everything to the connector's, then the offsets copied");
    }

    @Test
    void nothingIsCopiedWhenTheConnectorsTopicRefusesTheWrite() {
        connector.failing = true;
        log.clear();

        CompletionStage<Void> written = store.setAsync(Map.of(key("a"), value("1")));
        CompletionException failure = assertThrows(CompletionException.class,
                () -> written.toCompletableFuture().join());
        assertTrue(failure.getCause() instanceof ConnectException);
        assertEquals(Map.of(), worker.get(List.of(key("a"))), "the worker's store holds no offset the connector lost");
    }

    @Test
    void theWorkersStoreAloneIsUsedAsItIs() {
        ConnectorOffsetBackingStore only = ConnectorOffsetBackingStore.workerOnly(worker);
        Map<ByteBuffer, ByteBuffer> reset = new HashMap<>();
        reset.put(key("a"), null);
        worker.set(Map.of(key("a"), value("1")));
        log.clear();

        only.set(reset);
        assertEquals(List.of("worker:[a]"), log, "one write, tombstone included");
        assertEquals(Map.of(), only.get(List.of(key("a"))));
    }

    @Test
    void anExactlyOnceTasksOffsetsAreCopiedBehindItsTopicOnlyOnceItsTransactionCommitted() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        TransactionalOffsetStore transactional = new TransactionalOffsetStore(store, producer, "orders-offsets");
        producer.initTransactions();

        producer.beginTransaction();
        transactional.set(Map.of(key("a"), value("1")));
        producer.abortTransaction();
        transactional.aborted();
        producer.beginTransaction();
        transactional.set(Map.of(key("b"), value("2")));
        assertEquals(Map.of(), worker.get(List.of(key("a"), key("b"))), "nothing copied before the commit");
        producer.commitTransaction();
        transactional.committed();

        assertEquals(Map.of(key("b"), value("2")), worker.get(List.of(key("a"), key("b"))),
                "the committed transaction's offsets only");
        assertEquals(List.of("orders-offsets"), producer.history().stream().map(r -> r.topic()).toList(),
                "sent in the transactions, to its topic (the aborted one's dropped)");
        assertEquals(Map.of(), connector.get(List.of(key("a"), key("b"))),
                "the connector's topic is written by the transactions, not by the store");
    }

    private List<String> order() {
        List<String> stores = new ArrayList<>();
        log.forEach(entry -> stores.add(entry.substring(0, entry.indexOf(':'))));
        return stores;
    }

    private static ByteBuffer key(String key) {
        return ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer value(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A store in memory that logs each write, in order across stores, and can refuse them. */
    private static final class RecordingStore extends MemoryOffsetBackingStore {

        final String name;
        final List<String> log;
        boolean failing;

        RecordingStore(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public synchronized void set(Map<ByteBuffer, ByteBuffer> values) {
            if (failing) {
                throw new ConnectException(name + " refuses the write");
            }
            List<String> keys = new ArrayList<>();
            values.keySet().forEach(k -> keys.add(StandardCharsets.UTF_8.decode(k.duplicate()).toString()));
            keys.sort(null);
            log.add(name + ":" + keys);
            super.set(values);
        }
    }
}
