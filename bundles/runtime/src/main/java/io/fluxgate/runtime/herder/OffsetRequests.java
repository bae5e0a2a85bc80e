package io.fluxgate.runtime.herder;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.TargetState;

/**
 * The herder's side of KIP-875: offsets may only be changed while nothing runs for the connector, which its target
 * state and task count tell.
 */
public final class OffsetRequests {

    private OffsetRequests() {
    }

    /** Refuses, with Kafka Connect's 400 message, unless the connector is STOPPED and has no tasks. */
    public static void requireStopped(String connector, ConnectorEntry entry) {
        if (entry.targetState() != TargetState.STOPPED || !entry.taskConfigs().isEmpty()) {
            throw new HerderException(400, "Connectors must be in the STOPPED state before their offsets can be "
                    + "modified. This can be done for the specified connector by issuing a 'PUT' request to the "
                    + "'/connectors/" + connector + "/stop' endpoint");
        }
    }
}
