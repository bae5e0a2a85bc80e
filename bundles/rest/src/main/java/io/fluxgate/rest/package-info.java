/**
 * The REST bundle's component: it serves {@link io.fluxgate.rest.ConnectRestApi Kafka Connect's REST API} on the
 * worker's {@code listeners} for as long as the worker configuration is there. Private: the bundle exports nothing.
 */
package io.fluxgate.rest;
