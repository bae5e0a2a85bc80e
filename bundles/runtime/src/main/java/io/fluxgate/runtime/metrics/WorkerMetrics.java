package io.fluxgate.runtime.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;

import io.fluxgate.boot.config.WorkerConfigDef;
import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * The worker's metrics registry, as Kafka Connect's {@code ConnectMetrics}: Kafka's own {@link Metrics}, configured by
 * the worker's {@code metrics.*} and {@code metric.reporters} settings, its reporters told the context
 * ({@code _namespace=kafka.connect}, {@code connect.group.id} in distributed mode, {@code metrics.context.*}), so that
 * {@code JmxReporter} publishes every metric under {@code kafka.connect}. The connectors', tasks' and plugins'
 * metrics all live here, in groups that their owners remove when they stop.
 */
public final class WorkerMetrics implements AutoCloseable {

    /** The JMX domain of Kafka Connect's metrics. */
    public static final String JMX_PREFIX = "kafka.connect";

    private final Metrics metrics;
    private final String workerId;

    private WorkerMetrics(Metrics metrics, String workerId) {
        this.metrics = metrics;
        this.workerId = workerId;
    }

    /**
     * The registry of the worker {@code workerId} (its REST address, {@code host:port}, as Apache names it) with the
     * worker's settings; a reporter that cannot be loaded or configured throws, naming it.
     */
    public static WorkerMetrics of(String workerId, Map<String, String> workerSettings) {
        // Without config.providers: Kafka's AbstractConfig would instantiate them again; the worker resolved its
        // settings once already, and the reporters get them as they are.
        Map<String, String> settings = new HashMap<>(workerSettings);
        settings.keySet().removeIf(key -> key.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG));
        AbstractConfig config = new AbstractConfig(WorkerConfigDef.metrics(), settings, false);
        MetricConfig metricConfig = new MetricConfig()
                .samples(config.getInt(CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG))
                .timeWindow(config.getLong(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG), TimeUnit.MILLISECONDS)
                .recordLevel(Sensor.RecordingLevel.forName(
                        config.getString(CommonClientConfigs.METRICS_RECORDING_LEVEL_CONFIG)));
        List<MetricsReporter> reporters = CommonClientConfigs.metricsReporters(workerId, config);
        Map<String, Object> labels = new HashMap<>(config.originalsWithPrefix(
                CommonClientConfigs.METRICS_CONTEXT_PREFIX));
        String groupId = workerSettings.get(WorkerConfigKeys.GROUP_ID);
        if (groupId != null) {
            labels.put("connect.group.id", groupId);
        }
        Metrics metrics = new Metrics(metricConfig, reporters, Time.SYSTEM, new KafkaMetricsContext(JMX_PREFIX,
                labels));
        AppInfoParser.registerAppInfo(JMX_PREFIX, workerId, metrics, Time.SYSTEM.milliseconds());
        return new WorkerMetrics(metrics, workerId);
    }

    /** A registry with Kafka's defaults and no reporter: for tests, and for parts built without a worker. */
    public static WorkerMetrics unreported() {
        return new WorkerMetrics(new Metrics(), null);
    }

    /** The metrics of {@code group} with these tags: key, value, key, value... */
    public MetricGroup group(String group, String... tagKeysAndValues) {
        return new MetricGroup(metrics, group, MetricGroup.tags(tagKeysAndValues));
    }

    /**
     * What a connector, task or one of their plugins registers its own metrics through (KIP-877): Kafka's
     * {@code plugins} group with these tags; closing it removes them.
     */
    public PluginMetricsImpl pluginMetrics(Map<String, String> tags) {
        return new PluginMetricsImpl(metrics, tags);
    }

    @Override
    public void close() {
        metrics.close();
        if (workerId != null) {
            AppInfoParser.unregisterAppInfo(JMX_PREFIX, workerId, metrics);
        }
    }
}
