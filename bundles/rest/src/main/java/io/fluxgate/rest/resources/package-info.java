/**
 * The JAX-RS resources of Kafka Connect's REST API. A resource only translates HTTP into calls on the platform's
 * services and their answers into {@link io.fluxgate.rest.entities entities}; it receives those services through its
 * constructor, as suppliers when the service may come and go. Register a new resource in
 * {@link io.fluxgate.rest.ConnectRestApi}.
 */
package io.fluxgate.rest.resources;
