package io.fluxgate.cluster.membership;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.ValidString.in;

import java.util.Map;

import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Utils;

import io.fluxgate.boot.config.WorkerConfigDef;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.cluster.GroupProtocol;

/**
 * The settings of a group member, read from the worker's properties with Apache Kafka Connect's names and defaults
 * ({@code DistributedConfig}): the group settings the launcher also validates (from the boot contract), and the Kafka
 * client settings of the member's own connection to the coordinator, security included. Other worker keys are
 * ignored.
 */
final class GroupClientConfig extends AbstractConfig {

    private static final ConfigDef DEFINITION = definition();

    GroupClientConfig(Map<String, ?> workerConfig) {
        super(DEFINITION, workerConfig, false);
    }

    String groupId() {
        return getString(WorkerConfigKeys.GROUP_ID);
    }

    int heartbeatIntervalMs() {
        return getInt(WorkerConfigKeys.HEARTBEAT_INTERVAL_MS);
    }

    int sessionTimeoutMs() {
        return getInt(WorkerConfigKeys.SESSION_TIMEOUT_MS);
    }

    int requestTimeoutMs() {
        return getInt(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG);
    }

    GroupProtocol protocol() {
        return GroupProtocol.fromSetting(getString(WorkerConfigKeys.CONNECT_PROTOCOL));
    }

    /** {@code scheduled.rebalance.max.delay.ms} when set; null selects Fluxgate's departure rule. */
    Integer scheduledRebalanceMaxDelayMs() {
        return getInt(WorkerConfigKeys.SCHEDULED_REBALANCE_MAX_DELAY_MS);
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef()
                .define(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        ConfigDef.ValidList.anyNonDuplicateValues(false, false), Importance.HIGH,
                        CommonClientConfigs.BOOTSTRAP_SERVERS_DOC)
                .define(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, Type.STRING,
                        ClientDnsLookup.USE_ALL_DNS_IPS.toString(),
                        in(ClientDnsLookup.USE_ALL_DNS_IPS.toString(),
                                ClientDnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY.toString()),
                        Importance.MEDIUM, CommonClientConfigs.CLIENT_DNS_LOOKUP_DOC)
                .define(WorkerConfigKeys.GROUP_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "A unique string that identifies the Connect cluster group this worker belongs to.")
                .define(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, Type.LONG, 300_000L, atLeast(0),
                        Importance.LOW, CommonClientConfigs.METADATA_MAX_AGE_DOC)
                .define(CommonClientConfigs.CLIENT_ID_CONFIG, Type.STRING, "", Importance.LOW,
                        CommonClientConfigs.CLIENT_ID_DOC)
                .define(CommonClientConfigs.SEND_BUFFER_CONFIG, Type.INT, 128 * 1024,
                        atLeast(CommonClientConfigs.SEND_BUFFER_LOWER_BOUND), Importance.MEDIUM,
                        CommonClientConfigs.SEND_BUFFER_DOC)
                .define(CommonClientConfigs.RECEIVE_BUFFER_CONFIG, Type.INT, 32 * 1024,
                        atLeast(CommonClientConfigs.RECEIVE_BUFFER_LOWER_BOUND), Importance.MEDIUM,
                        CommonClientConfigs.RECEIVE_BUFFER_DOC)
                .define(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, Type.LONG, 50L, atLeast(0L),
                        Importance.LOW, CommonClientConfigs.RECONNECT_BACKOFF_MS_DOC)
                .define(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, Type.LONG, 1_000L, atLeast(0L),
                        Importance.LOW, CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_DOC)
                .define(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Type.LONG,
                        CommonClientConfigs.DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MS, atLeast(0L), Importance.LOW,
                        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_DOC)
                .define(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Type.LONG,
                        CommonClientConfigs.DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, atLeast(0L),
                        Importance.LOW, CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_DOC)
                .define(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, Type.LONG,
                        CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS, atLeast(0L), Importance.LOW,
                        CommonClientConfigs.RETRY_BACKOFF_MS_DOC)
                .define(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG,
                        CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MAX_MS, atLeast(0L), Importance.LOW,
                        CommonClientConfigs.RETRY_BACKOFF_MAX_MS_DOC)
                .define(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 40_000, atLeast(0),
                        Importance.MEDIUM, CommonClientConfigs.REQUEST_TIMEOUT_MS_DOC)
                // A bit below the broker's 10 minutes, so that client and broker do not close at the same time.
                .define(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG, Type.LONG, 540_000L, Importance.MEDIUM,
                        CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_DOC)
                .define(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, Type.STRING,
                        CommonClientConfigs.DEFAULT_METADATA_RECOVERY_STRATEGY,
                        ConfigDef.CaseInsensitiveValidString.in(Utils.enumOptions(MetadataRecoveryStrategy.class)),
                        Importance.LOW, CommonClientConfigs.METADATA_RECOVERY_STRATEGY_DOC)
                .define(CommonClientConfigs.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG, Type.LONG,
                        CommonClientConfigs.DEFAULT_METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS, atLeast(0),
                        Importance.LOW, CommonClientConfigs.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_DOC)
                .define(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, Type.STRING,
                        CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL,
                        in(Utils.enumOptions(SecurityProtocol.class)), Importance.MEDIUM,
                        CommonClientConfigs.SECURITY_PROTOCOL_DOC)
                .withClientSslSupport()
                .withClientSaslSupport();
        WorkerConfigDef.groupMembership().configKeys().values().forEach(def::define);
        WorkerConfigDef.metrics().configKeys().values().forEach(def::define);
        return def;
    }
}
