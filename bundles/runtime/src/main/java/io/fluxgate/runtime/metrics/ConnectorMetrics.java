package io.fluxgate.runtime.metrics;

import java.util.Locale;
import java.util.function.IntSupplier;

import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.metrics.ConnectMetricNames.Connector;
import io.fluxgate.runtime.status.StatusListener;

/**
 * One connector instance's {@code connector-metrics}: its class, type, version and status, the status following what
 * the instance reports to its listener, as in Kafka Connect. Removed when the instance is.
 */
public final class ConnectorMetrics implements AutoCloseable {

    private final MetricGroup group;
    private volatile State state = State.UNASSIGNED;

    /**
     * @param type {@code source} or {@code sink}
     */
    public ConnectorMetrics(WorkerMetrics metrics, String connector, String connectorClass, String type,
            String version) {
        this.group = metrics.group(Connector.GROUP, ConnectMetricNames.CONNECTOR_TAG, connector);
        group.removeLeftovers();
        group.constant(Connector.CONNECTOR_TYPE, type);
        group.constant(Connector.CONNECTOR_CLASS, connectorClass);
        group.constant(Connector.CONNECTOR_VERSION, version);
        group.gauge(Connector.STATUS, now -> state.name().toLowerCase(Locale.ROOT));
    }

    /** Reports, as {@code lingering-threads}, the threads the connector's stopped instances and tasks left running. */
    public void reportLingeringThreads(IntSupplier count) {
        group.gauge(Connector.LINGERING_THREADS, now -> (double) count.getAsInt());
    }

    /** {@code listener}, telling these metrics each state first. */
    public StatusListener<String> tracking(StatusListener<String> listener) {
        return new StateReporting<>(listener, newState -> state = newState);
    }

    @Override
    public void close() {
        group.close();
    }
}
