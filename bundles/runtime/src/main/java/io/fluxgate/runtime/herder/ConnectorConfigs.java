package io.fluxgate.runtime.herder;

import java.util.List;
import java.util.Optional;

/**
 * What should run, as the herder answers from it: each connector's {@link ConnectorEntry}. In memory in standalone
 * mode ({@link MemoryConnectorConfigs}), the config topic's latest snapshot in distributed mode.
 */
public interface ConnectorConfigs {

    /** The connectors, sorted. */
    List<String> names();

    Optional<ConnectorEntry> get(String connector);
}
