package io.fluxgate.api.herder;

/** The state a user asked a connector to be in; {@code initial_state} on create is RUNNING, PAUSED or STOPPED. */
public enum TargetState {
    STARTED, PAUSED, STOPPED
}
