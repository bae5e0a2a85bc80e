package io.fluxgate.itests.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What test-plugin-sequence's tasks wrote to a topic, read back from the broker, and the source offsets a cluster
 * committed for them: the loss check of the distributed-mode tests. Every number of a task from 0 to the highest one
 * written (and to the committed one) must be there; duplicates are allowed (at least once).
 */
final class SequenceTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: task, number, the writing process and task instance, the broker's timestamp. */
    record Rec(int task, long seq, long pid, String instance, long timestamp) {
    }

    private SequenceTopic() {
    }

    /** Every record of {@code topic} now in the broker (all partitions, from the beginning). */
    static List<Rec> read(String bootstrap, String topic) {
        return read(bootstrap, topic, false);
    }

    /** Every record of {@code topic} a {@code read_committed} consumer reads now: committed transactions only. */
    static List<Rec> readCommitted(String bootstrap, String topic) {
        return read(bootstrap, topic, true);
    }

    private static List<Rec> read(String bootstrap, String topic, boolean committedOnly) {
        List<Rec> recs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic, committedOnly)) {
            recs.add(new Rec(Integer.parseInt(str(r.key())), Long.parseLong(str(r.value()).trim()),
                    Long.parseLong(header(r, "pid")), header(r, "instance"), r.timestamp()));
        }
        return recs;
    }

    /** The offsets committed for {@code connector} in {@code offsetsTopic}: task number to last committed number. */
    static Map<Integer, Long> committed(String bootstrap, String offsetsTopic, String connector) {
        Map<Integer, Long> committed = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, offsetsTopic, true)) {
            try {
                JsonNode key = JSON.readTree(r.key());
                if (!key.isArray() || !key.get(0).asText().equals(connector)) {
                    continue;
                }
                int task = key.get(1).path("task").asInt();
                if (r.value() == null) {
                    committed.remove(task);
                } else {
                    committed.put(task, JSON.readTree(r.value()).path("seq").asLong());
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("unreadable offset record in " + offsetsTopic, e);
            }
        }
        return committed;
    }

    /** The highest number of each task in {@code recs}. */
    static Map<Integer, Long> highest(List<Rec> recs) {
        Map<Integer, Long> highest = new TreeMap<>();
        recs.forEach(r -> highest.merge(r.task(), r.seq(), Math::max));
        return highest;
    }

    /**
     * Fails, naming the missing numbers, unless each of {@code tasks} tasks has every number from 0 to the highest it
     * wrote, and the committed offset of each task is one it wrote.
     */
    static void assertNoLoss(List<Rec> recs, Map<Integer, Long> committed, int tasks) {
        Map<Integer, java.util.BitSet> seen = new HashMap<>();
        recs.forEach(r -> seen.computeIfAbsent(r.task(), t -> new java.util.BitSet()).set((int) r.seq()));
        List<String> problems = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            java.util.BitSet numbers = seen.getOrDefault(task, new java.util.BitSet());
            long top = Math.max(numbers.length() - 1, committed.getOrDefault(task, -1L));
            int missing = numbers.nextClearBit(0);
            if (numbers.isEmpty()) {
                problems.add("task " + task + " wrote nothing");
            } else if (missing <= top) {
                int count = 0;
                for (int i = missing; i <= top; i = numbers.nextClearBit(i + 1)) {
                    count++;
                }
                problems.add("task " + task + ": " + count + " numbers missing from 0.." + top + ", the first "
                        + missing + " (committed " + committed.get(task) + ", highest written "
                        + (numbers.length() - 1) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("records lost: " + String.join("; ", problems));
        }
    }

    /**
     * Fails, naming them, unless each of {@code tasks} tasks has every number from 0 to the highest it wrote exactly
     * once: nothing lost, nothing duplicated.
     */
    static void assertExactlyOnce(List<Rec> recs, int tasks) {
        assertNoLoss(recs, Map.of(), tasks);
        List<String> duplicates = duplicates(recs);
        if (!duplicates.isEmpty()) {
            throw new AssertionError(duplicates.size() + " duplicates, the first: "
                    + duplicates.subList(0, Math.min(10, duplicates.size())));
        }
    }

    /** Each number of a task found again after its first, in the order read ({@code task 1 #35}). */
    static List<String> duplicates(List<Rec> recs) {
        Map<Integer, java.util.BitSet> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Rec r : recs) {
            java.util.BitSet numbers = seen.computeIfAbsent(r.task(), t -> new java.util.BitSet());
            if (numbers.get((int) r.seq())) {
                duplicates.add("task " + r.task() + " #" + r.seq());
            }
            numbers.set((int) r.seq());
        }
        return duplicates;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic,
            boolean committedOnly) {
        Properties props = new Properties();
        if (committedOnly) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cannot read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header header = r.headers().lastHeader(key);
        return header == null ? "0" : str(header.value());
    }

    private static String str(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
