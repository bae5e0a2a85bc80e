package io.fluxgate.runtime.distributed;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.worker.ConfigReloads;

/**
 * Restarts what this worker runs when the values its config providers gave expire
 * ({@code config.action.reload=restart}): on the herder thread, if the connector or task is still owned here. Each
 * worker restarts its own work, without the leader.
 */
final class OwnedWorkReloads implements ConfigReloads {

    private final HerderQueue queue;
    private final AssignedWork work;
    private final ConfigStore configs;

    OwnedWorkReloads(HerderQueue queue, AssignedWork work, ConfigStore configs) {
        this.queue = queue;
        this.work = work;
        this.configs = configs;
    }

    @Override
    public void reloadConnector(String connector) {
        queue.execute(() -> {
            if (work.ownsConnector(connector)) {
                work.restartConnector(connector, configs.snapshot());
            }
        });
    }

    @Override
    public void reloadTask(ConnectorTaskId task) {
        queue.execute(() -> {
            if (work.ownsTask(task)) {
                work.restartTask(task, configs.snapshot());
            }
        });
    }
}
