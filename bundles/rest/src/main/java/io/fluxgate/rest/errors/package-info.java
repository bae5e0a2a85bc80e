/**
 * Exception mappers that turn every failed request into Kafka Connect's error body,
 * {@code {"error_code":<status>,"message":"..."}}, as Kafka's {@code ConnectExceptionMapper} does. Mappers for the
 * platform's own exceptions (unknown connector, rebalance in progress...) belong here too.
 */
package io.fluxgate.rest.errors;
