/**
 * The JSON bodies of Kafka Connect's REST API, field for field: clients written for Kafka Connect read them, some
 * strictly, so a field is added, renamed or omitted only where Kafka does the same.
 * {@link io.fluxgate.rest.entities.Json} holds the one Jackson configuration they are written and read with.
 */
package io.fluxgate.rest.entities;
