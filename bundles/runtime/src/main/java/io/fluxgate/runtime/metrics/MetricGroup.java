package io.fluxgate.runtime.metrics;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * The metrics of one group and tag values (one MBean under JMX), as Kafka Connect's {@code MetricGroup}: sensors and
 * gauges are created through it and {@link #close()} removes every one of them, so that a stopped task or connector
 * leaves nothing registered. Sensor names carry the group id: two groups never share a sensor.
 */
public final class MetricGroup implements AutoCloseable {

    private final Metrics metrics;
    private final String group;
    private final Map<String, String> tags;
    private final String sensorPrefix;
    private final Set<String> sensorNames = new HashSet<>();
    private final Set<MetricName> gauges = new HashSet<>();

    MetricGroup(Metrics metrics, String group, Map<String, String> tags) {
        this.metrics = metrics;
        this.group = group;
        // In their given order, never Map.copyOf's (which varies from one JVM to the next): JmxReporter names the
        // MBean with the tags in this order, and exporter rules such as Strimzi's match "connector=..., task=..." as
        // Apache writes it.
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        StringBuilder id = new StringBuilder(group);
        tags.forEach((key, value) -> id.append(';').append(key).append('=').append(value));
        this.sensorPrefix = "connect-sensor-group: " + id + ";";
    }

    /** Tag values in the order of {@code keysAndValues}: key, value, key, value... */
    static Map<String, String> tags(String... keysAndValues) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    public MetricName name(MetricNameTemplate template) {
        return metrics.metricInstance(template, tags);
    }

    /** A gauge read when reported: {@code value} gets the current time in milliseconds. */
    public synchronized <T> void gauge(MetricNameTemplate template, LongFunction<T> value) {
        MetricName name = name(template);
        metrics.addMetricIfAbsent(name, null, (Gauge<T>) (config, now) -> value.apply(now));
        gauges.add(name);
    }

    /** A gauge whose value never changes (a class name, a version). */
    public <T> void constant(MetricNameTemplate template, T value) {
        gauge(template, now -> value);
    }

    /** A sensor recorded at INFO level, the level Kafka Connect records every one of its own at. */
    public synchronized Sensor sensor(String name) {
        Sensor sensor = metrics.sensor(sensorPrefix + name, null, Long.MAX_VALUE, Sensor.RecordingLevel.INFO);
        sensorNames.add(sensor.name());
        return sensor;
    }

    /** The current value of this group's metric {@code name} (tests, the console); NaN when there is none. */
    public double value(String name) {
        var metric = metrics.metrics().get(metrics.metricName(name, group, "", tags));
        return metric == null || !(metric.metricValue() instanceof Number number) ? Double.NaN
                : number.doubleValue();
    }

    /** Removes every sensor and gauge of this group; the group may be filled again afterwards. */
    @Override
    public synchronized void close() {
        sensorNames.forEach(metrics::removeSensor);
        sensorNames.clear();
        gauges.forEach(metrics::removeMetric);
        gauges.clear();
    }

    /** Removes whatever a previous instance of the same group left (a task restarted before its old one closed). */
    synchronized void removeLeftovers() {
        List<MetricName> leftovers = metrics.metrics().keySet().stream()
                .filter(name -> name.group().equals(group) && name.tags().equals(tags)).toList();
        leftovers.forEach(metrics::removeMetric);
    }
}
