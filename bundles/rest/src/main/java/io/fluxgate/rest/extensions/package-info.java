/**
 * Kafka Connect's REST extensions ({@code rest.extension.classes}, {@code ConnectRestExtension} from connect-api):
 * loaded, configured with the worker configuration and registered on the Jersey application before it starts, closed
 * when the server stops, as Kafka Connect does. Their JAX-RS types are the system bundle's, the same ones this bundle's
 * Jersey and connect-api use.
 */
package io.fluxgate.rest.extensions;
