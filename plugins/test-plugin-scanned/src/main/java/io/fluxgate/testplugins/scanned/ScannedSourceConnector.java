package io.fluxgate.testplugins.scanned;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/** Found only by scanning: this jar has no META-INF/services manifest. Extends a base class of its own jar. */
public class ScannedSourceConnector extends BaseScannedSource {

    @Override
    public String version() {
        return "3.0.0";
    }
}

/** Not public, abstract: only a step in the hierarchy the scan follows. */
abstract class BaseScannedSource extends SourceConnector {

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return null;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of();
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }
}
