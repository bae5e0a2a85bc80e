package io.fluxgate.api.storage;

import java.util.Objects;

import io.fluxgate.api.herder.State;

/**
 * A connector instance's state as its worker reported it.
 *
 * @param trace      the stack trace of a FAILED instance, else null
 * @param workerId   the reporting worker ({@code host:port} of its REST API)
 * @param generation the group generation in which the worker reported it: a report from an older generation does
 *                   not override a newer one ({@link StatusStore#putSafe(ConnectorStatus)})
 * @param version    the version of the plugin the instance runs, else null
 */
public record ConnectorStatus(String connector, State state, String trace, String workerId, int generation,
        String version) {

    public ConnectorStatus {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(workerId, "workerId");
    }
}
