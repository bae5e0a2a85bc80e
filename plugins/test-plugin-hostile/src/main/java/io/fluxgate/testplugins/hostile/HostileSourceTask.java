package io.fluxgate.testplugins.hostile;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** A source task that misbehaves as its {@code mode} says ({@link Hostility}); otherwise it produces nothing. */
public class HostileSourceTask extends SourceTask {

    private Hostility hostility = Hostility.none();

    @Override
    public void start(Map<String, String> props) {
        hostility = Hostility.of(props);
        hostility.maybeSpawnThreads("source-task");
        hostility.maybeHang("task-start");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        hostility.maybeHang("poll");
        hostility.maybeFailHard();
        Thread.sleep(100);
        return null;
    }

    @Override
    public void commit() throws InterruptedException {
        hostility.maybeHang("commit");
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
