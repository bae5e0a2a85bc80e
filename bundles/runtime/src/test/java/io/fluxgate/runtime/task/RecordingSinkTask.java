package io.fluxgate.runtime.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A sink task plugin that records what the framework asks of it, in order, and otherwise behaves as each test says:
 * what {@code put} does with a batch, what {@code preCommit} answers, what {@code open} and {@code close} do.
 * Empty batches (the framework puts one after every poll) are not recorded.
 */
final class RecordingSinkTask extends SinkTask {

    private final List<String> timeline;
    final List<List<SinkRecord>> puts = new ArrayList<>();
    final List<Map<TopicPartition, OffsetAndMetadata>> preCommits = new ArrayList<>();
    final List<Map<TopicPartition, OffsetAndMetadata>> flushes = new ArrayList<>();
    final List<List<TopicPartition>> opened = new ArrayList<>();
    final List<List<TopicPartition>> closed = new ArrayList<>();
    /** Runs on each non-empty batch after it was recorded; may throw, as a real put may. */
    Consumer<List<SinkRecord>> onPut = batch -> { };
    /** The answers of the next preCommit calls, in order; once used up, SinkTask's own (flush, then all offsets). */
    final Deque<UnaryOperator<Map<TopicPartition, OffsetAndMetadata>>> preCommitAnswers = new ArrayDeque<>();
    Consumer<Collection<TopicPartition>> onOpen = partitions -> { };
    Consumer<Collection<TopicPartition>> onClose = partitions -> { };
    Map<String, String> startedWith;

    RecordingSinkTask(List<String> timeline) {
        this.timeline = timeline;
    }

    SinkTaskContext context() {
        return context;
    }

    /** The values of every record put, in order, redeliveries included. */
    List<String> valuesPut() {
        return puts.stream().flatMap(List::stream).map(r -> (String) r.value()).toList();
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public void initialize(SinkTaskContext context) {
        timeline.add("initialize");
        super.initialize(context);
    }

    @Override
    public void start(Map<String, String> props) {
        timeline.add("start");
        startedWith = props;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        timeline.add("open");
        opened.add(List.copyOf(partitions));
        onOpen.accept(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        timeline.add("put");
        List<SinkRecord> batch = List.copyOf(records);
        puts.add(batch);
        onPut.accept(batch);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        timeline.add("preCommit");
        preCommits.add(Map.copyOf(currentOffsets));
        UnaryOperator<Map<TopicPartition, OffsetAndMetadata>> answer = preCommitAnswers.poll();
        return answer == null ? super.preCommit(currentOffsets) : answer.apply(currentOffsets);
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        timeline.add("flush");
        flushes.add(Map.copyOf(currentOffsets));
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        timeline.add("close");
        closed.add(List.copyOf(partitions));
        onClose.accept(partitions);
    }

    @Override
    public void stop() {
        timeline.add("stop");
    }
}
