package io.fluxgate.storage.status;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.storage.ConnectorStatus;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.api.storage.TopicStatus;
import io.fluxgate.storage.kafka.InternalJson;

/**
 * The records of the status topic, byte for byte as Kafka Connect's {@code KafkaStatusBackingStore} writes them:
 * {@code status-connector-<c>}, {@code status-task-<c>-<n>} and {@code status-topic-<topic>:connector-<c>} keys, and
 * JSON values written through Kafka Connect's schemas (copied below, field order included).
 */
final class StatusRecords {

    static final String CONNECTOR_PREFIX = "status-connector-";
    static final String TASK_PREFIX = "status-task-";
    static final String TOPIC_PREFIX = "status-topic-";
    static final String TOPIC_SEPARATOR = ":connector-";

    static final Schema STATUS_SCHEMA_V0 = SchemaBuilder.struct()
            .field("state", Schema.STRING_SCHEMA)
            .field("trace", SchemaBuilder.string().optional().build())
            .field("worker_id", Schema.STRING_SCHEMA)
            .field("generation", Schema.INT32_SCHEMA)
            .field("version", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema TOPIC_STATUS_VALUE_SCHEMA_V0 = SchemaBuilder.struct()
            .field("name", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("task", Schema.INT32_SCHEMA)
            .field("discoverTimestamp", Schema.INT64_SCHEMA)
            .build();
    static final Schema TOPIC_STATUS_SCHEMA_V0 = SchemaBuilder.map(Schema.STRING_SCHEMA, TOPIC_STATUS_VALUE_SCHEMA_V0)
            .build();

    private static final Logger LOG = LoggerFactory.getLogger(StatusRecords.class);

    private final InternalJson json;
    private final String topic;

    StatusRecords(InternalJson json, String topic) {
        this.json = json;
        this.topic = topic;
    }

    static String connectorKey(String connector) {
        return CONNECTOR_PREFIX + connector;
    }

    static String taskKey(ConnectorTaskId task) {
        return TASK_PREFIX + task.connector() + "-" + task.task();
    }

    static String topicKey(String connector, String topicName) {
        return TOPIC_PREFIX + topicName + TOPIC_SEPARATOR + connector;
    }

    /** The task of a {@code status-task-<connector>-<n>} key, or null. */
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

    byte[] connectorStatus(ConnectorStatus status) {
        return status(status.state(), status.trace(), status.workerId(), status.generation(), status.version());
    }

    byte[] taskStatus(TaskStatus status) {
        return status(status.state(), status.trace(), status.workerId(), status.generation(), status.version());
    }

    private byte[] status(State state, String trace, String workerId, int generation, String version) {
        Struct struct = new Struct(STATUS_SCHEMA_V0)
                .put("state", state.name())
                .put("worker_id", workerId)
                .put("generation", generation)
                .put("version", version);
        if (trace != null) {
            struct.put("trace", trace);
        }
        return json.write(topic, STATUS_SCHEMA_V0, struct);
    }

    byte[] topicStatus(TopicStatus status) {
        Struct struct = new Struct(TOPIC_STATUS_VALUE_SCHEMA_V0)
                .put("name", status.topic())
                .put("connector", status.connector())
                .put("task", status.task())
                .put("discoverTimestamp", status.discoverTimestamp());
        return json.write(topic, TOPIC_STATUS_SCHEMA_V0, Map.of("topic", struct));
    }

    /** The connector's status in {@code value}, or null when it cannot be read. */
    ConnectorStatus connectorStatus(String connector, byte[] value) {
        Map<?, ?> fields = fields(value, "connector " + connector);
        try {
            return fields == null ? null : new ConnectorStatus(connector, State.valueOf((String) fields.get("state")),
                    (String) fields.get("trace"), (String) fields.get("worker_id"),
                    ((Number) fields.get("generation")).intValue(), (String) fields.get("version"));
        } catch (RuntimeException e) {
            LOG.error("Failed to deserialize connector status", e);
            return null;
        }
    }

    /** The task's status in {@code value}, or null when it cannot be read. */
    TaskStatus taskStatus(ConnectorTaskId task, byte[] value) {
        Map<?, ?> fields = fields(value, "task " + task);
        try {
            return fields == null ? null : new TaskStatus(task, State.valueOf((String) fields.get("state")),
                    (String) fields.get("trace"), (String) fields.get("worker_id"),
                    ((Number) fields.get("generation")).intValue(), (String) fields.get("version"));
        } catch (RuntimeException e) {
            LOG.error("Failed to deserialize task status", e);
            return null;
        }
    }

    /** The topic status in {@code value}, or null when it cannot be read. */
    TopicStatus topicStatus(byte[] value) {
        Map<?, ?> outer = fields(value, "topic");
        try {
            if (outer == null || !(outer.get("topic") instanceof Map<?, ?> fields)) {
                LOG.error("Invalid topic status value {}", outer);
                return null;
            }
            return new TopicStatus((String) fields.get("name"), (String) fields.get("connector"),
                    ((Number) fields.get("task")).intValue(), ((Number) fields.get("discoverTimestamp")).longValue());
        } catch (RuntimeException e) {
            LOG.error("Failed to deserialize topic status", e);
            return null;
        }
    }

    private Map<?, ?> fields(byte[] value, String what) {
        try {
            Object read = json.read(topic, value);
            if (read instanceof Map<?, ?> map) {
                return map;
            }
            LOG.error("Invalid status of {}: {}", what, read == null ? "null" : read.getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.error("Failed to deserialize the status of {}", what, e);
        }
        return null;
    }
}
