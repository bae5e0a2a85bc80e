package io.fluxgate.storage.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compacted topic read from its beginning and then followed, with a producer to write to it (Kafka Connect's
 * {@code KafkaBasedLog}). Every record read, in every partition, goes to the {@link RecordHandler}: first on the
 * thread that calls {@link #start}, until the end the topic had then, then on the log's own thread.
 *
 * <p>{@link #readToEnd()} is how a worker knows it has seen what others wrote: it completes once the log has read, in
 * every partition, up to the end offset that partition had at the call. End offsets come from the admin client, so
 * the answer does not wait for the consumer's current poll.
 */
public final class TopicLog {

    /** Told of each record read; called by one thread at a time, in each partition's order. */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(ConsumerRecord<byte[], byte[]> record);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TopicLog.class);
    private static final Duration PARTITIONS_PATIENCE = Duration.ofSeconds(30);
    // The consumer's thread is woken for each read-to-end request and for stop(), so an idle poll can be long.
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    // While catching up, a short poll re-checks positions that advance without records (transaction markers).
    private static final Duration CATCHING_UP_POLL = Duration.ofMillis(100);
    private static final Duration ERROR_BACKOFF = Duration.ofMillis(500);
    private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, Object> producerProps;
    private final Map<String, Object> consumerProps;
    private final Admin admin;
    private final RecordHandler handler;
    private final Duration startPatience;
    private final ReadToEndRequests requests = new ReadToEndRequests();
    private final Object lifecycle = new Object();

    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile List<TopicPartition> partitions = List.of();
    private volatile boolean stopping;
    private Thread follower;

    /**
     * @param producerProps the producer's settings, or null for a log that is only read ({@link #send} fails)
     * @param admin         not closed by the log: it answers the end offsets
     * @param startPatience how long {@link #start} retries a cluster that does not answer
     */
    public TopicLog(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps, Admin admin,
            RecordHandler handler, Duration startPatience) {
        this.topic = topic;
        this.producerProps = producerProps == null ? null : Map.copyOf(producerProps);
        this.consumerProps = Map.copyOf(consumerProps);
        this.admin = admin;
        this.handler = handler;
        this.startPatience = startPatience;
    }

    public String topic() {
        return topic;
    }

    /**
     * Reads the topic from its beginning to its current end on the calling thread, runs {@code loaded}, then follows
     * the topic on the log's own thread (so {@code loaded} happens before any record read after the start).
     *
     * @throws ConnectException when the topic cannot be read; nothing is left open
     */
    public void start(Runnable loaded) {
        synchronized (lifecycle) {
            if (stopping) {
                throw new ConnectException("The log of topic '" + topic + "' was stopped");
            }
            try {
                producer = producerProps == null ? null : new KafkaProducer<>(producerProps);
                consumer = new KafkaConsumer<>(consumerProps);
                partitions = lookUpPartitions();
                consumer.assign(partitions);
                // From the beginning, whatever offsets a consumer group of the same id may have committed.
                consumer.seekToBeginning(partitions);
                load(initialEndOffsets());
                loaded.run();
            } catch (RuntimeException e) {
                closeClients();
                throw e;
            }
            follower = new Thread(this::follow, "fluxgate-topic-log-" + topic);
            follower.setDaemon(true);
            follower.start();
            LOG.info("Read topic {} ({} partition(s)) and following it", topic, partitions.size());
        }
    }

    /** The number of partitions the topic had at {@link #start}. */
    public int partitionCount() {
        return partitions.size();
    }

    /**
     * Completes once every record written to the topic before the call has been handed to the handler, or
     * exceptionally when the end offsets cannot be read, the log is not started, or it stops first.
     */
    public CompletableFuture<Void> readToEnd() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (partitions.isEmpty()) {
            // Not started: there is no end to read to yet (and a start in progress has not found the partitions).
            done.completeExceptionally(new ConnectException("The log of topic '" + topic + "' is not started"));
            return done;
        }
        endOffsets().whenComplete((ends, error) -> {
            if (error != null) {
                done.completeExceptionally(new ConnectException("Cannot read the end offsets of topic '" + topic
                        + "': " + error.getMessage(), error));
                return;
            }
            requests.add(ends, done);
            KafkaConsumer<byte[], byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        });
        return done;
    }

    /** Writes a record (a null value is a tombstone); completes once the topic acknowledged it. */
    public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        KafkaProducer<byte[], byte[]> current = producer;
        if (current == null) {
            acked.completeExceptionally(new ConnectException(producerProps == null
                    ? "The log of topic '" + topic + "' is only read, not written"
                    : "The log of topic '" + topic + "' is not started"));
            return acked;
        }
        try {
            current.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Waits until every record sent so far is acknowledged or failed. */
    public void flush() {
        KafkaProducer<byte[], byte[]> current = producer;
        if (current != null) {
            current.flush();
        }
    }

    /**
     * Stops following the topic and closes the clients; pending reads to the end fail. A {@link #start} in progress
     * on another thread gives up first. Safe to call more than once.
     */
    public void stop() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (lifecycle) {
            if (follower != null) {
                try {
                    follower.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                follower = null;
            }
            requests.close(new ConnectException("The log of topic '" + topic + "' was stopped"));
            closeClients();
        }
    }

    private List<TopicPartition> lookUpPartitions() {
        // A topic just created may take a moment to appear in the metadata.
        long deadline = System.nanoTime() + PARTITIONS_PATIENCE.toNanos();
        List<PartitionInfo> infos = partitionInfos();
        while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
            infos = partitionInfos();
        }
        if (infos == null || infos.isEmpty()) {
            throw new ConnectException("Could not look up partition metadata for topic '" + topic + "' in the "
                    + "allotted period. This could indicate a connectivity issue, unavailable topic partitions, or if "
                    + "this is your first use of the topic it may have taken too long to create.");
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private List<PartitionInfo> partitionInfos() {
        while (true) {
            if (stopping) {
                throw stoppedWhileStarting();
            }
            try {
                return consumer.partitionsFor(topic);
            } catch (WakeupException e) {
                // A read-to-end request (served once following) or stop(), checked above.
            }
        }
    }

    private ConnectException stoppedWhileStarting() {
        return new ConnectException("The log of topic '" + topic + "' was stopped while starting");
    }

    private Map<TopicPartition, Long> initialEndOffsets() {
        long deadline = System.nanoTime() + startPatience.toNanos();
        while (true) {
            try {
                return endOffsets().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline || stopping) {
                    throw new ConnectException("Cannot read the end offsets of topic '" + topic + "': "
                            + e.getCause().getMessage(), e.getCause());
                }
                LOG.warn("Retrying to read the end offsets of topic {}: {}", topic, e.getCause().getMessage());
                sleep(ERROR_BACKOFF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while reading topic '" + topic + "'", e);
            }
        }
    }

    private CompletableFuture<Map<TopicPartition, Long>> endOffsets() {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
        CompletableFuture<Map<TopicPartition, Long>> result = new CompletableFuture<>();
        // The end of the log itself, transactions in flight included, as Kafka Connect reads it: a read_committed
        // consumer reaches it once they have ended, so a read to the end never misses a commit in progress.
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .whenComplete((infos, error) -> {
                    if (error != null) {
                        result.completeExceptionally(unwrap(error));
                    } else {
                        result.complete(offsets(infos));
                    }
                });
        return result;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, ListOffsetsResultInfo> infos) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Reads on the calling thread until {@code endOffsets} are reached. */
    private void load(Map<TopicPartition, Long> endOffsets) {
        while (true) {
            if (stopping) {
                throw stoppedWhileStarting();
            }
            try {
                if (ReadToEndRequests.reached(endOffsets, consumer::position)) {
                    return;
                }
                dispatch(consumer.poll(CATCHING_UP_POLL));
            } catch (WakeupException e) {
                // A read-to-end request (served once following) or stop(), checked above.
            }
        }
    }

    private void follow() {
        while (!stopping) {
            try {
                requests.completeReached(consumer::position);
                dispatch(consumer.poll(requests.isEmpty() ? IDLE_POLL : CATCHING_UP_POLL));
            } catch (WakeupException e) {
                // A new read-to-end request, or stop(): the loop checks both.
            } catch (RetriableException e) {
                LOG.warn("Retriable error reading topic {}, retrying: {}", topic, e.getMessage());
                sleep(ERROR_BACKOFF);
            } catch (KafkaException e) {
                // Those waiting for the end would wait in vain; later reads get another chance.
                LOG.error("Error reading topic {}", topic, e);
                requests.failAll(new ConnectException("Error reading topic '" + topic + "': " + e.getMessage(), e));
                sleep(ERROR_BACKOFF);
            }
        }
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                handler.onRecord(record);
            } catch (RuntimeException e) {
                // One bad record must not stop the worker from following its topic.
                LOG.error("Failed to process record at offset {} of {}-{}", record.offset(), topic,
                        record.partition(), e);
            }
        }
    }

    private void closeClients() {
        KafkaProducer<byte[], byte[]> openProducer = producer;
        producer = null;
        if (openProducer != null) {
            try {
                openProducer.close(PRODUCER_CLOSE);
            } catch (RuntimeException e) {
                LOG.warn("Failed to close the producer of topic {}", topic, e);
            }
        }
        KafkaConsumer<byte[], byte[]> openConsumer = consumer;
        consumer = null;
        if (openConsumer != null) {
            try {
                openConsumer.close();
            } catch (RuntimeException e) {
                LOG.warn("Failed to close the consumer of topic {}", topic, e);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
