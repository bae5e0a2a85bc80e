package io.fluxgate.testplugins.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/** A source connector that misbehaves as its {@code mode} says ({@link Hostility}). */
public class HostileSourceConnector extends SourceConnector {

    private volatile Hostility hostility = Hostility.none();
    private Map<String, String> props = Map.of();

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
        hostility = Hostility.of(props);
        hostility.maybeSpawnThreads("source-connector");
        hostility.maybeHang("start");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HostileSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        hostility.maybeHang("task-configs");
        return new ArrayList<>(List.of(props));
    }

    @Override
    public void stop() {
        hostility.maybeHang("stop");
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        hostility = Hostility.of(connectorConfigs);
        hostility.maybeHang("validate");
        return super.validate(connectorConfigs); // calls config()
    }

    @Override
    public ConfigDef config() {
        hostility.maybeHang("config");
        return Hostility.CONFIG;
    }

    @Override
    public String version() {
        hostility.maybeHang("version");
        return "1.0.0";
    }
}
