package io.fluxgate.rest.entities;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of every 4xx and 5xx answer, as Kafka Connect writes it. */
public record ErrorMessage(@JsonProperty("error_code") int errorCode, @JsonProperty("message") String message) {
}
