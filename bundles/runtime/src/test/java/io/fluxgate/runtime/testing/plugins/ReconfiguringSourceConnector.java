package io.fluxgate.runtime.testing.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A source connector that changes its mind: {@code mode=grow} asks for one task, then, shortly after starting, for
 * {@code tasks.max} through {@code requestTaskReconfiguration}; {@code mode=raise} reports an error through
 * {@code raiseError} after starting. Its tasks emit nothing.
 */
public class ReconfiguringSourceConnector extends SourceConnector {

    private volatile boolean grown;
    private Map<String, String> config;
    private Thread later;

    @Override
    public void start(Map<String, String> props) {
        config = props;
        later = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            if ("raise".equals(props.get("mode"))) {
                context().raiseError(new IllegalStateException("raised by the connector"));
            } else {
                grown = true;
                context().requestTaskReconfiguration();
            }
        });
        later.start();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TestSourceConnector.TestSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < (grown ? maxTasks : 1); i++) {
            configs.add(Map.of("mode", "idle", "topic", "unused"));
        }
        return configs;
    }

    @Override
    public void stop() {
        later.interrupt();
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "1.0";
    }
}
