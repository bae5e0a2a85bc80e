package io.fluxgate.storage.testing;

import io.fluxgate.broker.testing.SharedBroker;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Distributed worker settings as a user writes them, on topics of their own so tests keep apart on the shared broker.
 * The replication factors are 1: the test cluster has one broker.
 */
public final class Workers {

    private Workers() {
    }

    /** A fresh cluster: its own group and internal topics. */
    public static Map<String, String> settings() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", SharedBroker.bootstrapServers());
        settings.put("group.id", "connect-" + id);
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("config.storage.topic", "configs-" + id);
        settings.put("offset.storage.topic", "offsets-" + id);
        settings.put("status.storage.topic", "status-" + id);
        settings.put("config.storage.replication.factor", "1");
        settings.put("offset.storage.replication.factor", "1");
        settings.put("status.storage.replication.factor", "1");
        return settings;
    }

    /** A fresh topic name. */
    public static String topic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
