package io.fluxgate.runtime.testing.plugins;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;

/**
 * A {@link TestSourceConnector} with a password, {@code secret} (at least 4 characters), in the group
 * {@code Credentials}: what its connector and tasks were started with is kept in {@link #SEEN_BY_CONNECTOR} and
 * {@link #SEEN_BY_TASK}, by connector name, so that tests see what reached the plugin.
 */
public class SecretSourceConnector extends TestSourceConnector {

    public static final Map<String, String> SEEN_BY_CONNECTOR = new ConcurrentHashMap<>();
    public static final Map<String, String> SEEN_BY_TASK = new ConcurrentHashMap<>();

    @Override
    public void start(Map<String, String> props) {
        SEEN_BY_CONNECTOR.put(props.get("name"), props.get("secret"));
        super.start(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SecretSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return super.config().define("secret", ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE,
                (name, value) -> {
                    if (value != null && secretOf(value).length() < 4) {
                        throw new ConfigException(name, value, "Password too short");
                    }
                }, ConfigDef.Importance.HIGH, "The password", "Credentials", 1, ConfigDef.Width.MEDIUM, "Secret");
    }

    private static String secretOf(Object value) {
        return value instanceof org.apache.kafka.common.config.types.Password password ? password.value()
                : String.valueOf(value);
    }

    public static class SecretSourceTask extends TestSourceTask {
        @Override
        public void start(Map<String, String> props) {
            SEEN_BY_TASK.put(props.get("name"), props.get("secret"));
            super.start(props);
        }
    }
}
