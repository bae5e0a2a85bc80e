package io.fluxgate.testplugins.guava31;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import com.google.common.base.Joiner;
import com.google.common.collect.ImmutableMap;

/**
 * A connector that runs Guava code and says which Guava it runs: its task configuration carries the version of the
 * Guava its own class loader gives it, and a string Guava joined.
 */
public class Guava31SourceConnector extends SourceConnector {

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return null;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(ImmutableMap.of("guava.version", guavaVersion(), "joined",
                Joiner.on(',').join(List.of("guava", "31"))));
    }

    /** From the pom.properties Guava's jar carries, found through the loader that loaded Guava's classes. */
    static String guavaVersion() {
        try (InputStream in = Joiner.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/com.google.guava/guava/pom.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | RuntimeException e) {
            return "unknown: " + e;
        }
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "31.0.0";
    }
}
