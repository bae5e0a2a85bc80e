package io.fluxgate.cluster.membership;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.Metadata;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.consumer.internals.ConsumerNetworkClient;
import org.apache.kafka.common.internals.ClusterResourceListeners;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.network.Selector;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * A member's own network client to the group coordinator, built as Kafka Connect's {@code WorkerGroupMember} builds
 * it (a {@link ConsumerNetworkClient} over a {@link NetworkClient}, shared by the polling thread and the heartbeat
 * thread, and witnessed by the member's {@link GroupContact}), with its metrics under Kafka Connect's JMX domain ({@code kafka.connect:type=connect-coordinator-metrics}).
 */
final class CoordinatorConnection implements AutoCloseable {

    static final String JMX_PREFIX = "kafka.connect";
    static final String METRIC_GROUP_PREFIX = "connect";
    private static final AtomicInteger CLIENT_ID_SEQUENCE = new AtomicInteger(1);

    private final String clientId;
    private final Metrics metrics;
    private final ConsumerNetworkClient client;

    CoordinatorConnection(GroupClientConfig config, Time time, LogContext logContext, GroupContact contact) {
        String configuredId = config.getString(CommonClientConfigs.CLIENT_ID_CONFIG);
        // As Apache: "connect-<n>" unless the worker names its clients.
        this.clientId = configuredId.isEmpty() ? "connect-" + CLIENT_ID_SEQUENCE.getAndIncrement() : configuredId;
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("client-id", clientId);
        MetricConfig metricConfig = new MetricConfig()
                .samples(config.getInt(CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG))
                .timeWindow(config.getLong(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG), TimeUnit.MILLISECONDS)
                .tags(tags);
        List<MetricsReporter> reporters = CommonClientConfigs.metricsReporters(clientId, config);
        Map<String, Object> labels = new HashMap<>(config.originalsWithPrefix(CommonClientConfigs.METRICS_CONTEXT_PREFIX));
        labels.put("connect.group.id", config.getString(WorkerConfigKeys.GROUP_ID));
        this.metrics = new Metrics(metricConfig, reporters, time, new KafkaMetricsContext(JMX_PREFIX, labels));
        try {
            this.client = networkClient(config, time, logContext, contact);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        AppInfoParser.registerAppInfo(JMX_PREFIX, clientId, metrics, time.milliseconds());
    }

    private ConsumerNetworkClient networkClient(GroupClientConfig config, Time time, LogContext logContext,
            GroupContact contact) {
        long retryBackoffMs = config.getLong(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG);
        long retryBackoffMaxMs = config.getLong(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG);
        Metadata metadata = new Metadata(retryBackoffMs, retryBackoffMaxMs,
                config.getLong(CommonClientConfigs.METADATA_MAX_AGE_CONFIG), logContext,
                new ClusterResourceListeners());
        List<InetSocketAddress> addresses = ClientUtils.parseAndValidateAddresses(
                config.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                config.getString(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG));
        metadata.bootstrap(addresses);
        NetworkClient network = new NetworkClient(
                new Selector(config.getLong(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG), metrics, time,
                        METRIC_GROUP_PREFIX, ClientUtils.createChannelBuilder(config, time, logContext), logContext),
                metadata,
                clientId,
                100, // in-flight requests per connection: the group protocol has few, a fixed bound suffices
                config.getLong(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG),
                config.getLong(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG),
                config.getInt(CommonClientConfigs.SEND_BUFFER_CONFIG),
                config.getInt(CommonClientConfigs.RECEIVE_BUFFER_CONFIG),
                config.getInt(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG),
                config.getLong(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG),
                config.getLong(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG),
                time,
                true,
                new ApiVersions(),
                logContext,
                config.getLong(CommonClientConfigs.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG),
                MetadataRecoveryStrategy.forName(config.getString(
                        CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG)));
        return new WitnessedNetworkClient(logContext, network, metadata, time, retryBackoffMs,
                config.getInt(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG), contact);
    }

    String clientId() {
        return clientId;
    }

    Metrics metrics() {
        return metrics;
    }

    ConsumerNetworkClient client() {
        return client;
    }

    @Override
    public void close() {
        Utils.closeQuietly(client, "group member network client");
        Utils.closeQuietly(metrics, "group member metrics");
        AppInfoParser.unregisterAppInfo(JMX_PREFIX, clientId, metrics);
    }
}
