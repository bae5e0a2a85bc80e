package io.fluxgate.testplugins.versioned;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Emits 0, 1, 2... to {@code topic}, resuming after the last committed offset: with offsets committed before every
 * stop, the topic holds each number once. One task.
 */
public class SequenceSourceConnector extends SourceConnector {

    static final String TOPIC_CONFIG = "topic";
    static final String BATCH_CONFIG = "batch.size";
    static final String INTERVAL_CONFIG = "poll.interval.ms";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, Importance.HIGH, "The topic to write the sequence to")
            .define(StartLog.FILE_CONFIG, Type.STRING, "", Importance.LOW,
                    "A file to append a line to at each start of the connector and of its task")
            .define(BATCH_CONFIG, Type.INT, 10, Importance.LOW, "Numbers per poll")
            .define(INTERVAL_CONFIG, Type.LONG, 20L, Importance.LOW, "Pause before each poll");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
        StartLog.started(props, "connector");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SequenceSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public String version() {
        return Release.VERSION;
    }
}
