package io.fluxgate.api.worker;

import java.util.Objects;

/** The worker's health, in the three states Kafka Connect's {@code GET /health} distinguishes. */
public record WorkerHealth(Status status, String message) {

    public enum Status {
        /** Start-up is not complete: {@code GET /health} answers 503. */
        STARTING,
        /** Ready to handle requests: 200. */
        HEALTHY,
        /** Started, but cannot serve: 500. */
        UNHEALTHY
    }

    public WorkerHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static WorkerHealth starting() {
        return new WorkerHealth(Status.STARTING, "Worker is still starting up.");
    }

    public static WorkerHealth healthy() {
        return new WorkerHealth(Status.HEALTHY, "Worker has completed startup and is ready to handle requests.");
    }

    public static WorkerHealth unhealthy(String why) {
        return new WorkerHealth(Status.UNHEALTHY, why);
    }
}
