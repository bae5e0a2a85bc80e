/**
 * KIP-875: reading, altering and resetting a connector's offsets from outside, as Kafka Connect's worker does: a source
 * connector's in the worker's offset store, a sink connector's in its consumer group. The herder checks that the
 * connector is stopped; this package does the work, for either mode.
 */
package io.fluxgate.runtime.offsets;
