package io.fluxgate.runtime.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A connector instance asked to stop, as {@link InstanceStops} waits for it. */
record StoppingConnector(String connector, WorkerConnector instance) implements InstanceStops.Stopping {

    /** Worker's logger, as these lines came from the worker before. */
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    @Override
    public PluginThreads threads() {
        return instance.threads();
    }

    @Override
    public boolean awaitStop(long timeoutMs) {
        return instance.awaitShutdown(timeoutMs);
    }

    @Override
    public void abandon() {
        instance.cancel();
    }

    @Override
    public void gaveUp() {
        LOG.error("{} failed to properly shut down, has become unresponsive, and may be consuming external "
                + "resources. Correct the configuration for this connector or remove the connector. After "
                + "fixing the connector, it may be necessary to restart this worker to release any consumed "
                + "resources.", instance);
    }
}
