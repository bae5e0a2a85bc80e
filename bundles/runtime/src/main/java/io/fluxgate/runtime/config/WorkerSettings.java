package io.fluxgate.runtime.config;

import static io.fluxgate.boot.config.WorkerConfigKeys.*;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fluxgate.boot.config.WorkerConfigDef;
import io.fluxgate.boot.config.WorkerMode;

/**
 * The worker settings the data plane reads, typed, plus every original key as a string (client settings, converter
 * settings and {@code producer.}/{@code consumer.}/{@code admin.} prefixes are passed on as Kafka Connect does).
 * Parsed with the launcher's own {@link WorkerConfigDef}, so a value means here what it meant when it was checked.
 */
public final class WorkerSettings {

    private final WorkerMode mode;
    private final Map<String, String> originals;
    private final Map<String, Object> parsed;

    private WorkerSettings(WorkerMode mode, Map<String, String> originals, Map<String, Object> parsed) {
        this.mode = mode;
        this.originals = originals;
        this.parsed = parsed;
    }

    /** Reads the worker configuration as ConfigAdmin delivers it (values of any type, read as strings). */
    public static WorkerSettings of(Map<String, ?> properties) {
        Map<String, String> originals = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                originals.put(key, value.toString());
            }
        });
        WorkerMode mode = WorkerMode.fromKey(originals.getOrDefault(MODE, WorkerMode.STANDALONE.key()));
        return new WorkerSettings(mode, Map.copyOf(originals), WorkerConfigDef.validate(mode, originals));
    }

    /** Standalone or distributed, as the launcher started the worker. */
    public WorkerMode mode() {
        return mode;
    }

    public Map<String, String> originals() {
        return originals;
    }

    /** The original settings starting with {@code prefix}, with the prefix removed. */
    public Map<String, Object> originalsWithPrefix(String prefix) {
        Map<String, Object> result = new HashMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    public String bootstrapServers() {
        @SuppressWarnings("unchecked")
        List<String> servers = (List<String>) parsed.get(BOOTSTRAP_SERVERS);
        return String.join(",", servers);
    }

    public String keyConverter() {
        return (String) parsed.get(KEY_CONVERTER);
    }

    public String valueConverter() {
        return (String) parsed.get(VALUE_CONVERTER);
    }

    public String headerConverter() {
        return (String) parsed.get(HEADER_CONVERTER);
    }

    public long offsetFlushIntervalMs() {
        return (Long) parsed.get(OFFSET_FLUSH_INTERVAL_MS);
    }

    public long offsetFlushTimeoutMs() {
        return (Long) parsed.get(OFFSET_FLUSH_TIMEOUT_MS);
    }

    public long taskShutdownGracefulTimeoutMs() {
        return (Long) parsed.get(TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS);
    }

    /**
     * {@code fluxgate.connector.call.timeout.ms}: how long the worker waits for a connector's start(), stop() or
     * taskConfigs(), and a validation for its config() or validate().
     */
    public long connectorCallTimeoutMs() {
        return (Long) parsed.get(CONNECTOR_CALL_TIMEOUT_MS);
    }

    /** {@code fluxgate.task.stall.timeout.ms}: how long a running task may make no progress before it is stalled. */
    public long taskStallTimeoutMs() {
        return (Long) parsed.get(TASK_STALL_TIMEOUT_MS);
    }

    /** {@code fluxgate.plugin.lingering.threads.max}: threads a connector may leave running once stopped. */
    public int pluginLingeringThreadsMax() {
        return (Integer) parsed.get(PLUGIN_LINGERING_THREADS_MAX);
    }

    /**
     * {@code exactly.once.source.support=enabled} on a distributed worker: source tasks write in transactions, and
     * the leader fences zombies (KIP-618). {@code preparing} (the leader's transactional config topic writer only)
     * and {@code disabled} are false here.
     */
    public boolean exactlyOnceSourceEnabled() {
        return mode() == WorkerMode.DISTRIBUTED && "enabled".equalsIgnoreCase(
                String.valueOf(originals.get(EXACTLY_ONCE_SOURCE_SUPPORT)).trim());
    }

    /** {@code fluxgate.source.task.max.unacknowledged.records}: what a source task may have sent and not seen acknowledged. */
    public int sourceTaskMaxUnacknowledgedRecords() {
        return (Integer) parsed.get(SOURCE_TASK_MAX_UNACKNOWLEDGED_RECORDS);
    }

    public boolean topicCreationEnable() {
        return (Boolean) parsed.get(TOPIC_CREATION_ENABLE);
    }

    /** Kafka Connect's {@code topic.tracking.enable} (default true). */
    public boolean topicTrackingEnable() {
        return flag("topic.tracking.enable");
    }

    /** Kafka Connect's {@code topic.tracking.allow.reset} (default true). */
    public boolean topicTrackingAllowReset() {
        return flag("topic.tracking.allow.reset");
    }

    /** A boolean setting that defaults to true; read here as the launcher's definition does not cover it yet. */
    private boolean flag(String key) {
        String value = originals.get(key);
        return value == null || !"false".equalsIgnoreCase(value.trim());
    }

    public String clientConfigOverridePolicy() {
        return (String) parsed.get(CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY);
    }

    /** Standalone mode only: the source offsets file. */
    public String offsetStorageFileName() {
        return (String) parsed.get(OFFSET_STORAGE_FILE_FILENAME);
    }

    /** The connector files named on the command line (standalone mode). */
    public List<String> connectorFiles() {
        String files = originals.getOrDefault(CONNECTOR_FILES, "");
        return files.isBlank() ? List.of() : List.of(files.split(File.pathSeparator));
    }
}
