package io.fluxgate.runtime.herder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TaskInfo;
import io.fluxgate.runtime.worker.Worker;

/**
 * The herder's reads, the same in both modes: connectors, their configurations and tasks from
 * {@link ConnectorConfigs}, their states from a {@link StatusView}, each state with the version of the plugin it runs
 * (the running instance's on this worker, else the reported one, else the configured plugin's).
 */
public final class ConnectorReads {

    private final ConnectorConfigs configs;
    private final StatusView statuses;
    private final Worker worker;
    private final ConnectorPlugins plugins;
    private final String workerId;

    public ConnectorReads(ConnectorConfigs configs, StatusView statuses, Worker worker, ConnectorPlugins plugins,
            String workerId) {
        this.configs = configs;
        this.statuses = statuses;
        this.worker = worker;
        this.plugins = plugins;
        this.workerId = workerId;
    }

    public List<String> connectors() {
        return configs.names();
    }

    public ConnectorInfo connectorInfo(String connector) {
        ConnectorEntry entry = entry(connector);
        return new ConnectorInfo(connector, entry.config(), taskIds(connector, entry),
                plugins.type(entry.config()));
    }

    /**
     * The connector as it is now, or, when it was deleted meanwhile, as it was submitted (with no tasks): what a
     * request that created or changed it answers, as Kafka Connect answers it with the submitted configuration.
     */
    public ConnectorInfo connectorInfoOrSubmitted(String connector, Map<String, String> submitted) {
        return configs.get(connector).isPresent() ? connectorInfo(connector)
                : new ConnectorInfo(connector, submitted, List.of(), plugins.type(submitted));
    }

    public Map<String, String> connectorConfig(String connector) {
        return entry(connector).config();
    }

    public List<TaskInfo> taskConfigs(String connector) {
        ConnectorEntry entry = entry(connector);
        List<TaskInfo> result = new ArrayList<>();
        for (int i = 0; i < entry.taskConfigs().size(); i++) {
            result.add(new TaskInfo(new ConnectorTaskId(connector, i), entry.taskConfigs().get(i)));
        }
        return result;
    }

    public ConnectorStateInfo connectorStatus(String connector) {
        ConnectorEntry entry = configs.get(connector)
                .orElseThrow(() -> new HerderException(404, "No status found for connector " + connector));
        String version = plugins.version(entry.config());
        InstanceState reported = statuses.connector(connector)
                .orElse(new InstanceState(State.UNASSIGNED, workerId, null, null));
        InstanceState state = withVersion(reported,
                worker.connectorVersion(connector).orElse(orElse(reported.version(), version)));
        Map<Integer, InstanceState> tasks = new HashMap<>();
        statuses.tasks(connector).forEach((task, status) -> {
            if (task < entry.taskConfigs().size()) { // a status past the task count is left from before a change
                tasks.put(task, withVersion(status, worker.taskVersion(new ConnectorTaskId(connector, task))
                        .orElse(orElse(status.version(), version))));
            }
        });
        return new ConnectorStateInfo(connector, state, tasks, plugins.type(entry.config()));
    }

    public InstanceState taskStatus(ConnectorTaskId task) {
        InstanceState status = statuses.task(task)
                .orElseThrow(() -> new HerderException(404, "No status found for task " + task));
        return withVersion(status, worker.taskVersion(task).orElseGet(() -> orElse(status.version(),
                configs.get(task.connector()).map(e -> plugins.version(e.config())).orElse(null))));
    }

    /** The connector's entry, or 404. */
    public ConnectorEntry entry(String connector) {
        return configs.get(connector).orElseThrow(() -> HerderException.connectorNotFound(connector));
    }

    public static List<ConnectorTaskId> taskIds(String connector, ConnectorEntry entry) {
        List<ConnectorTaskId> ids = new ArrayList<>();
        for (int i = 0; i < entry.taskConfigs().size(); i++) {
            ids.add(new ConnectorTaskId(connector, i));
        }
        return ids;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static InstanceState withVersion(InstanceState state, String version) {
        return new InstanceState(state.state(), state.workerId(), state.trace(), version);
    }
}
