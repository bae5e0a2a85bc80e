package io.fluxgate.api.herder;

import java.util.Objects;

/**
 * The state of a connector instance or of one task: {@code {"state","worker_id","trace"?,"version"?}}.
 *
 * @param trace   the stack trace of a FAILED instance, else null
 * @param version the version of the plugin the instance runs, else null
 */
public record InstanceState(State state, String workerId, String trace, String version) {

    public InstanceState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(workerId, "workerId");
    }

    /** This state as shown in a restart plan: RESTARTING, the rest unchanged. */
    public InstanceState restarting() {
        return new InstanceState(State.RESTARTING, workerId, trace, version);
    }
}
