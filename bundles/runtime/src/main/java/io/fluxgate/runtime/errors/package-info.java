/**
 * Kafka Connect's error handling: retries with backoff, {@code errors.tolerance}, the error log and the sink dead
 * letter queue.
 */
package io.fluxgate.runtime.errors;
