package io.fluxgate.rest.entities;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /}: the Kafka Connect version whose API is served, its commit and the Kafka cluster the worker serves.
 * {@code kafka_cluster_id} is written even when null, as Kafka does.
 */
public record ServerInfo(
        @JsonProperty("version") String version,
        @JsonProperty("commit") String commit,
        @JsonProperty("kafka_cluster_id") String kafkaClusterId) {
}
