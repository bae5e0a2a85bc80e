package io.fluxgate.runtime.task;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.Transformation;

import io.fluxgate.runtime.testing.RecordingStatusListener;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.metrics.SourceTaskMetrics;
import io.fluxgate.runtime.storage.ConnectorOffsetBackingStore;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.storage.OffsetStorageWriter;
import io.fluxgate.runtime.storage.TransactionalOffsetStore;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.transforms.TransformationChain;
import io.fluxgate.runtime.transforms.TransformationStage;

/**
 * An {@link ExactlyOnceWorkerSourceTask} assembled as {@code TaskFactory} does, over a transactional MockProducer
 * ({@link TransactionalProducer}) whose offsets topic is {@value #OFFSETS_TOPIC}, run on a thread of its own. Records
 * and plugin are {@link SourceTaskHarness}'s.
 */
final class ExactlyOnceTaskHarness implements AutoCloseable {

    static final String OFFSETS_TOPIC = "connect-offsets";

    final ScriptedSourceTask plugin = new ScriptedSourceTask();
    final TransactionalProducer producer;
    final RecordingStatusListener listener = new RecordingStatusListener();
    final SourceTaskMetrics metrics = SourceTaskMetrics.unreported(SourceTaskHarness.ID);
    private final OffsetCodec codec = new OffsetCodec();
    private final MemoryOffsetBackingStore store = new MemoryOffsetBackingStore();
    private final List<Transformation<SourceRecord>> transformations = new ArrayList<>();
    private TransactionBoundary boundary = TransactionBoundary.POLL;
    private long intervalMs = 60_000;
    private ProducerChecks checks = ProducerChecks.NONE;
    private ExactlyOnceWorkerSourceTask task;
    private Thread thread;

    ExactlyOnceTaskHarness() {
        this(true);
    }

    /** @param autoComplete whether the producer acknowledges each record as it is sent */
    ExactlyOnceTaskHarness(boolean autoComplete) {
        this.producer = new TransactionalProducer(autoComplete);
    }

    ExactlyOnceTaskHarness boundary(TransactionBoundary boundary, long intervalMs) {
        this.boundary = boundary;
        this.intervalMs = intervalMs;
        return this;
    }

    ExactlyOnceTaskHarness checks(ProducerChecks checks) {
        this.checks = checks;
        return this;
    }

    @SafeVarargs
    final ExactlyOnceTaskHarness transformations(Transformation<SourceRecord>... chain) {
        transformations.addAll(Arrays.asList(chain));
        return this;
    }

    /** Builds the task without running it. */
    ExactlyOnceWorkerSourceTask build() {
        StringConverter keyConverter = new StringConverter();
        keyConverter.configure(Map.of(), true);
        StringConverter valueConverter = new StringConverter();
        valueConverter.configure(Map.of(), false);
        SimpleHeaderConverter headerConverter = new SimpleHeaderConverter();
        headerConverter.configure(Map.of());
        RetryWithToleranceOperator<SourceRecord> operator = new RetryWithToleranceOperator<>(0, 10,
                ToleranceType.NONE);
        ClassLoader loader = getClass().getClassLoader();
        List<TransformationStage<SourceRecord>> stages = transformations.stream()
                .map(t -> new TransformationStage<>(t, loader, null, null, false)).toList();
        String connector = SourceTaskHarness.ID.connector();
        TransactionalOffsetStore offsets = new TransactionalOffsetStore(ConnectorOffsetBackingStore.workerOnly(store),
                producer, OFFSETS_TOPIC);
        task = new ExactlyOnceWorkerSourceTask(SourceTaskHarness.ID, loader, listener, TargetState.STARTED,
                new AbstractWorkerSourceTask.Parts(plugin, Map.of("task.class", ScriptedSourceTask.class.getName()),
                        new RecordConversion(keyConverter, valueConverter, headerConverter),
                        new TransformationChain<>(stages, operator), operator, producer, TopicCreator.NONE,
                        offsets, new OffsetReader(offsets, codec, connector),
                        new OffsetStorageWriter(offsets, codec, connector),
                        null, metrics, 10_000, WorkLease.ALWAYS, Integer.MAX_VALUE),
                new ExactlyOnceWorkerSourceTask.Transactions(boundary, intervalMs, offsets, checks));
        return task;
    }

    /** Starts the task on its own thread; waits until it runs or failed. */
    ExactlyOnceWorkerSourceTask start() {
        build();
        thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
        Await.until("the task runs", SourceTaskHarness.WAIT,
                () -> listener.has("running") || listener.has("failed"));
        return task;
    }

    void awaitCommits(int transactions) {
        Await.until(transactions + " transactions were committed", SourceTaskHarness.WAIT,
                () -> producer.committed.size() >= transactions);
    }

    void awaitFailure() {
        Await.until("the task failed", SourceTaskHarness.WAIT, () -> listener.has("failed"));
    }

    void stopAndAwait() {
        task.stop();
        assertTrue(task.awaitStop(SourceTaskHarness.WAIT.toMillis()), "the task stopped in time");
    }

    /** The values of the data records (not the offsets) in {@code records}, in order. */
    static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().filter(r -> !OFFSETS_TOPIC.equals(r.topic()))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /**
     * The offsets in {@code records} (those to {@value #OFFSETS_TOPIC}), read back as the worker's store reads its
     * topic: the position per file of this harness's connector.
     */
    Map<String, Long> positions(List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, Long> positions = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            if (OFFSETS_TOPIC.equals(record.topic())) {
                String connector = SourceTaskHarness.ID.connector();
                Map<String, Object> partition = codec.partition(connector, ByteBuffer.wrap(record.key()));
                Map<String, Object> offset = codec.offset(connector, ByteBuffer.wrap(record.value()));
                positions.put((String) partition.get("file"), (Long) offset.get("position"));
            }
        }
        return positions;
    }

    /** The offset records' keys as text, which must be the worker's store's: {@code ["<connector>",{partition}]}. */
    static List<String> offsetKeys(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().filter(r -> OFFSETS_TOPIC.equals(r.topic()))
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted().collect(Collectors.toList());
    }

    @Override
    public void close() {
        if (task != null && thread != null && thread.isAlive()) {
            stopAndAwait();
        }
    }
}
