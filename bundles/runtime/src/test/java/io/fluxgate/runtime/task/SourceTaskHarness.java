package io.fluxgate.runtime.task;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.Transformation;

import io.fluxgate.runtime.testing.RecordingStatusListener;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.ErrorReporter;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.metrics.SourceTaskMetrics;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.storage.OffsetStorageWriter;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.transforms.TransformationChain;
import io.fluxgate.runtime.transforms.TransformationStage;

/**
 * A {@link WorkerSourceTask} assembled as {@code TaskFactory} does, from in-memory parts the test can drive (the
 * plugin's polls, the producer's acknowledgements, the lease, the offset store), run on a thread of its own.
 */
final class SourceTaskHarness implements AutoCloseable {

    static final ConnectorTaskId ID = new ConnectorTaskId("orders-source", 0);
    static final String TOPIC = "orders";
    static final Duration WAIT = Duration.ofSeconds(15);

    final ScriptedSourceTask plugin = new ScriptedSourceTask();
    final OutOfOrderProducer producer = new OutOfOrderProducer();
    final SwitchableLease lease = new SwitchableLease();
    final RecordingStatusListener listener = new RecordingStatusListener();
    final List<ProcessingContext<SourceRecord>> reportedErrors = new CopyOnWriteArrayList<>();
    final Set<String> activeTopics = ConcurrentHashMap.newKeySet();
    final SourceTaskMetrics metrics = SourceTaskMetrics.unreported(ID);
    private final OffsetCodec codec = new OffsetCodec();
    private final MemoryOffsetBackingStore store;
    private final List<Transformation<SourceRecord>> transformations = new ArrayList<>();
    private ToleranceType tolerance = ToleranceType.NONE;
    private TopicCreator topicCreator = TopicCreator.NONE;
    private long flushTimeoutMs = 10_000;
    private int maxUnacknowledged = Integer.MAX_VALUE;
    private long retryTimeoutMs;
    private TargetState initialState = TargetState.STARTED;
    private WorkerSourceTask task;
    private Thread thread;

    SourceTaskHarness() {
        this(new MemoryOffsetBackingStore());
    }

    /** A task whose offsets go to {@code store}: that of a previous instance, or one that fails on demand. */
    SourceTaskHarness(MemoryOffsetBackingStore store) {
        this.store = store;
    }

    SourceTaskHarness tolerance(ToleranceType tolerance) {
        this.tolerance = tolerance;
        return this;
    }

    @SafeVarargs
    final SourceTaskHarness transformations(Transformation<SourceRecord>... chain) {
        transformations.addAll(Arrays.asList(chain));
        return this;
    }

    SourceTaskHarness topicCreator(TopicCreator creator) {
        this.topicCreator = creator;
        return this;
    }

    /** {@code errors.retry.timeout}: how long a retriable conversion failure is retried (-1: for ever). */
    SourceTaskHarness retryTimeoutMs(long timeoutMs) {
        this.retryTimeoutMs = timeoutMs;
        return this;
    }

    /** {@code fluxgate.source.task.max.unacknowledged.records}; unlimited unless set. */
    SourceTaskHarness maxUnacknowledged(int records) {
        this.maxUnacknowledged = records;
        return this;
    }

    SourceTaskHarness flushTimeoutMs(long timeoutMs) {
        this.flushTimeoutMs = timeoutMs;
        return this;
    }

    SourceTaskHarness createdPaused() {
        this.initialState = TargetState.PAUSED;
        return this;
    }

