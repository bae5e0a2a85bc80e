package io.fluxgate.storage.compat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.RestartRequest;
import org.apache.kafka.connect.runtime.SessionKey;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.storage.ConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.util.ConnectUtils;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.apache.kafka.connect.util.TopicAdmin;

/**
 * Apache Kafka Connect 4.3.1's own stores, built as its {@code ConnectDistributed} builds them: one shared admin
 * client, the internal JSON converter without schemas (Worker.internalKeyConverter / internalValueConverter), and the
 * same worker settings the Fluxgate stores are given.
 */
public final class ApacheWorker implements AutoCloseable {

    /** What Apache's config store told its herder. */
    static final class Updates implements ConfigBackingStore.UpdateListener {
        final List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onConnectorConfigRemove(String connector) {
            told.add("removed " + connector);
        }

        @Override
        public void onConnectorConfigUpdate(String connector) {
            told.add("updated " + connector);
        }

        @Override
        public void onTaskConfigUpdate(Collection<ConnectorTaskId> tasks) {
            told.add("committed " + tasks);
        }

        @Override
        public void onConnectorTargetStateChange(String connector) {
            told.add("target " + connector);
        }

        @Override
        public void onSessionKeyUpdate(SessionKey sessionKey) {
            told.add("session key");
        }

        @Override
        public void onRestartRequest(RestartRequest restartRequest) {
            told.add("restart " + restartRequest.connectorName() + " onlyFailed=" + restartRequest.onlyFailed()
                    + " includeTasks=" + restartRequest.includeTasks());
        }

        @Override
        public void onLoggingLevelUpdate(String namespace, String level) {
            told.add("logger " + namespace + "=" + level);
        }
    }

    public final DistributedConfig config;
    public final JsonConverter keyConverter = internalConverter(true);
    public final JsonConverter valueConverter = internalConverter(false);
    private final TopicAdmin admin;
    private final String clientIdBase;

    public ApacheWorker(Map<String, String> settings) {
        config = new DistributedConfig(settings);
        clientIdBase = ConnectUtils.clientIdBase(config);
        Map<String, Object> adminProps = new HashMap<>(config.originals());
        adminProps.put("client.id", clientIdBase + "shared-admin");
        admin = new TopicAdmin(adminProps);
    }

    private static JsonConverter internalConverter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), isKey);
        return converter;
    }

    KafkaConfigBackingStore configStore(Updates updates) {
        KafkaConfigBackingStore store = new KafkaConfigBackingStore(valueConverter, config, null, () -> admin,
                clientIdBase);
        store.setUpdateListener(updates);
        return store;
    }

    public KafkaOffsetBackingStore offsetStore() {
        KafkaOffsetBackingStore store = new KafkaOffsetBackingStore(() -> admin, () -> clientIdBase, keyConverter);
        store.configure(config);
        return store;
    }

    KafkaStatusBackingStore statusStore() {
        KafkaStatusBackingStore store = new KafkaStatusBackingStore(Time.SYSTEM, valueConverter, () -> admin,
                clientIdBase);
        store.configure(config);
        return store;
    }

    @Override
    public void close() {
        admin.close();
    }
}
