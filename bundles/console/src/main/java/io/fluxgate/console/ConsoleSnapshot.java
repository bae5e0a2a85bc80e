package io.fluxgate.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * What the Fluxgate page shows, read at one moment from the herder (connectors and tasks, as {@code GET
 * /connectors?expand=status} would), the plugin registry (installed plugins and the files left aside) and the
 * connectors' metrics (for the connectors the herder lists only). Connector configurations are not part of it: they
 * may hold secrets; only the connector class is shown.
 *
 * @param herderReady false while no herder is registered (the worker is starting or stopping)
 */
record ConsoleSnapshot(boolean herderReady, List<Connector> connectors, List<PluginDescriptor> plugins,
        List<PluginProblem> problems) {

    /** Kafka Connect's connector setting naming the plugin. */
    static final String CONNECTOR_CLASS = "connector.class";

    record Connector(String name, String state, String type, String plugin, String version, String workerId,
            String trace, List<Task> tasks, ConnectorMetricsSample metrics) {
    }

    record Task(int id, String state, String workerId, String trace) {
        /**
         * A RUNNING task with a trace is stalled: Fluxgate reports what it is stuck in as the trace of its RUNNING
         * status (docs/bulkheads.md), where Kafka Connect reports a trace for failures only; so is an UNASSIGNED task
         * with a trace, stalled in its plugin's start() before it ever ran.
         */
        boolean stalled() {
            return ("RUNNING".equals(state) || "UNASSIGNED".equals(state)) && trace != null && !trace.isEmpty();
        }
    }

    /**
     * Reads both services; either may be null. A connector deleted while it is read is left out; one without
     * {@code metrics} has {@link ConnectorMetricsSample#NONE}.
     */
    static ConsoleSnapshot read(Herder herder, PluginRegistry registry, Map<String, ConnectorMetricsSample> metrics) {
        List<Connector> connectors = new ArrayList<>();
        if (herder != null) {
            for (String name : herder.connectors().stream().sorted().toList()) {
                try {
                    connectors.add(connector(herder, name, metrics.getOrDefault(name, ConnectorMetricsSample.NONE)));
                } catch (HerderException e) {
                    // gone meanwhile, or not known to this worker yet
                }
            }
        }
        List<PluginDescriptor> plugins = registry == null ? List.of() : registry.plugins().stream()
                .sorted(Comparator.comparing(PluginDescriptor::type).thenComparing(PluginDescriptor::className)
                        .thenComparing(PluginDescriptor::version))
                .toList();
        List<PluginProblem> problems = registry == null ? List.of() : List.copyOf(registry.problems());
        return new ConsoleSnapshot(herder != null, connectors, plugins, problems);
    }

    private static Connector connector(Herder herder, String name, ConnectorMetricsSample metrics) {
        ConnectorStateInfo status = herder.connectorStatus(name);
        ConnectorInfo info = herder.connectorInfo(name);
        Map<String, String> config = info.config();
        InstanceState state = status.connector();
        List<Task> tasks = new ArrayList<>();
        for (Integer id : status.taskIds()) {
            InstanceState task = status.tasks().get(id);
            tasks.add(new Task(id, task.state().name(), task.workerId(), task.trace()));
        }
        return new Connector(name, state.state().name(), status.type().restName(),
                config.getOrDefault(CONNECTOR_CLASS, ""), state.version(), state.workerId(),
                state.trace(), tasks, metrics);
    }
}
