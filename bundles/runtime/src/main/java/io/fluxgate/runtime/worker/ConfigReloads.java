package io.fluxgate.runtime.worker;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * What the herder does when values a config provider resolved for an instance running here expire (the provider gave
 * them a time to live, and the connector's {@code config.action.reload} is {@code restart}, Kafka Connect's default):
 * it restarts that instance, which resolves them again. Called on a timer thread; the herder hands the work to its
 * own thread.
 */
public interface ConfigReloads {

    /** For a worker without a herder (tests): nothing is reloaded. */
    ConfigReloads NONE = new ConfigReloads() {
        @Override
        public void reloadConnector(String connector) {
        }

        @Override
        public void reloadTask(ConnectorTaskId task) {
        }
    };

    /** Restarts the connector instance, if it still runs here. */
    void reloadConnector(String connector);

    /** Restarts the task, if it still runs here. */
    void reloadTask(ConnectorTaskId task);
}
