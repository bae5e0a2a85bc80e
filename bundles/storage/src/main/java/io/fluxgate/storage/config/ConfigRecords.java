package io.fluxgate.storage.config;

import java.util.Base64;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.storage.kafka.InternalJson;

/**
 * The records of the config topic, byte for byte as Kafka Connect's {@code KafkaConfigBackingStore} writes them: keys
 * are plain strings, values are JSON written through the schemas below (copied from Kafka Connect, field order
 * included, since the order of the JSON fields follows it). Reading is as lenient as Kafka Connect's: a malformed value
 * is logged and ignored.
 */
final class ConfigRecords {

    static final String CONNECTOR_PREFIX = "connector-";
    static final String TASK_PREFIX = "task-";
    static final String COMMIT_PREFIX = "commit-";
    static final String TARGET_STATE_PREFIX = "target-state-";
    static final String RESTART_PREFIX = "restart-connector-";
    static final String TASK_COUNT_PREFIX = "tasks-fencing-";
    static final String LOGGER_PREFIX = "logger-cluster-";
    static final String SESSION_KEY = "session-key";

    static final Schema CONNECTOR_CONFIGURATION_V0 = SchemaBuilder.struct()
            .field("properties", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build())
            .build();
    static final Schema TASK_CONFIGURATION_V0 = CONNECTOR_CONFIGURATION_V0;
    static final Schema CONNECTOR_TASKS_COMMIT_V0 = SchemaBuilder.struct()
            .field("tasks", Schema.INT32_SCHEMA)
            .build();
    // v1 adds "state.v2" for STOPPED, which older workers do not know: "state" then says PAUSED.
    static final Schema TARGET_STATE_V1 = SchemaBuilder.struct()
            .field("state", Schema.STRING_SCHEMA)
            .field("state.v2", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    // JSON without schemas has no bytes type: the key is base 64.
    static final Schema SESSION_KEY_V0 = SchemaBuilder.struct()
            .field("key", Schema.STRING_SCHEMA)
            .field("algorithm", Schema.STRING_SCHEMA)
            .field("creation-timestamp", Schema.INT64_SCHEMA)
            .build();
    static final Schema RESTART_REQUEST_V0 = SchemaBuilder.struct()
            .field("include-tasks", Schema.BOOLEAN_SCHEMA)
            .field("only-failed", Schema.BOOLEAN_SCHEMA)
            .build();
    // KIP-618: how many task producers of a connector may be alive, written by the leader after each fencing round.
    static final Schema TASK_COUNT_RECORD_V0 = SchemaBuilder.struct()
            .field("task-count", Schema.INT32_SCHEMA)
            .build();
    static final Schema LOGGER_LEVEL_V0 = SchemaBuilder.struct()
            .field("level", Schema.STRING_SCHEMA)
            .build();

    private static final Logger LOG = LoggerFactory.getLogger(ConfigRecords.class);

    private final InternalJson json;
    private final String topic;

    ConfigRecords(InternalJson json, String topic) {
        this.json = json;
        this.topic = topic;
    }

    // Keys

    static String connectorKey(String connector) {
        return CONNECTOR_PREFIX + connector;
    }

    static String taskKey(ConnectorTaskId task) {
        return TASK_PREFIX + task.connector() + "-" + task.task();
    }

    static String commitKey(String connector) {
        return COMMIT_PREFIX + connector;
    }

    static String targetStateKey(String connector) {
        return TARGET_STATE_PREFIX + connector;
    }

    static String restartKey(String connector) {
        return RESTART_PREFIX + connector;
    }

    static String taskCountKey(String connector) {
        return TASK_COUNT_PREFIX + connector;
    }

    static String loggerKey(String namespace) {
        return LOGGER_PREFIX + namespace;
    }

    /** The task of a {@code task-<connector>-<n>} key (the connector's name may contain hyphens), or null. */
    static ConnectorTaskId taskId(String key) {
        String rest = key.substring(TASK_PREFIX.length());
        int hyphen = rest.lastIndexOf('-');
        if (hyphen < 0) {
            return null;
        }
        try {
            return new ConnectorTaskId(rest.substring(0, hyphen), Integer.parseInt(rest.substring(hyphen + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // Values written

    byte[] connectorConfig(Map<String, String> config) {
        return json.write(topic, CONNECTOR_CONFIGURATION_V0,
                new Struct(CONNECTOR_CONFIGURATION_V0).put("properties", config));
    }

    byte[] taskConfig(Map<String, String> config) {
        return json.write(topic, TASK_CONFIGURATION_V0, new Struct(TASK_CONFIGURATION_V0).put("properties", config));
    }

    byte[] commit(int tasks) {
        return json.write(topic, CONNECTOR_TASKS_COMMIT_V0, new Struct(CONNECTOR_TASKS_COMMIT_V0).put("tasks", tasks));
    }

    byte[] targetState(TargetState state) {
        String compatible = state == TargetState.STOPPED ? TargetState.PAUSED.name() : state.name();
        return json.write(topic, TARGET_STATE_V1,
                new Struct(TARGET_STATE_V1).put("state", compatible).put("state.v2", state.name()));
    }

    byte[] sessionKey(SessionKey key) {
        return json.write(topic, SESSION_KEY_V0, new Struct(SESSION_KEY_V0)
                .put("key", Base64.getEncoder().encodeToString(key.key().getEncoded()))
                .put("algorithm", key.key().getAlgorithm())
                .put("creation-timestamp", key.creationTimestamp()));
    }

    byte[] restartRequest(RestartRequest request) {
        return json.write(topic, RESTART_REQUEST_V0, new Struct(RESTART_REQUEST_V0)
                .put("include-tasks", request.includeTasks())
                .put("only-failed", request.onlyFailed()));
    }

    byte[] taskCount(int taskCount) {
        return json.write(topic, TASK_COUNT_RECORD_V0,
                new Struct(TASK_COUNT_RECORD_V0).put("task-count", taskCount));
    }

    byte[] loggerLevel(String level) {
        return json.write(topic, LOGGER_LEVEL_V0, new Struct(LOGGER_LEVEL_V0).put("level", level));
    }

    // Values read

    /** The value of a record: a map, or null for a tombstone; throws a DataException when it is not JSON. */
    Object read(byte[] value) {
        return json.read(topic, value);
    }

    /** The {@code properties} of a connector or task configuration, or null when malformed. */
    @SuppressWarnings("unchecked")
    static Map<String, String> properties(String what, Object value) {
        Object properties = field(value, "properties");
        if (!(properties instanceof Map)) {
            LOG.error("Ignoring the configuration of {}: 'properties' should be a map but is {}", what,
                    typeOf(properties));
            return null;
        }
        return (Map<String, String>) properties;
    }

    /** A target state: {@code state.v2} if set and valid, else {@code state} (written by older workers); or null. */
    static TargetState targetState(String connector, Object value) {
        Object state = field(value, "state.v2");
        if (state != null && !(state instanceof String)) {
            LOG.error("Invalid target state of connector '{}': 'state.v2' should be a string but is {}", connector,
                    typeOf(state));
            state = null;
        }
        if (state == null) {
            state = field(value, "state");
            if (!(state instanceof String)) {
                LOG.error("Invalid target state of connector '{}': 'state' should be a string but is {}", connector,
                        typeOf(state));
                return null;
            }
        }
        try {
            return TargetState.valueOf((String) state);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid target state of connector '{}': {}", connector, state);
            return null;
        }
    }

    /** An integer field (JSON numbers read as longs), or null when absent or not a number. */
    static Integer intField(Object value, String field) {
        Object number = field(value, field);
        if (number instanceof Integer || number instanceof Long) {
            return ((Number) number).intValue();
        }
        return null;
    }

    static SessionKey sessionKey(Object value) {
        Object key = field(value, "key");
        Object algorithm = field(value, "algorithm");
        Object created = field(value, "creation-timestamp");
        if (!(key instanceof String) || !(algorithm instanceof String) || !(created instanceof Long)) {
            LOG.error("Ignoring a malformed session key (key: {}, algorithm: {}, creation-timestamp: {})",
                    typeOf(key), typeOf(algorithm), typeOf(created));
            return null;
        }
        try {
            return new SessionKey(new SecretKeySpec(Base64.getDecoder().decode((String) key), (String) algorithm),
                    (Long) created);
        } catch (IllegalArgumentException e) {
            LOG.error("Ignoring a malformed session key: {}", e.getMessage());
            return null;
        }
    }

    /** A restart request; a missing or malformed flag means false, as in Kafka Connect. */
    static RestartRequest restartRequest(String connector, Object value) {
        if (!(value instanceof Map)) {
            LOG.error("Ignoring the restart request of connector '{}': its value is {}", connector, typeOf(value));
            return null;
        }
        return new RestartRequest(connector, flag(connector, value, "only-failed"),
                flag(connector, value, "include-tasks"));
    }

    static String loggerLevel(String namespace, Object value) {
        Object level = field(value, "level");
        if (!(level instanceof String)) {
            LOG.error("Ignoring the cluster logger level of {}: 'level' should be a string but is {}", namespace,
                    typeOf(level));
            return null;
        }
        return (String) level;
    }

    private static boolean flag(String connector, Object value, String field) {
        Object flag = field(value, field);
        if (flag instanceof Boolean bool) {
            return bool;
        }
        LOG.warn("Invalid '{}' in the restart request of connector '{}': {}, taken as false", field, connector,
                typeOf(flag));
        return false;
    }

    private static Object field(Object value, String field) {
        return value instanceof Map<?, ?> map ? map.get(field) : null;
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
