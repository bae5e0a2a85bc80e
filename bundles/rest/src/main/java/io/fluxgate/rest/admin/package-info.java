/**
 * Kafka Connect's admin endpoints: {@code /admin/loggers}, over the launcher's
 * {@link io.fluxgate.boot.logging.LoggerLevels} service.
 */
package io.fluxgate.rest.admin;
