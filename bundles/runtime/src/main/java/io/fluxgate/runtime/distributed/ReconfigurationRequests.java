package io.fluxgate.runtime.distributed;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.fluxgate.runtime.worker.ConnectorRequests;

/**
 * The connectors that asked for their tasks to be generated again since the herder thread last looked: collected from
 * any thread (a connector's {@code context().requestTaskReconfiguration()}, a start, a retry) and handed over in
 * request order, each connector once ({@link #drain()}); each request wakes the herder thread up.
 */
final class ReconfigurationRequests implements ConnectorRequests {

    private final Runnable wakeup;
    private final Set<String> pending = new LinkedHashSet<>();

    ReconfigurationRequests(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    @Override
    public void requestTaskReconfiguration(String connector) {
        synchronized (pending) {
            pending.add(connector);
        }
        wakeup.run();
    }

    /** The connectors asking, oldest request first; empties the set. */
    List<String> drain() {
        synchronized (pending) {
            List<String> drained = List.copyOf(pending);
            pending.clear();
            return drained;
        }
    }
}
