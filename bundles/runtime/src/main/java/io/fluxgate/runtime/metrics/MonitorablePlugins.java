package io.fluxgate.runtime.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * KIP-877 for a task's converters, transformations and predicates: each one that implements {@link Monitorable} is
 * handed its own metrics in Kafka's {@code plugins} group, tagged as Apache's {@code ConnectMetrics.wrap} tags them
 * ({@code connector}, {@code task}, then {@code converter=key|value|header}, {@code transformation=<alias>} or
 * {@code predicate=<alias>}). Closing removes them, with the task's other metrics.
 */
public final class MonitorablePlugins implements AutoCloseable {

    private final WorkerMetrics metrics;
    private final ConnectorTaskId id;
    private final List<PluginMetricsImpl> handedOut = new ArrayList<>();

    public MonitorablePlugins(WorkerMetrics metrics, ConnectorTaskId id) {
        this.metrics = metrics;
        this.id = id;
    }

    /** Hands {@code plugin} its metrics if it is {@link Monitorable}; {@code role} is e.g. converter=key. */
    public synchronized void offer(Object plugin, String roleTag, String roleValue) {
        if (!(plugin instanceof Monitorable monitorable)) {
            return;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", id.connector());
        tags.put("task", Integer.toString(id.task()));
        tags.put(roleTag, roleValue);
        PluginMetricsImpl pluginMetrics = metrics.pluginMetrics(tags);
        handedOut.add(pluginMetrics);
        try (LoaderSwap swap = LoaderSwap.to(plugin.getClass().getClassLoader())) {
            monitorable.withPluginMetrics(pluginMetrics);
        }
    }

    /** Removes them; again does nothing (the task's thread and the worker may both close them). */
    @Override
    public synchronized void close() {
        // PluginMetricsImpl.close() declares IOException but only removes metrics from the registry.
        for (PluginMetricsImpl pluginMetrics : handedOut) {
            try {
                pluginMetrics.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        handedOut.clear();
    }
}
