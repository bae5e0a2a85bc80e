package io.fluxgate.runtime.config;

import static io.fluxgate.runtime.config.ConnectorConfigDefs.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;


/**
 * A connector's configuration, read: the framework settings typed, and the originals for the connector, its tasks
 * and its plugins. Built from a configuration that has already been validated.
 */
public final class ConnectorConfig {

    private static final ConfigDef DEF = ConnectorConfigDefs.sink(
            ConnectorConfigDefs.source(ConnectorConfigDefs.common(PluginKeys.PLAIN)));

    private final Map<String, String> originals;
    private final AbstractConfig config;

    public ConnectorConfig(Map<String, String> originals) {
        Map<String, String> present = new HashMap<>();
        originals.forEach((key, value) -> {
            if (value != null) {
                present.put(key, value);
            }
        });
        this.originals = Map.copyOf(present);
        this.config = new AbstractConfig(DEF, this.originals, false);
    }

    public Map<String, String> originals() {
        return originals;
    }

    public String name() {
        return config.getString(NAME);
    }

    public String connectorClass() {
        return config.getString(CONNECTOR_CLASS);
    }

    /** The version range asked for the connector plugin, or null for the newest. */
    public String connectorVersion() {
        return config.getString(CONNECTOR_VERSION);
    }

    public int tasksMax() {
        return config.getInt(TASKS_MAX);
    }

    public boolean enforceTasksMax() {
        return config.getBoolean(TASKS_MAX_ENFORCE);
    }

    public List<String> transforms() {
        return config.getList(TRANSFORMS);
    }

    public long errorsRetryTimeout() {
        return config.getLong(ERRORS_RETRY_TIMEOUT);
    }

    public long errorsRetryMaxDelay() {
        return config.getLong(ERRORS_RETRY_MAX_DELAY);
    }

    public ToleranceType errorsTolerance() {
        return ToleranceType.of(config.getString(ERRORS_TOLERANCE));
    }

    public boolean errorsLogEnable() {
        return config.getBoolean(ERRORS_LOG_ENABLE);
    }

    public boolean errorsLogIncludeMessages() {
        return config.getBoolean(ERRORS_LOG_INCLUDE_MESSAGES);
    }

    public String dlqTopic() {
        return config.getString(DLQ_TOPIC_NAME).trim();
    }

    public short dlqReplicationFactor() {
        return config.getShort(DLQ_TOPIC_REPLICATION_FACTOR);
    }

    public boolean dlqContextHeadersEnable() {
        return config.getBoolean(DLQ_CONTEXT_HEADERS_ENABLE);
    }

    /** The sink's topics, without blanks or duplicates. */
    public List<String> topics() {
        return config.getList(TOPICS).stream().map(String::trim).filter(t -> !t.isEmpty()).distinct().toList();
    }

    /** The sink's topic pattern, or null. */
    public String topicsRegex() {
        String regex = config.getString(TOPICS_REGEX);
        return regex == null || regex.isBlank() ? null : regex;
    }

    /** A source's {@code transaction.boundary} (exactly-once tasks only). */
    public TransactionBoundary transactionBoundary() {
        return TransactionBoundary.fromProperty(config.getString(TRANSACTION_BOUNDARY));
    }

    /** A source's {@code transaction.boundary.interval.ms}, or null for the worker's offset flush interval. */
    public Long transactionBoundaryIntervalMs() {
        return config.getLong(TRANSACTION_BOUNDARY_INTERVAL);
    }

    /**
     * A source's own offsets topic ({@code offsets.storage.topic}), or null when its offsets live in the worker's
     * only. Its value is checked non-empty at validation; blanks are treated as unset, as Apache's {@code trim}.
     */
    public String offsetsStorageTopic() {
        String topic = config.getString(ConnectorConfigDefs.OFFSETS_TOPIC);
        return topic == null || topic.isBlank() ? null : topic.trim();
    }

    /** The original settings starting with {@code prefix}, with the prefix removed. */
    public Map<String, Object> originalsWithPrefix(String prefix) {
        Map<String, Object> result = new HashMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length() && value != null) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    /** The original value of {@code key}, or null. */
    public String original(String key) {
        return originals.get(key);
    }
}
