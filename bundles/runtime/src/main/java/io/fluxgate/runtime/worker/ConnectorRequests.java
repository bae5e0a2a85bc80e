package io.fluxgate.runtime.worker;

/** What a running connector may ask of the control plane. */
@FunctionalInterface
public interface ConnectorRequests {

    /** The connector's task configurations changed: the herder generates them again and restarts its tasks. */
    void requestTaskReconfiguration(String connector);
}
