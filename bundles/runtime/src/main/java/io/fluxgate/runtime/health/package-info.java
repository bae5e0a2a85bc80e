/**
 * What the worker tells of itself (the {@code WorkerInfo} service): the id of the Kafka cluster it serves, and
 * whether it is healthy, once that cluster has answered.
 */
package io.fluxgate.runtime.health;
