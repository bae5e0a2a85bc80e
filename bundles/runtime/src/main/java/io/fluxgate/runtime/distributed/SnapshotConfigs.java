package io.fluxgate.runtime.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.runtime.herder.ConnectorConfigs;
import io.fluxgate.runtime.herder.ConnectorEntry;

/** The config topic as read so far, seen as the herder core's {@link ConnectorConfigs}. */
final class SnapshotConfigs implements ConnectorConfigs {

    private final ConfigStore store;

    SnapshotConfigs(ConfigStore store) {
        this.store = store;
    }

    @Override
    public List<String> names() {
        return List.copyOf(store.snapshot().connectors());
    }

    @Override
    public Optional<ConnectorEntry> get(String connector) {
        return entry(store.snapshot(), connector);
    }

    static Optional<ConnectorEntry> entry(ConfigSnapshot snapshot, String connector) {
        Map<String, String> config = snapshot.connectorConfig(connector);
        if (config == null) {
            return Optional.empty();
        }
        List<Map<String, String>> tasks = new ArrayList<>();
        for (ConnectorTaskId task : snapshot.tasks(connector)) {
            Map<String, String> taskConfig = snapshot.taskConfig(task);
            tasks.add(taskConfig == null ? Map.of() : taskConfig);
        }
        return Optional.of(new ConnectorEntry(config, snapshot.targetState(connector), tasks,
                snapshot.appliedConfig(connector)));
    }
}
