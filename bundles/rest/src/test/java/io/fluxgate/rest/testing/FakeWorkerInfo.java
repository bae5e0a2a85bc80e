package io.fluxgate.rest.testing;

import java.util.Optional;

import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.api.worker.WorkerInfo;

/** A worker whose cluster id and health the test sets. */
public final class FakeWorkerInfo implements WorkerInfo {

    private volatile String clusterId;
    private volatile WorkerHealth health = WorkerHealth.starting();

    public FakeWorkerInfo clusterId(String id) {
        this.clusterId = id;
        return this;
    }

    public FakeWorkerInfo health(WorkerHealth health) {
        this.health = health;
        return this;
    }

    @Override
    public Optional<String> kafkaClusterId() {
        return Optional.ofNullable(clusterId);
    }

    @Override
    public WorkerHealth health() {
        return health;
    }
}
