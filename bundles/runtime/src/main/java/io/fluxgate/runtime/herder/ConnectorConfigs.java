package io.fluxgate.runtime.herder;

import java.util.List;
import java.util.Optional;

/**
 * What should run, as the herder answers from it: each connector's {@link ConfigStore.Entry}. In memory in standalone
 * mode ({@link ConfigStore}), the config topic's latest snapshot in distributed mode.
 */
public interface ConnectorConfigs {

    /** The connectors, sorted. */
    List<String> names();

    Optional<ConfigStore.Entry> get(String connector);
}
