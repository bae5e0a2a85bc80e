package io.fluxgate.runtime.task;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.IllegalWorkerStateException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a sink task asks of the framework: rewind partitions, a retry timeout, pause and resume partitions, an
 * early commit. Used on the task's own thread only (from {@code put}, {@code open}...), like the consumer itself.
 */
final class WorkerSinkTaskContext implements SinkTaskContext {

    private final Map<String, String> configs;
    private final Consumer<byte[], byte[]> consumer;
    private final WorkerSinkTask sinkTask;
    private final ErrantRecordReporter errantRecordReporter;
    private final PluginMetrics metrics;
    private final Map<TopicPartition, Long> offsets = new HashMap<>();
    private final Set<TopicPartition> pausedPartitions = new HashSet<>();
    private long timeoutMs = -1L;
    private boolean commitRequested;

    WorkerSinkTaskContext(Map<String, String> configs, Consumer<byte[], byte[]> consumer, WorkerSinkTask sinkTask,
            ErrantRecordReporter errantRecordReporter, PluginMetrics metrics) {
        this.configs = configs;
        this.consumer = consumer;
        this.sinkTask = sinkTask;
        this.errantRecordReporter = errantRecordReporter;
        this.metrics = metrics;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        this.offsets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        offsets.put(tp, offset);
    }

    /** The rewinds asked since the last {@link #clearOffsets()}. */
    Map<TopicPartition, Long> offsets() {
        return offsets;
    }

    void clearOffsets() {
        offsets.clear();
    }

    @Override
    public void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    long timeout() {
        return timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    @Override
    public void pause(TopicPartition... partitions) {
        if (!consumer.assignment().containsAll(Arrays.asList(partitions))) {
            throw new IllegalWorkerStateException("SinkTasks may not pause partitions that are not currently "
                    + "assigned to them.");
        }
        pausedPartitions.addAll(Arrays.asList(partitions));
        if (!sinkTask.shouldPauseAll()) {
            consumer.pause(Arrays.asList(partitions));
        }
    }

    @Override
    public void resume(TopicPartition... partitions) {
        if (!consumer.assignment().containsAll(Arrays.asList(partitions))) {
            throw new IllegalWorkerStateException("SinkTasks may not resume partitions that are not currently "
                    + "assigned to them.");
        }
        pausedPartitions.removeAll(Arrays.asList(partitions));
        if (!sinkTask.shouldPauseAll()) {
            consumer.resume(Arrays.asList(partitions));
        }
    }

    Set<TopicPartition> pausedPartitions() {
        return pausedPartitions;
    }

    @Override
    public void requestCommit() {
        commitRequested = true;
    }

    boolean isCommitRequested() {
        return commitRequested;
    }

    void clearCommitRequest() {
        commitRequested = false;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return errantRecordReporter;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return metrics;
    }
}
