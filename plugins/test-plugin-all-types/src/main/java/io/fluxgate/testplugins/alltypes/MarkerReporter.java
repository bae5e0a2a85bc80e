package io.fluxgate.testplugins.alltypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * A metrics reporter a connector names for its clients ({@code producer.override.metric.reporters}): Kafka Connect
 * loads it from the connector's plugin. It writes the file its {@code marker.file} setting names once it has metrics.
 */
public class MarkerReporter implements MetricsReporter {

    private Path marker;

    @Override
    public void configure(Map<String, ?> configs) {
        Object file = configs.get("marker.file");
        marker = file == null ? null : Path.of(file.toString());
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        if (marker != null) {
            try {
                Files.writeString(marker, metrics.size() + " metrics");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }
}
