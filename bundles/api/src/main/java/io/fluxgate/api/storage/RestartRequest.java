package io.fluxgate.api.storage;

import java.util.Objects;

/**
 * A request to restart a connector and, with {@code includeTasks}, its tasks; with {@code onlyFailed}, only those that
 * failed ({@code POST /connectors/{c}/restart?includeTasks=&onlyFailed=}, KIP-745). The leader writes it to the config
 * topic; the workers running the connector or its tasks act on it.
 */
public record RestartRequest(String connector, boolean onlyFailed, boolean includeTasks) {

    public RestartRequest {
        Objects.requireNonNull(connector, "connector");
    }
}
