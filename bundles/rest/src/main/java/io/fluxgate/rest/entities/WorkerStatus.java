package io.fluxgate.rest.entities;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.fluxgate.api.worker.WorkerHealth;

/** {@code GET /health}: {@code status} is {@code starting}, {@code healthy} or {@code unhealthy}. */
public record WorkerStatus(@JsonProperty("status") String status, @JsonProperty("message") String message) {

    public static WorkerStatus of(WorkerHealth health) {
        return new WorkerStatus(health.status().name().toLowerCase(Locale.ROOT), health.message());
    }
}