    /** Starts the task on its own thread; waits until it runs (or failed to start) unless it was created paused. */
    WorkerSourceTask start() {
        PoisonRejectingConverter valueConverter = new PoisonRejectingConverter();
        valueConverter.configure(Map.of(), false);
        StringConverter keyConverter = new StringConverter();
        keyConverter.configure(Map.of(), true);
        SimpleHeaderConverter headerConverter = new SimpleHeaderConverter();
        headerConverter.configure(Map.of());
        RetryWithToleranceOperator<SourceRecord> operator = new RetryWithToleranceOperator<>(retryTimeoutMs, 10, tolerance);
        operator.addReporter(context -> {
            reportedErrors.add(context);
            return ErrorReporter.done();
        });
        ClassLoader loader = getClass().getClassLoader();
        List<TransformationStage<SourceRecord>> stages = transformations.stream()
                .map(t -> new TransformationStage<>(t, loader, null, null, false)).toList();
        task = new WorkerSourceTask(ID, loader, listener, initialState, new WorkerSourceTask.Parts(plugin,
                Map.of("task.class", ScriptedSourceTask.class.getName()),
                new RecordConversion(keyConverter, valueConverter, headerConverter),
                new TransformationChain<>(stages, operator), operator, producer, topicCreator, store,
                new OffsetReader(store, codec, ID.connector()), new OffsetStorageWriter(store, codec, ID.connector()),
                null, metrics, flushTimeoutMs, lease, maxUnacknowledged));
        task.trackTopics(activeTopics::add);
        thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
        if (initialState == TargetState.STARTED) {
            Await.until("the task runs", WAIT, () -> listener.has("running") || listener.has("failed"));
        }
        return task;
    }

    MemoryOffsetBackingStore store() {
        return store;
    }

    WorkerSourceTask task() {
        return task;
    }

    void awaitSent(int records) {
        Await.until(records + " records were sent", WAIT, () -> producer.sentValues().size() >= records);
    }

    /**
     * Waits until the task's loop has gone round once more after this call: acknowledgements that came before it are
     * then among the offsets the next commit writes (the loop collects them at the top of each round, before it
     * polls). Two more polls, since the poll in progress may have begun before the acknowledgements.
     */
    void awaitLoopPassed() {
        int polls = plugin.polls();
        Await.until("the task's loop went round", WAIT, () -> plugin.polls() >= polls + 2);
    }

    void awaitFailure() {
        Await.until("the task failed", WAIT, () -> listener.has("failed"));
    }

    /** Whether the task's thread is inside the named method (of any class) now. */
    boolean taskThreadIsIn(String method) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals(method));
    }

    Thread.State taskThreadState() {
        return thread.getState();
    }

    void stopAndAwait() {
        task.stop();
        assertTrue(task.awaitStop(WAIT.toMillis()), "the task stopped in time");
    }

    /** The committed position of the {@code file} source partition, as a restarted task would read it; or null. */
    Long committedPosition(String file) {
        Map<String, Object> offset = new OffsetReader(store, codec, ID.connector()).offset(partition(file));
        return offset == null ? null : (Long) offset.get("position");
    }

    static Map<String, Object> partition(String file) {
        return Map.of("file", file);
    }

    /** A record read at {@code position} of {@code file}, for the topic {@value #TOPIC}; its value names it. */
    static SourceRecord record(String file, long position) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("origin", file);
        return new SourceRecord(partition(file), Map.of("position", position), TOPIC, null, null, null,
                Schema.STRING_SCHEMA, file + position, 1_700_000_000_000L + position, headers);
    }

    static SourceRecord record(String file, long position, String value) {
        return new SourceRecord(partition(file), Map.of("position", position), TOPIC, Schema.STRING_SCHEMA, value);
    }

    /** Ends a test that left the task running: whatever is in flight is acknowledged so the final commit is quick. */
    @Override
    public void close() {
        if (task != null && thread.isAlive()) {
            producer.ackAll();
            stopAndAwait();
        }
    }

    /**
     * The value converter: strings, but a value of "poison" cannot be converted, and one of "unavailable" fails
     * retriably (a schema registry that is down) for as long as the test lets it.
     */
    static final class PoisonRejectingConverter extends StringConverter {

        @Override
        public byte[] fromConnectData(String topic, Schema schema, Object value) {
            if ("poison".equals(value)) {
                throw new DataException("cannot convert poison");
            }
            if ("unavailable".equals(value)) {
                throw new RetriableException("schema registry unavailable");
            }
            return super.fromConnectData(topic, schema, value);
        }
    }
}
