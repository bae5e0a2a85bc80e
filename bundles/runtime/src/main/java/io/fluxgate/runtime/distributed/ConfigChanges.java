package io.fluxgate.runtime.distributed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.RestartRequest;

/**
 * What the config topic brought since the herder thread last looked, collected on the store's reading thread and
 * handed over in topic order ({@link #drain()}); each record wakes the herder thread up.
 */
final class ConfigChanges implements ConfigListener {

    /** One record's meaning for the work of this worker. */
    sealed interface Change {
    }

    record ConnectorUpdated(String connector) implements Change {
    }

    record ConnectorRemoved(String connector) implements Change {
    }

    record TargetStateChanged(String connector) implements Change {
    }

    record TasksCommitted(String connector, List<ConnectorTaskId> tasks) implements Change {
    }

    record RestartRequested(RestartRequest request) implements Change {
    }

    private final Runnable wakeup;
    private final List<Change> changes = new ArrayList<>();

    ConfigChanges(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    synchronized List<Change> drain() {
        List<Change> drained = List.copyOf(changes);
        changes.clear();
        return drained;
    }

    private void add(Change change) {
        synchronized (this) {
            changes.add(change);
        }
        wakeup.run();
    }

    @Override
    public void connectorConfigUpdated(String connector) {
        add(new ConnectorUpdated(connector));
    }

    @Override
    public void connectorConfigRemoved(String connector) {
        add(new ConnectorRemoved(connector));
    }

    @Override
    public void targetStateChanged(String connector) {
        add(new TargetStateChanged(connector));
    }

    @Override
    public void taskConfigsCommitted(String connector, Collection<ConnectorTaskId> tasks) {
        add(new TasksCommitted(connector, List.copyOf(tasks)));
    }

    @Override
    public void restartRequested(RestartRequest request) {
        add(new RestartRequested(request));
    }
}
