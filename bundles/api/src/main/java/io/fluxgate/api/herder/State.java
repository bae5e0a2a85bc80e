package io.fluxgate.api.herder;

/** The state of a connector or task instance, as Kafka Connect reports it. */
public enum State {
    UNASSIGNED, RUNNING, PAUSED, FAILED, RESTARTING, STOPPED
}
