package io.fluxgate.testplugins.hostile;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** A sink task that misbehaves as its {@code mode} says ({@link Hostility}); otherwise it drops what it gets. */
public class HostileSinkTask extends SinkTask {

    private Hostility hostility = Hostility.none();

    @Override
    public void start(Map<String, String> props) {
        hostility = Hostility.of(props);
        hostility.maybeSpawnThreads("sink-task");
        hostility.maybeHang("task-start");
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        hostility.maybeHang("put");
        hostility.maybeFailHard();
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        hostility.maybeHang("flush");
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        hostility.maybeHang("pre-commit");
        return super.preCommit(offsets); // calls flush()
    }

    @Override
    public void stop() {
        hostility.maybeHang("task-stop");
    }

    @Override
    public String version() {
        return "1.0.0";
    }
}
