package io.fluxgate.runtime.task;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * A source task plugin that returns the batches (or throws the exceptions) the test queued, in order, and otherwise
 * nothing after a short wait, as a connector with no new data does; it records what the runtime tells it.
 */
final class ScriptedSourceTask extends SourceTask {

    /** A record the runtime reported written ({@code metadata} set) or dropped (null). */
    record Committed(SourceRecord record, RecordMetadata metadata) {
    }

    private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    final List<Committed> committedRecords = new CopyOnWriteArrayList<>();
    volatile boolean started;
    volatile boolean stopped;
    volatile RuntimeException startFailure;
    volatile RuntimeException commitRecordFailure;
    volatile RuntimeException commitFailure;
    /** Run as the plugin's commit() begins. */
    volatile Runnable onCommit = () -> { };

    void willReturn(SourceRecord... batch) {
        script.add(List.of(batch));
    }

    void willThrow(RuntimeException error) {
        script.add(error);
    }

    /** The poll that takes this hangs until {@code release}, then returns nothing. */
    void willHangUntil(CountDownLatch release) {
        script.add(release);
    }

    /** Batches and exceptions not yet polled. */
    int unpolled() {
        return script.size();
    }

    /** Calls of poll() so far, counted as each call begins. */
    int polls() {
        return polls.get();
    }

    int commits() {
        return commits.get();
    }

    /** What the task would read at start: its partition's committed offset, through its context. */
    Map<String, Object> committedOffset(Map<String, ?> partition) {
        return context.offsetStorageReader().offset(partition);
    }

    /** What the runtime gave the task to define its own transactions with; null unless it may. */
    TransactionContext transactionContext() {
        return context.transactionContext();
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public void start(Map<String, String> props) {
        if (startFailure != null) {
            throw startFailure;
        }
        started = true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<SourceRecord> poll() throws InterruptedException {
        polls.incrementAndGet();
        Object next = script.poll(10, TimeUnit.MILLISECONDS);
        if (next instanceof RuntimeException error) {
            throw error;
        }
        if (next instanceof CountDownLatch release) {
            release.await();
            return null;
        }
        return (List<SourceRecord>) next;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        committedRecords.add(new Committed(record, metadata));
        if (commitRecordFailure != null) {
            throw commitRecordFailure;
        }
    }

    @Override
    public void commit() {
        commits.incrementAndGet();
        onCommit.run();
        if (commitFailure != null) {
            throw commitFailure;
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
