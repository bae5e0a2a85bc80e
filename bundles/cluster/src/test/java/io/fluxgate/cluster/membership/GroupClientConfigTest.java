package io.fluxgate.cluster.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.GroupRebalanceConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.fluxgate.boot.config.WorkerConfigDef;
import io.fluxgate.boot.config.WorkerMode;
import io.fluxgate.cluster.GroupProtocol;

/** The member's settings: Apache Kafka Connect's names and defaults, except the delay for departed workers. */
class GroupClientConfigTest {

    @Test
    void defaultsAreKafkaConnectsAndTheDelayIsUnset() {
        GroupClientConfig config = new GroupClientConfig(minimal());
        assertEquals(10_000, config.sessionTimeoutMs());
        assertEquals(3_000, config.heartbeatIntervalMs());
        assertEquals(60_000, config.getInt("rebalance.timeout.ms"));
        assertEquals(40_000, config.requestTimeoutMs());
        assertEquals(GroupProtocol.SESSIONED, config.protocol());
        assertNull(config.scheduledRebalanceMaxDelayMs());

        GroupRebalanceConfig rebalance = new GroupRebalanceConfig(config, GroupRebalanceConfig.ProtocolType.CONNECT);
        assertEquals("connect-cluster", rebalance.groupId);
        assertEquals(60_000, rebalance.rebalanceTimeoutMs);
        assertTrue(rebalance.groupInstanceId.isEmpty(), "Connect has no static membership");
    }

    @Test
    void aDelaySetIsApachesSetting() {
        Map<String, String> props = minimal();
        props.put("scheduled.rebalance.max.delay.ms", "300000");
        props.put("connect.protocol", "COMPATIBLE");
        GroupClientConfig config = new GroupClientConfig(props);
        assertEquals(300_000, config.scheduledRebalanceMaxDelayMs());
        assertEquals(GroupProtocol.COMPATIBLE, config.protocol());
    }

    @Test
    void badSettingsAreNamed() {
        Map<String, String> noGroup = minimal();
        noGroup.remove("group.id");
        assertTrue(assertThrows(ConfigException.class, () -> new GroupClientConfig(noGroup)).getMessage()
                .contains("group.id"));
        Map<String, String> badProtocol = minimal();
        badProtocol.put("connect.protocol", "fancy");
        assertTrue(assertThrows(ConfigException.class, () -> new GroupClientConfig(badProtocol)).getMessage()
                .contains("connect.protocol"));
        Map<String, String> negativeDelay = minimal();
        negativeDelay.put("scheduled.rebalance.max.delay.ms", "-1");
        assertThrows(ConfigException.class, () -> new GroupClientConfig(negativeDelay));
    }

    @Test
    void clientSecuritySettingsAreRead() {
        Map<String, String> props = minimal();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("ssl.truststore.location", "/etc/kafka/truststore.jks");
        GroupClientConfig config = new GroupClientConfig(props);
        assertEquals("SASL_SSL", config.getString("security.protocol"));
        assertEquals("SCRAM-SHA-512", config.getString("sasl.mechanism"));
        assertEquals("/etc/kafka/truststore.jks", config.getString("ssl.truststore.location"));
    }

    @Test
    void theLauncherValidatesTheSameGroupSettings() {
        Map<String, String> props = new HashMap<>(minimal());
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("config.storage.topic", "connect-configs");
        props.put("offset.storage.topic", "connect-offsets");
        props.put("status.storage.topic", "connect-status");
        Map<String, Object> parsed = WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props);
        assertEquals(10_000, parsed.get("session.timeout.ms"));
        assertEquals("sessioned", parsed.get("connect.protocol"));
        assertNull(parsed.get("scheduled.rebalance.max.delay.ms"));
        props.put("heartbeat.interval.ms", "soon");
        assertThrows(ConfigException.class, () -> WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props));
    }

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("group.id", "connect-cluster");
        return props;
    }
}
