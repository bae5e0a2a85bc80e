/**
 * The stores of a distributed worker on Kafka Connect's internal topics, opened through the
 * {@link io.fluxgate.api.storage.DistributedStoreFactory} service. Private to the bundle.
 */
package io.fluxgate.storage;
