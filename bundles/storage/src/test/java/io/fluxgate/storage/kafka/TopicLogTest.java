package io.fluxgate.storage.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.storage.testing.Workers;

class TopicLogTest {

    private static Admin admin;
    private static ClientSettings clients;

    @BeforeAll
    static void connect() {
        clients = new ClientSettings(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()), "test-group");
        admin = Admin.create(clients.admin());
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static TopicLog log(String topic, TopicLog.RecordHandler handler) {
        return new TopicLog(topic, clients.producer("test", false), clients.consumer("test", false), admin, handler,
                Duration.ofSeconds(10));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void startReadsEveryPartitionToItsEndThenFollowsNewRecords() throws Exception {
        String topic = Workers.topic("log");
        RawTopic.create(topic, 3, Map.of("cleanup.policy", "compact"));
        List<RawTopic.Entry> before = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            before.add(new RawTopic.Entry(i % 3, bytes("k" + i), bytes("v" + i)));
        }
        RawTopic.write(topic, before);

        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger seenWhenLoaded = new AtomicInteger(-1);
        TopicLog log = log(topic, record -> seen.add(text(record.key()) + "=" + text(record.value())));
        log.start(() -> seenWhenLoaded.set(seen.size()));
        try {
            assertEquals(30, seenWhenLoaded.get(), "everything written before start is read before it returns");
            assertEquals(3, log.partitionCount());

            log.send(bytes("new"), bytes("value")).get(10, TimeUnit.SECONDS);
            log.readToEnd().get(10, TimeUnit.SECONDS);
            assertEquals(31, seen.size());
            assertEquals("new=value", seen.get(30));
        } finally {
            log.stop();
        }
    }

    @Test
    void readToEndCompletesOnlyOnceWhatOthersWroteBeforeTheCallIsRead() throws Exception {
        String topic = Workers.topic("log");
        RawTopic.create(topic, 5, Map.of("cleanup.policy", "compact"));
        List<String> seen = new CopyOnWriteArrayList<>();
        TopicLog log = log(topic, record -> seen.add(text(record.key())));
        log.start(() -> { });
        try {
            List<RawTopic.Entry> written = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                written.add(new RawTopic.Entry(i % 5, bytes("k" + i), bytes("v" + i)));
            }
            RawTopic.write(topic, written);

            log.readToEnd().get(10, TimeUnit.SECONDS);
            assertEquals(500, seen.size(), "every record written before the call, in every partition");
        } finally {
            log.stop();
        }
    }

    @Test
    void readToEndOfAnEmptyTopicCompletes() throws Exception {
        String topic = Workers.topic("log");
        RawTopic.create(topic, 2, Map.of("cleanup.policy", "compact"));
        TopicLog log = log(topic, record -> { });
        log.start(() -> { });
        try {
            log.readToEnd().get(10, TimeUnit.SECONDS);
        } finally {
            log.stop();
        }
    }

    @Test
    void tombstonesReachTheHandlerAsNullValues() throws Exception {
        String topic = Workers.topic("log");
        RawTopic.create(topic, 1, Map.of("cleanup.policy", "compact"));
        List<ConsumerRecord<byte[], byte[]>> seen = new CopyOnWriteArrayList<>();
        TopicLog log = log(topic, seen::add);
        log.start(() -> { });
        try {
            log.send(bytes("k"), bytes("v")).get(10, TimeUnit.SECONDS);
            log.send(bytes("k"), null).get(10, TimeUnit.SECONDS);
            log.readToEnd().get(10, TimeUnit.SECONDS);
            assertEquals(2, seen.size());
            assertEquals("v", text(seen.get(0).value()));
            assertNull(seen.get(1).value());
        } finally {
            log.stop();
        }
    }

    @Test
    void twoLogsOnOneTopicSeeEachOthersWrites() throws Exception {
        String topic = Workers.topic("log");
        RawTopic.create(topic, 2, Map.of("cleanup.policy", "compact"));
        List<String> seenByA = new CopyOnWriteArrayList<>();
        List<String> seenByB = new CopyOnWriteArrayList<>();
        TopicLog a = log(topic, record -> seenByA.add(text(record.key())));
        TopicLog b = log(topic, record -> seenByB.add(text(record.key())));
        a.start(() -> { });
        b.start(() -> { });
        try {
            a.send(bytes("from-a"), bytes("1")).get(10, TimeUnit.SECONDS);
            b.send(bytes("from-b"), bytes("2")).get(10, TimeUnit.SECONDS);
            a.readToEnd().get(10, TimeUnit.SECONDS);
            b.readToEnd().get(10, TimeUnit.SECONDS);
            assertTrue(seenByA.containsAll(List.of("from-a", "from-b")), seenByA.toString());
            assertTrue(seenByB.containsAll(List.of("from-a", "from-b")), seenByB.toString());
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheLog() throws Exception {
        String topic = Workers.topic("log");
        RawTopic.create(topic, 1, Map.of("cleanup.policy", "compact"));
        List<String> seen = new CopyOnWriteArrayList<>();
        TopicLog log = log(topic, record -> {
            if ("bad".equals(text(record.key()))) {
                throw new IllegalStateException("bad record");
            }
            seen.add(text(record.key()));
        });
        log.start(() -> { });
        try {
            log.send(bytes("bad"), bytes("x")).get(10, TimeUnit.SECONDS);
            log.send(bytes("good"), bytes("y")).get(10, TimeUnit.SECONDS);
            log.readToEnd().get(10, TimeUnit.SECONDS);
            assertEquals(List.of("good"), seen);
        } finally {
            log.stop();
        }
    }

    @Test
    void stopEndsTheThreadClosesTheClientsAndFailsLaterCalls() throws Exception {
        String topic = Workers.topic("log");
        RawTopic.create(topic, 1, Map.of("cleanup.policy", "compact"));
        TopicLog log = log(topic, record -> { });
        log.start(() -> { });
        assertTrue(threadRunning("fluxgate-topic-log-" + topic));

        log.stop();
        assertFalse(threadRunning("fluxgate-topic-log-" + topic));
        ExecutionException read = assertThrows(ExecutionException.class,
                () -> log.readToEnd().get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, read.getCause());
        ExecutionException write = assertThrows(ExecutionException.class,
                () -> log.send(bytes("k"), bytes("v")).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, write.getCause());
        log.stop();
    }

    @Test
    void startGivesUpOnATopicThatDoesNotAppear() {
        // Auto-creation on the broker is what Kafka Connect does not rely on; the stores create their topics first.
        String topic = Workers.topic("missing");
        AtomicBoolean loaded = new AtomicBoolean();
        Map<String, Object> consumer = new java.util.HashMap<>(clients.consumer("test", false));
        consumer.put("allow.auto.create.topics", false);
        TopicLog log = new TopicLog(topic, clients.producer("test", false), consumer, admin, record -> { },
                Duration.ofSeconds(1));
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                return;
            }
            log.stop();
        });
        stopper.start();
        ConnectException e = assertThrows(ConnectException.class, () -> log.start(() -> loaded.set(true)));
        assertTrue(e.getMessage().contains(topic), e.getMessage());
        assertFalse(loaded.get());
    }

    private static boolean threadRunning(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
