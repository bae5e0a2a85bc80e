package io.fluxgate.testplugins.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** One sequence of {@link SequenceSourceConnector}: key = the task's number, value = the next number. */
public class SequenceSourceTask extends SourceTask {

    static final String PARTITION_KEY = "task";
    static final String OFFSET_KEY = "seq";
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    private String topic;
    private String task;
    private Map<String, String> partition;
    private int batch;
    private long interval;
    private long next;
    private final String instance = UUID.randomUUID().toString();

    @Override
    public String version() {
        return SequenceSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        topic = props.get(SequenceSourceConnector.TOPIC_CONFIG);
        task = props.getOrDefault(SequenceSourceConnector.TASK_CONFIG, "0");
        batch = Integer.parseInt(props.getOrDefault(SequenceSourceConnector.BATCH_CONFIG, "10"));
        interval = Long.parseLong(props.getOrDefault(SequenceSourceConnector.INTERVAL_CONFIG, "100"));
        partition = Map.of(PARTITION_KEY, task);
        Map<String, Object> committed = context.offsetStorageReader().offset(partition);
        next = committed == null || committed.get(OFFSET_KEY) == null ? 0
                : ((Number) committed.get(OFFSET_KEY)).longValue() + 1;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Thread.sleep(interval);
        List<SourceRecord> records = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++, next++) {
            SourceRecord record = new SourceRecord(partition, Map.of(OFFSET_KEY, next), topic, null,
                    Schema.STRING_SCHEMA, task, Schema.STRING_SCHEMA, Long.toString(next));
            record.headers().addString("pid", PID);
            record.headers().addString("instance", instance);
            records.add(record);
        }
        return records;
    }

    @Override
    public void stop() {
    }
}
