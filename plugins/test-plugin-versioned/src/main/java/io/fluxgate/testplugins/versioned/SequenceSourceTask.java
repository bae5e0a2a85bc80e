package io.fluxgate.testplugins.versioned;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** The numbers of {@link SequenceSourceConnector}, each record with a header {@code release} naming this build. */
public class SequenceSourceTask extends SourceTask {

    private static final Map<String, String> PARTITION = Map.of("sequence", "0");
    private static final String POSITION = "next";

    private String topic;
    private int batch;
    private long interval;
    private long next;

    @Override
    public String version() {
        return Release.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        topic = props.get(SequenceSourceConnector.TOPIC_CONFIG);
        batch = Integer.parseInt(props.getOrDefault(SequenceSourceConnector.BATCH_CONFIG, "10"));
        interval = Long.parseLong(props.getOrDefault(SequenceSourceConnector.INTERVAL_CONFIG, "20"));
        Map<String, Object> committed = context.offsetStorageReader().offset(PARTITION);
        next = committed == null ? 0 : ((Number) committed.get(POSITION)).longValue();
        StartLog.started(props, "task");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Thread.sleep(interval);
        List<SourceRecord> records = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++, next++) {
            SourceRecord record = new SourceRecord(PARTITION, Map.of(POSITION, next + 1), topic, null,
                    Schema.STRING_SCHEMA, "sequence", Schema.STRING_SCHEMA, Long.toString(next));
            record.headers().addString("release", Release.VERSION);
            records.add(record);
        }
        return records;
    }

    @Override
    public void stop() {
    }
}
