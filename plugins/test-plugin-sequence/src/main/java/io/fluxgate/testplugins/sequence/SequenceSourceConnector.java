package io.fluxgate.testplugins.sequence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * {@code tasks.max} tasks, task {@code n} writing the records keyed {@code n} with the values 0, 1, 2... to
 * {@code topic}: source partition {@code {"task":"n"}}, source offset {@code {"seq":<value>}}, and after a restart the
 * value after the committed one. Each record carries the headers {@code pid} (the worker process) and
 * {@code instance} (one id per start of the task), so that a test tells which process wrote it, and when.
 */
public class SequenceSourceConnector extends SourceConnector {

    public static final String VERSION = "1.0.0";
    static final String TOPIC_CONFIG = "topic";
    static final String BATCH_CONFIG = "batch.size";
    static final String INTERVAL_CONFIG = "poll.interval.ms";
    static final String TASK_CONFIG = "sequence.task";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, Importance.HIGH, "The topic to write the sequences to")
            .define(BATCH_CONFIG, Type.INT, 10, Importance.LOW, "Records per poll and task")
            .define(INTERVAL_CONFIG, Type.LONG, 100L, Importance.LOW, "Pause before each poll, in ms");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SequenceSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(TASK_CONFIG, Integer.toString(i));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    /** Its offsets say exactly where each sequence goes on: a transaction per batch makes it exactly once. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
