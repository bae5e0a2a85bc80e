/**
 * The HTTP server under the REST API: an embedded Jetty 12 running a Jersey application on the worker's listeners.
 * Knows nothing of Kafka Connect; what the API serves is the {@link org.glassfish.jersey.server.ResourceConfig} it is
 * given. Jetty, Jersey and Jackson are private to this bundle.
 */
package io.fluxgate.rest.server;
