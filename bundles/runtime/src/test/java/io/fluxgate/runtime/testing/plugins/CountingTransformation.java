package io.fluxgate.runtime.testing.plugins;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** A transformation that publishes how many records it saw through the metrics it is handed (KIP-877). */
public class CountingTransformation<R extends ConnectRecord<R>> implements Transformation<R>, Monitorable {

    private final AtomicLong seen = new AtomicLong();

    @Override
    public void withPluginMetrics(PluginMetrics metrics) {
        metrics.addMetric(metrics.metricName("records-seen", "Records this transformation saw", new LinkedHashMap<>()),
                (Gauge<Long>) (config, now) -> seen.get());
    }

    @Override
    public R apply(R record) {
        seen.incrementAndGet();
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
