package io.fluxgate.rest.extensions;

import java.util.Collection;
import java.util.HashMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectClusterDetails;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.health.ConnectorHealth;
import org.apache.kafka.connect.health.ConnectorState;
import org.apache.kafka.connect.health.ConnectorType;
import org.apache.kafka.connect.health.TaskState;

import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.worker.WorkerInfo;

/**
 * The cluster as connect-api shows it to REST extensions, read from the herder on each call. Before the worker is
 * there, calls fail with a {@link ConnectException}, as Kafka Connect's fail when its herder cannot answer.
 */
final class HerderClusterState implements ConnectClusterState {

    private final Supplier<Optional<Herder>> herder;
    private final Supplier<Optional<WorkerInfo>> worker;

    HerderClusterState(Supplier<Optional<Herder>> herder, Supplier<Optional<WorkerInfo>> worker) {
        this.herder = herder;
        this.worker = worker;
    }

    @Override
    public Collection<String> connectors() {
        return herder().connectors();
    }

    @Override
    public ConnectorHealth connectorHealth(String connName) {
        ConnectorStateInfo status;
        try {
            status = herder().connectorStatus(connName);
        } catch (HerderException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        InstanceState connector = status.connector();
        Map<Integer, TaskState> tasks = new HashMap<>();
        status.tasks().forEach((id, task) -> tasks.put(id,
                new TaskState(id, task.state().name(), task.workerId(), task.trace())));
        return new ConnectorHealth(connName,
                new ConnectorState(connector.state().name(), connector.workerId(), connector.trace()), tasks,
                ConnectorType.valueOf(status.type().name()));
    }

    @Override
    public Map<String, String> connectorConfig(String connName) {
        try {
            return Collections.unmodifiableMap(new LinkedHashMap<>(herder().connectorConfig(connName)));
        } catch (HerderException e) {
            throw new ConnectException(e.getMessage(), e);
        }
    }

    @Override
    public ConnectClusterDetails clusterDetails() {
        String clusterId = worker.get().flatMap(WorkerInfo::kafkaClusterId).orElse(null);
        return () -> clusterId;
    }

    private Herder herder() {
        return herder.get().orElseThrow(() -> new ConnectException("Worker is still starting up."));
    }
}
